import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateResponse } from '../../shared/protocol.js';
import { CrewClient, tempDir } from './harness.js';

interface Served {
  child: ChildProcess;
  url: string;
  tokens: Record<string, string>;
  exited: Promise<void>;
}

/** Runs `npm run serve`'s entry point as a real child process and waits for its join links. */
function serve(dataDir: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'core/cli.ts', '--data-dir', dataDir, '--port', '0', '--host', '127.0.0.1'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const tokens: Record<string, string> = {};
    let url = '';
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const link = /^(\w+): (http:\/\/[^/]+)\/#token=([^&\s]+)/.exec(line);
      if (link) {
        url = link[2]!;
        tokens[link[1]!] = decodeURIComponent(link[3]!);
      }
      if (line.startsWith('ready')) resolve({ child, url, tokens, exited });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('crash safety: kill -9 of `serve` mid-show', () => {
  it('restores every acknowledged command, the live segment and its timer exactly', async () => {
    const data = tempDir('showcaller-crash-');
    try {
      // Three crashes at different moments, each while commands are streaming in.
      for (const [round, killAfterMs] of [
        [1, 150 + Math.random() * 400],
        [2, 50 + Math.random() * 300],
        [3, 300 + Math.random() * 500],
      ] as const) {
        const served = await serve(data.dir);
        children.push(served.child);
        const producer = new CrewClient(served.url, served.tokens.producer!);
        await producer.ready();
        if (round === 1)
          expect((await producer.send({ type: 'startSegment', segmentId: 's005' })).ok).toBe(true);
        const timerBefore = producer.replica.state!.live.timer;
        const addedBefore = timerBefore!.addedMs;

        let acked = 0;
        let sent = 0;
        let lastAckedSeq = 0;
        let killed = false;
        const stream = (async () => {
          while (!killed) {
            sent += 1;
            const result = await producer.send({ type: 'adjustTime', deltaMs: 1000 }).catch(() => null);
            if (result?.ok) {
              acked += 1;
              lastAckedSeq = result.seq;
            }
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        killed = true;
        served.child.kill('SIGKILL');
        await served.exited;
        producer.close();
        await stream;
        expect(acked).toBeGreaterThan(0);

        const restarted = await serve(data.dir);
        children.push(restarted.child);
        const res = await fetch(`${restarted.url}/api/state`, {
          headers: { authorization: `Bearer ${restarted.tokens.viewer}` },
        });
        const { state, seq } = (await res.json()) as StateResponse;
        const timer = state.live.timer!;
        expect(seq).toBeGreaterThanOrEqual(lastAckedSeq);
        // Every acknowledged +1 s is there; at most the ones still in flight were added too.
        expect(timer.addedMs - addedBefore).toBeGreaterThanOrEqual(acked * 1000);
        expect(timer.addedMs - addedBefore).toBeLessThanOrEqual(sent * 1000);
        expect(state.live.currentSegmentId).toBe('s005');
        expect(timer.startedAt).toBe(timerBefore!.startedAt);
        expect(restarted.tokens).toEqual(served.tokens);
        restarted.child.kill('SIGKILL');
        await restarted.exited;
      }
    } finally {
      data.remove();
    }
  }, 90_000);
});
