import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthResponse } from '../../shared/protocol.js';
import { chooseCore, fetchHealth } from '../../shared/coreChoice.js';
import { CrewClient, tempDir } from './harness.js';
import { serve, servePrimaryAndBackup } from './serveProcess.js';

/**
 * A crew screen as the web UI runs it across a takeover: it knows every core of its join link,
 * picks one with the web UI's own chooseCore (the primary with the highest term), and when its
 * core goes away asks again until one answers.
 */
class FailoverScreen {
  client: CrewClient | null = null;
  origin: string | null = null;
  private stopped = false;

  constructor(
    private readonly cores: string[],
    private readonly token: string,
  ) {}

  async start(): Promise<this> {
    await this.join();
    return this;
  }

  private async join(): Promise<void> {
    while (!this.stopped) {
      // The web UI's own choice (shared/coreChoice.ts), run here in Node.
      const best = await chooseCore(this.cores, fetchHealth, this.cores[0]!);
      if (best.reachable) {
        const client = new CrewClient(best.origin, this.token);
        try {
          await client.ready();
          this.client = client;
          this.origin = best.origin;
          client.socket.on('disconnect', () => {
            if (this.client === client) this.client = null;
            void this.join();
          });
          return;
        } catch {
          client.close();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  close(): void {
    this.stopped = true;
    this.client?.close();
  }
}

const children: ChildProcess[] = [];
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('backup takeover with kill -9', () => {
  it('the primary dies mid-show; the promoted backup has everything and the crew is on it within 5 s', async () => {
    const dirA = tempDir('showcaller-takeover-a-');
    const dirB = tempDir('showcaller-takeover-b-');
    cleanups.push(dirA.remove, dirB.remove);
    const common = ['--no-obs', '--no-chat'];
    const started = await servePrimaryAndBackup({ primary: dirA.dir, backup: dirB.dir }, children, common);
    const { primary, backup, primaryUrl, backupUrl, primaryPort } = started;
    expect(backup.output.join('\n')).toMatch(/following the primary/);

    const cores = [primaryUrl, backupUrl];
    const producer = await new FailoverScreen(cores, primary.tokens.producer!).start();
    const mc = await new FailoverScreen(cores, primary.tokens.mc!).start();
    const moderator = await new FailoverScreen(cores, primary.tokens.moderator!).start();
    cleanups.push(
      () => producer.close(),
      () => mc.close(),
      () => moderator.close(),
    );
    expect([producer.origin, mc.origin, moderator.origin]).toEqual([primaryUrl, primaryUrl, primaryUrl]);

    // Mid-show: a talk live, its timer adjusted and paused, questions queued.
    const send = async (command: Record<string, unknown>) => {
      const result = await producer.client!.send(command);
      if (!result.ok) throw new Error(`${String(command.type)}: ${result.error}`);
      return result.seq;
    };
    await send({ type: 'startSegment', segmentId: 's003' });
    await send({ type: 'adjustTime', deltaMs: 90_000 });
    for (let i = 1; i <= 20; i++) {
      await moderator.client!.send({ type: 'addStaffQuestion', text: `Question ${i}?`, segmentId: 's003' });
    }
    const queued = Object.keys(producer.client!.replica.state!.feed.questions).slice(0, 5);
    for (const id of queued) await moderator.client!.send({ type: 'queueQuestion', questionId: id });
    const lastSeq = await send({ type: 'pauseTimer' });
    await producer.client!.until(lastSeq);
    const before = producer.client!.replica.state!;

    // Streamed: the backup holds the last acknowledged record.
    await expect
      .poll(async () => ((await (await fetch(`${backupUrl}/api/health`)).json()) as HealthResponse).seq, {
        timeout: 10_000,
      })
      .toBe(lastSeq);

    primary.child.kill('SIGKILL');
    await primary.exited;
    const promoted = await fetch(`${backupUrl}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${primary.tokens.backup}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'promote' }),
    });
    expect(promoted.status).toBe(200);

    // Every screen finds the new primary on its own within 5 s (the bound), with the show as it was.
    for (const screen of [producer, mc, moderator]) {
      await expect
        .poll(() => screen.origin === backupUrl && screen.client?.replica.state?.term, { timeout: 5_000 })
        .toBe(2);
    }
    const after = mc.client!.replica.state!;
    expect(after.live).toEqual(before.live);
    expect(after.term).toBe(2);
    expect(after.feed.questions).toEqual(before.feed.questions);
    expect(after.feed.queue).toEqual(queued);
    expect(after.segments).toEqual(before.segments);
    // Whoever promoted it holds show control, and the show goes on there.
    expect(after.control).toMatchObject({ role: 'backup', name: null });
    const resumed = await fetch(`${backupUrl}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${primary.tokens.backup}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'resumeTimer' }),
    });
    expect(resumed.status).toBe(200);

    // The old primary comes back: it learns of term 2 from its links' other core and refuses.
    const again = await serve(dirA.dir, [...common, '--advertise', backupUrl], primaryPort);
    children.push(again.child);
    await expect
      .poll(async () => ((await (await fetch(`${primaryUrl}/api/health`)).json()) as HealthResponse).mode, {
        timeout: 10_000,
      })
      .toBe('superseded');
    const refused = await fetch(`${primaryUrl}/api/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${primary.tokens.producer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'nextSegment' }),
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toBe(
      `this core was replaced by a promoted backup (term 2 at ${backupUrl}); its state is no longer the show's`,
    );
    // The screens stay with the new primary.
    expect([producer.origin, mc.origin, moderator.origin]).toEqual([backupUrl, backupUrl, backupUrl]);
  }, 90_000);
});
