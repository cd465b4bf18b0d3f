import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

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
