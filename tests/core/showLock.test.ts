import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SHOW_ID } from '../../core/demoShow.js';
import { PortInUseError } from '../../core/server.js';
import { LOCK_FILE, lockShowFolder, ShowFolderLockedError } from '../../core/showLock.js';
import type { StateResponse } from '../../shared/protocol.js';
import { journalText, startTestCore, tempDir } from './harness.js';
import type { Served } from './serveProcess.js';
import { serve, spawnServe } from './serveProcess.js';

const children: ChildProcess[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function dataDir(): string {
  const data = tempDir('showcaller-lock-');
  cleanups.push(data.remove);
  return data.dir;
}

const showDirOf = (dir: string) => path.join(dir, 'shows', DEMO_SHOW_ID);

/** Every file of the show folder with its bytes. */
function folderBytes(dir: string): Record<string, string> {
  const showDir = showDirOf(dir);
  return Object.fromEntries(
    readdirSync(showDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(showDir, file), readFileSync(file, 'base64')];
      }),
  );
}

/** `serve` expected to refuse: its exit code and what it printed on stderr. */
function serveRefused(dir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawnServe(dir, ['--port', '0', '--host', '127.0.0.1', '--no-qr', '--no-obs', '--no-chat']);
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

/** POST /api/commands as the producer. */
async function post(served: Served, body: unknown): Promise<unknown> {
  const res = await fetch(`${served.url}/api/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${served.tokens.producer}` },
    body: JSON.stringify(body),
  });
  return res.json();
}

async function stateOf(url: string, token: string): Promise<StateResponse> {
  const res = await fetch(`${url}/api/state`, { headers: { authorization: `Bearer ${token}` } });
  return (await res.json()) as StateResponse;
}

