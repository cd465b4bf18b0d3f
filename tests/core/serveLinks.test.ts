import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { parseJoinLink } from '../../shared/joinLink.js';
import { tempDir } from './harness.js';
import { spawnServe } from './serveProcess.js';

let data: ReturnType<typeof tempDir> | null = null;
afterEach(() => data?.remove());

/** Runs `npm run serve`'s entry point and collects what it prints until it is ready (or exits). */
function serve(args: string[]): Promise<{ lines: string[]; code: number | null; stderr: string }> {
  data = tempDir();
  const child = spawnServe(data.dir, ['--port', '0', '--no-obs', '--no-chat', ...args]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  return new Promise((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('ready')) child.kill('SIGTERM');
    });
    child.once('exit', (code) => resolve({ lines, code, stderr }));
  });
}

describe('serve prints join links', () => {
  it('prints a link and a QR code per role, with every core address and the advertised ones', async () => {
    const { lines } = await serve(['--host', '127.0.0.1', '--advertise', 'http://192.168.1.31:4747']);
    const links = new Map<string, string>();
    for (const line of lines) {
      const match = /^(producer|backup|mc|moderator|viewer): (http\S+)$/.exec(line);
      if (match) links.set(match[1]!, match[2]!);
    }
    expect([...links.keys()]).toEqual(['producer', 'backup', 'mc', 'moderator', 'viewer']);
    const tokens = new Set<string>();
    for (const link of links.values()) {
      const parsed = parseJoinLink(link);
      expect(parsed.cores).toEqual([
        expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        'http://192.168.1.31:4747',
      ]);
      tokens.add(parsed.token);
    }
    expect(tokens.size).toBe(5);
    // Small terminal QR codes are drawn with half blocks.
    expect(lines.filter((line) => /[▀▄█]/.test(line)).length).toBeGreaterThan(5 * 10);
  });

  it('prints links without QR codes with --no-qr', async () => {
    const { lines } = await serve(['--host', '127.0.0.1', '--no-qr']);
    expect(lines.some((line) => line.startsWith('mc: http://127.0.0.1:'))).toBe(true);
    expect(lines.some((line) => /[▀▄█]/.test(line))).toBe(false);
  });

  it('refuses a bad --advertise with the reason, before it starts', async () => {
    const { code, stderr, lines } = await serve(['--advertise', 'backup-laptop:4747']);
    expect(code).toBe(1);
    expect(stderr).toContain('"backup-laptop:4747" is not a core address: write it as http://HOST:PORT');
    expect(lines.some((line) => line.startsWith('ready'))).toBe(false);
  });
});
