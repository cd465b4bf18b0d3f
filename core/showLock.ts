import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname, uptime } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { errCode, errMessage } from './journal/files.js';

/** In the show folder while a core has it open. */
export const LOCK_FILE = 'core.lock';

const LockContent = z.object({
  pid: z.number().int().positive(),
  hostname: z.string().min(1),
  startedAt: z.string(),
  /** This boot of the machine: Linux's boot_id where there is one (else absent). */
  bootId: z.string().optional(),
  /** os.uptime() when the lock was taken, s: an uptime now below it means the machine rebooted. */
  uptimeS: z.number().optional(),
});
type LockContent = z.infer<typeof LockContent>;

/** Linux's id of this boot; null elsewhere (the uptime check stands in). */
async function readBootId(): Promise<string | null> {
  try {
    return (await fs.readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim() || null;
  } catch {
    return null;
  }
}

/** Read once: it is the same for the whole life of the process. */
let bootIdOnce: Promise<string | null> | undefined;
const bootId = () => (bootIdOnce ??= readBootId());

/** The show folders this process holds: a second open inside one process is refused too. */
const held = new Map<string, LockContent>();

export class ShowFolderLockedError extends Error {
  constructor(
    readonly showDir: string,
    readonly holder: LockContent,
    sameProcess: boolean,
  ) {
    const who = sameProcess
      ? `this process (pid ${holder.pid}) already has it open`
      : holder.hostname === hostname()
        ? `another Showcaller core (pid ${holder.pid}) has it open`
        : `a Showcaller core on ${holder.hostname} (pid ${holder.pid}) has it open`;
    super(
      `the show folder ${showDir} is in use: ${who} since ${holder.startedAt}. ` +
        'Two cores on one folder would write the same journal. Stop that core, or use another --data-dir.' +
        (holder.hostname === hostname()
          ? ''
          : ` If that core is gone, delete ${path.join(showDir, LOCK_FILE)}.`),
    );
    this.name = 'ShowFolderLockedError';
  }
}

export interface ShowLock {
  readonly file: string;
  /** Removes the lock file; never throws (a failure is logged: the next start takes it over). */
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errCode(error) === 'EPERM';
  }
}

/** The lock file's text (null: there is none) and whether it is stale. */
async function judge(file: string): Promise<{ text: string | null; verdict: string | LockContent }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (errCode(error) === 'ENOENT') return { text: null, verdict: 'gone' };
    throw error;
  }
  return { text, verdict: await staleReason(text) };
}

/** Why the lock's text is stale, or its holder when that core still runs (or may: another machine's). */
async function staleReason(text: string): Promise<string | LockContent> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text.trim() === '' ? 'empty' : 'not readable';
  }
  const content = LockContent.safeParse(parsed);
  if (!content.success) return 'not readable';
  const holder = content.data;
  if (holder.hostname !== hostname()) return holder;
  // Our own pid but not in `held`: a holder in this process whose release could not remove it.
  if (holder.pid === process.pid) return `left by this process (pid ${holder.pid}), not held`;
  // After a crash and reboot, the pid may belong to some other program now: a holder from an
  // earlier boot is gone, whatever runs under its pid. Judged by the boot id, or by an uptime
  // below the holder's, never by wall-clock time (a clock set by NTP after boot would make a
  // live core's lock look older than the boot).
  const thisBoot = await bootId();
  const otherBootId = holder.bootId !== undefined && thisBoot !== null && holder.bootId !== thisBoot;
  const upLess = holder.uptimeS !== undefined && uptime() + 1 < holder.uptimeS;
  if (otherBootId || upLess)
    return `left by pid ${holder.pid} (since ${holder.startedAt}) before this machine last booted`;
  if (isAlive(holder.pid)) return holder;
  return `left by pid ${holder.pid} (since ${holder.startedAt}), which is not running`;
}

/**
 * Creates `file` with `text` in one exclusive step: a hard link to a finished temporary file, so
 * no other core ever reads it half written (an empty lock would look stale). A file system
 * without hard links (exFAT, FAT on a USB stick) falls back to an exclusive create, then the write.
 */
async function createExclusive(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await fs.writeFile(temp, text, { flag: 'wx' });
  try {
    await fs.link(temp, file);
    return;
  } catch (error) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errCode(error) ?? '')) throw error;
  } finally {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
  await fs.writeFile(file, text, { flag: 'wx' });
}

/**
 * Removes a stale lock only if it still holds the text judged stale: it is moved aside first, and
 * put back if another core replaced it in the meantime (two cores taking over one dead lock).
 */
async function removeIfUnchanged(file: string, judged: string): Promise<void> {
  const aside = `${file}.${process.pid}.${randomUUID()}.stale`;
  try {
    await fs.rename(file, aside);
  } catch (error) {
    if (errCode(error) === 'ENOENT') return;
    throw error;
  }
  try {
    if ((await fs.readFile(aside, 'utf8')) !== judged) await fs.link(aside, file).catch(() => undefined);
  } finally {
    await fs.rm(aside, { force: true }).catch(() => undefined);
  }
}

/**
 * Takes the show folder for this core: a `core.lock` file, created exclusively and whole, with
 * this process's pid, hostname, start time, boot id and uptime, before anything in the folder is
 * written. A lock whose pid is dead (a core killed with kill -9), from an earlier boot, or empty
 * or garbage, is stale and taken over at once; a live pid on this machine, or any lock from
 * another machine, refuses the start.
 * Not proper-lockfile: it detects stale locks by mtime (>= 2 s), which would delay every restart after a crash.
 */
export async function lockShowFolder(showDir: string, log: (line: string) => void): Promise<ShowLock> {
  const file = path.join(showDir, LOCK_FILE);
  const mine = held.get(file);
  if (mine) throw new ShowFolderLockedError(showDir, mine, true);
  const content: LockContent = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    uptimeS: uptime(),
  };
  // Claimed in this process before the first await, so a second call here is refused above.
  held.set(file, content);
  let text: string;
  try {
    const boot = await bootId();
    if (boot !== null) content.bootId = boot;
    text = `${JSON.stringify(content)}\n`;
    for (let attempt = 1; ; attempt++) {
      try {
        await createExclusive(file, text);
        break;
      } catch (error) {
        if (errCode(error) !== 'EEXIST' || attempt === 3) throw error;
      }
      const { text: found, verdict } = await judge(file);
      if (typeof verdict === 'object') throw new ShowFolderLockedError(showDir, verdict, false);
      if (found === null) continue;
      log(`show folder lock ${file} is stale (${verdict}): taking it over`);
      await removeIfUnchanged(file, found);
    }
  } catch (error) {
    held.delete(file);
    throw error;
  }
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      held.delete(file);
      try {
        // Only our own lock: if another core took the folder over meanwhile, its lock stays.
        if ((await fs.readFile(file, 'utf8')) === text) await fs.rm(file, { force: true });
        else log(`show folder lock ${file} is no longer this core's; left as it is`);
      } catch (error) {
        if (errCode(error) !== 'ENOENT')
          log(`could not remove the show folder lock ${file}: ${errMessage(error)}`);
      }
    },
  };
}