describe('one core per show folder', () => {
  it('refuses a second serve on the same data folder and changes nothing in it', async () => {
    const dir = dataDir();
    const first = await serve(dir, ['--no-obs', '--no-chat']);
    children.push(first.child);
    const before = folderBytes(dir);
    expect(Object.keys(before)).toContain(LOCK_FILE);

    const second = await serveRefused(dir);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stderr).toContain(showDirOf(dir));
    expect(second.stderr).toContain('another --data-dir');
    expect(folderBytes(dir)).toEqual(before);

    // The first core still runs the show, and its journal has one record per seq.
    expect(await post(first, { type: 'nextSegment' })).toMatchObject({ ok: true, seq: 2 });
    const seqs = journalText(dir, DEMO_SHOW_ID)
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { seq: number }).seq);
    expect(seqs).toEqual([1, 2]);
  });

  it('takes over the lock a core killed with kill -9 left, with the show intact', async () => {
    const dir = dataDir();
    const first = await serve(dir, ['--no-obs', '--no-chat']);
    children.push(first.child);
    expect(await post(first, { type: 'nextSegment' })).toMatchObject({ ok: true, seq: 2 });
    const before = await stateOf(first.url, first.tokens.viewer!);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(path.join(showDirOf(dir), LOCK_FILE))).toBe(true);

    const restarted = await serve(dir, ['--no-obs', '--no-chat']);
    children.push(restarted.child);
    expect(restarted.output.join('\n')).toMatch(
      new RegExp(
        `lock .*${LOCK_FILE} is stale \\(left by pid ${first.child.pid}\\b.*not running\\): taking it over`,
      ),
    );
    expect(restarted.tokens).toEqual(first.tokens);
    const after = await stateOf(restarted.url, restarted.tokens.viewer!);
    expect(after.seq).toBe(before.seq);
    expect(after.state).toEqual(before.state);
    const lock = JSON.parse(readFileSync(path.join(showDirOf(dir), LOCK_FILE), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(restarted.child.pid);
  });

  it('refuses a second open inside one process until the first closes', async () => {
    const dir = dataDir();
    const first = await startTestCore(dir);
    const journal = journalText(dir, DEMO_SHOW_ID);
    const before = folderBytes(dir);
    await expect(startTestCore(dir)).rejects.toThrow(
      `the show folder ${showDirOf(dir)} is in use: this process (pid ${process.pid}) already has it open`,
    );
    expect(folderBytes(dir)).toEqual(before);
    await first.close();
    expect(existsSync(path.join(showDirOf(dir), LOCK_FILE))).toBe(false);

    const again = await startTestCore(dir);
    try {
      expect(journalText(dir, DEMO_SHOW_ID)).toBe(journal);
      expect(again.tokens).toEqual(first.tokens);
    } finally {
      await again.close();
    }
  });

  it.each([
    ['garbage', 'not json {', 'not readable'],
    ['empty', '', 'empty'],
    ['a stranger', JSON.stringify({ pid: 'x' }), 'not readable'],
  ])('takes a %s lock file as stale', async (_name, text, reason) => {
    const dir = dataDir();
    mkdirSync(showDirOf(dir), { recursive: true });
    writeFileSync(path.join(showDirOf(dir), LOCK_FILE), text);
    const lines: string[] = [];
    const running = await startTestCore(dir, { log: (line) => lines.push(line) });
    try {
      expect(lines).toContainEqual(expect.stringContaining(`is stale (${reason}): taking it over`));
      const lock = JSON.parse(readFileSync(path.join(showDirOf(dir), LOCK_FILE), 'utf8')) as object;
      expect(lock).toMatchObject({ pid: process.pid, hostname: hostname() });
    } finally {
      await running.close();
    }
  });

  // pid 1 always runs; a lock from an earlier boot is stale whatever runs under its pid now.
  const earlierBoot: Array<[string, { uptimeS?: number; bootId?: string }]> = [
    ['an uptime above this boot’s', { uptimeS: 1e9 }],
  ];
  if (existsSync('/proc/sys/kernel/random/boot_id'))
    earlierBoot.push(['another boot id', { bootId: 'an-earlier-boot' }]);
  it.each(earlierBoot)(
    'takes over a lock from before the last boot (%s), though its pid now runs something else',
    async (_name, boot) => {
      const dir = dataDir();
      mkdirSync(showDirOf(dir), { recursive: true });
      const startedAt = new Date().toISOString();
      writeFileSync(
        path.join(showDirOf(dir), LOCK_FILE),
        JSON.stringify({ pid: 1, hostname: hostname(), startedAt, ...boot }),
      );
      const lines: string[] = [];
      const running = await startTestCore(dir, { log: (line) => lines.push(line) });
      try {
        expect(lines).toContainEqual(
          expect.stringContaining(`(left by pid 1 (since ${startedAt}) before this machine last booted)`),
        );
      } finally {
        await running.close();
      }
    },
  );

  it('refuses a live holder on this machine whatever its wall-clock start says', async () => {
    const dir = dataDir();
    mkdirSync(showDirOf(dir), { recursive: true });
    // A clock set by NTP after boot can make a live core's start look older than the boot.
    const lock = { pid: 1, hostname: hostname(), startedAt: '2001-01-01T10:00:00.000Z', uptimeS: 0 };
    writeFileSync(path.join(showDirOf(dir), LOCK_FILE), JSON.stringify(lock));
    await expect(startTestCore(dir)).rejects.toThrow('another Showcaller core (pid 1) has it open');
    expect(readdirSync(showDirOf(dir))).toEqual([LOCK_FILE]);
  });

  it('gives the folder to exactly one of two opens started together, and releases only its own lock', async () => {
    const dir = dataDir();
    const showDir = showDirOf(dir);
    mkdirSync(showDir, { recursive: true });
    const lines: string[] = [];
    const outcomes = await Promise.allSettled([
      lockShowFolder(showDir, (line) => lines.push(line)),
      lockShowFolder(showDir, (line) => lines.push(line)),
    ]);
    const taken = outcomes.filter((o) => o.status === 'fulfilled');
    expect(taken).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')?.reason).toBeInstanceOf(ShowFolderLockedError);
    // Another core took the folder over meanwhile (say, after judging ours stale): ours stays off it.
    const lockFile = path.join(showDir, LOCK_FILE);
    const theirs = JSON.stringify({ pid: 4242, hostname: hostname(), startedAt: new Date().toISOString() });
    writeFileSync(lockFile, theirs);
    await taken[0]!.value.release();
    expect(readFileSync(lockFile, 'utf8')).toBe(theirs);
    expect(lines).toContainEqual(expect.stringContaining("is no longer this core's; left as it is"));
    expect(readdirSync(showDir)).toEqual([LOCK_FILE]);
  });

  it("refuses a folder another machine's core holds, naming that machine", async () => {
    const dir = dataDir();
    mkdirSync(showDirOf(dir), { recursive: true });
    const lockFile = path.join(showDirOf(dir), LOCK_FILE);
    const other = `${hostname()}-other`;
    writeFileSync(
      lockFile,
      JSON.stringify({ pid: 4242, hostname: other, startedAt: '2026-01-01T10:00:00.000Z' }),
    );
    await expect(startTestCore(dir)).rejects.toThrow(
      `a Showcaller core on ${other} (pid 4242) has it open since 2026-01-01T10:00:00.000Z`,
    );
    expect(readdirSync(showDirOf(dir))).toEqual([LOCK_FILE]);
  });

  it('a busy port stops the start before the show folder is made', async () => {
    const dir = dataDir();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as { port: number };
      const started = startTestCore(dir, { port });
      await expect(started).rejects.toBeInstanceOf(PortInUseError);
      await expect(started).rejects.toThrow('another --data-dir');
      expect(existsSync(path.join(dir, 'shows'))).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
