import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateResponse } from '../../shared/protocol.js';
import { CrewClient, tempDir } from './harness.js';
import { serve } from './serveProcess.js';

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
        // Set below while the stream awaits; `as boolean` keeps TypeScript, which reads the
        // async IIFE's first steps inline, from taking it as false for good.
        let killed = false as boolean;
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
