import { promises as fs } from 'node:fs';
import { hostname, uptime } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** In the show folder while a core has it open. */
export const LOCK_FILE = 'core.lock';

const LockContent = z.object({
  pid: z.number().int().positive(),
  hostname: z.string().min(1),
  startedAt: z.string(),
});
type LockContent = z.infer<typeof LockContent>;

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
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the lock file is stale, or its holder when that core still runs (or may: another machine's). */
async function staleReason(file: string): Promise<string | LockContent> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
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
  // After a crash and reboot, the pid may belong to some other program now: a holder that
  // started before this machine booted is gone, whatever runs under its pid (5 s of slack for
  // the boot time's estimate; a reboot takes longer than that).
  const bootedAt = Date.now() - uptime() * 1000;
  if (Date.parse(holder.startedAt) < bootedAt - 5_000)
    return `left by pid ${holder.pid}, started ${holder.startedAt}, before this machine last booted`;
  if (isAlive(holder.pid)) return holder;
  return `left by pid ${holder.pid} (since ${holder.startedAt}), which is not running`;
}

/**
 * Takes the show folder for this core: a `core.lock` file created exclusively (`wx`) with this
 * process's pid, hostname and start time, before anything in the folder is written. A lock whose
 * pid is dead (a core killed with kill -9), or that is empty or garbage, is stale and taken over
 * at once; a live pid on this machine, or any lock from another machine, refuses the start.
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
  };
  for (let attempt = 1; ; attempt++) {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 3) throw error;
      const reason = await staleReason(file);
      if (typeof reason === 'object') throw new ShowFolderLockedError(showDir, reason, false);
      if (reason !== 'gone') {
        log(`show folder lock ${file} is stale (${reason}): taking it over`);
        await fs.rm(file, { force: true });
      }
      continue;
    }
    try {
      await handle.writeFile(`${JSON.stringify(content)}\n`, 'utf8');
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fs.rm(file, { force: true }).catch(() => undefined);
      throw error;
    }
    await handle.close();
    held.set(file, content);
    let released = false;
    return {
      file,
      async release() {
        if (released) return;
        released = true;
        held.delete(file);
        try {
          await fs.rm(file, { force: true });
        } catch (error) {
          log(`could not remove the show folder lock ${file}: ${(error as Error).message}`);
        }
      },
    };
  }
}
