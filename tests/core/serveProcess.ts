import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { freePort } from './harness.js';

export interface Served {
  child: ChildProcess;
  url: string;
  tokens: Record<string, string>;
  /** Every line it printed so far. */
  output: string[];
  exited: Promise<void>;
}

/** `npm run serve`'s entry point as a real child process, with these arguments after `--data-dir`. */
export function spawnServe(
  dataDir: string,
  args: string[],
): ChildProcess & { stdout: Readable; stderr: Readable } {
  return spawn(process.execPath, ['--import', 'tsx', 'core/cli.ts', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs `serve` as a real child process (so it can be killed with SIGKILL) and waits for its
 * join links and its "ready" line.
 */
export function serve(dataDir: string, extra: string[] = [], port = 0): Promise<Served> {
  const child = spawnServe(dataDir, ['--port', String(port), '--host', '127.0.0.1', '--no-qr', ...extra]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const tokens: Record<string, string> = {};
    const output: string[] = [];
    let url = '';
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      output.push(line);
      const link = /^(\w+): (http:\/\/[^/]+)\/#token=([^&\s]+)/.exec(line);
      if (link) {
        url = link[2]!;
        tokens[link[1]!] = decodeURIComponent(link[3]!);
      }
      if (line.startsWith('ready')) resolve({ child, url, tokens, output, exited });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

export interface PrimaryAndBackup {
  primary: Served;
  backup: Served;
  primaryUrl: string;
  backupUrl: string;
  primaryPort: number;
}

/**
 * A primary and a backup following it, as two `serve` processes that each know the other's
 * address (`--advertise`): a join link of either lists both. Each must know the other's port
 * before it starts, so the ports are picked first; another test can take a picked port in
 * between, so this tries again on "already in use". `children` gets every process started.
 */
export async function servePrimaryAndBackup(
  dirs: { primary: string; backup: string },
  children: ChildProcess[],
  common: string[] = ['--no-obs', '--no-chat'],
): Promise<PrimaryAndBackup> {
  const startBoth = async (): Promise<PrimaryAndBackup> => {
    const [primaryPort, backupPort] = [await freePort(), await freePort()];
    const primaryUrl = `http://127.0.0.1:${primaryPort}`;
    const backupUrl = `http://127.0.0.1:${backupPort}`;
    const primary = await serve(dirs.primary, [...common, '--advertise', backupUrl], primaryPort);
    children.push(primary.child);
    const backup = await serve(
      dirs.backup,
      [...common, '--advertise', primaryUrl, '--follow', primaryUrl, '--token', primary.tokens.backup!],
      backupPort,
    );
    children.push(backup.child);
    return { primary, backup, primaryUrl, backupUrl, primaryPort };
  };
  for (let attempt = 1; ; attempt++) {
    const started = children.length;
    try {
      return await startBoth();
    } catch (error) {
      if (attempt === 3 || !/already in use/.test(String(error))) throw error;
      for (const child of children.splice(started)) child.kill('SIGKILL');
    }
  }
}
