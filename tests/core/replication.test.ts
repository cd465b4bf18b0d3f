import { createHash } from 'node:crypto';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { ShowState } from '../../shared/model.js';
import type { CoreStatusMessage } from '../../shared/protocol.js';
import { io } from 'socket.io-client';
import { CrewClient, freePort, startTestCore, tempDir } from './harness.js';

const stateHash = (state: ShowState) => createHash('sha256').update(JSON.stringify(state)).digest('hex');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Each core's data folder, for tests that restart or copy one. */
const dataDirs = new Map<RunningCore, string>();

async function primary(): Promise<RunningCore> {
  const data = tempDir('showcaller-primary-');
  const running = await startTestCore(data.dir);
  dataDirs.set(running, data.dir);
  cleanups.push(
    () => data.remove(),
    () => running.close(),
  );
  return running;
}

async function backupOf(of: RunningCore, dir?: string): Promise<RunningCore> {
  const data = dir ? { dir, remove: () => undefined } : tempDir('showcaller-backup-');
  const running = await startTestCore(data.dir, { follow: { url: of.url, token: of.tokens.backup } });
  cleanups.push(
    () => data.remove(),
    () => running.close(),
  );
  return running;
}

/** `count` records through the command path, many in flight at once (group commits). */
async function drive(core: RunningCore, count: number, from = 0): Promise<void> {
  const batch = 200;
  for (let i = from; i < from + count; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, from + count - i) }, (_, j) => {
        const n = i + j;
        const command =
          n % 3 === 0
            ? { type: 'addStaffQuestion', text: `Filler question ${n}?`, segmentId: null }
            : { type: 'adjustTime', deltaMs: n % 2 === 0 ? 1000 : -1000 };
        return core.core.execute(command, 'producer').then((result) => {
          if (!result.ok) throw new Error(`command ${n}: ${result.error}`);
        });
      }),
    );
  }
}

async function caughtUp(backup: RunningCore, of: RunningCore, timeout = 30_000): Promise<void> {
  await expect.poll(() => backup.core.seq, { timeout }).toBe(of.core.seq);
}

describe('a backup following the primary', () => {
  it('replicates 10,000 records exactly (same state hash), joining mid-show and after a cut', async () => {
    const main = await primary();
    await main.core.execute({ type: 'startSegment', segmentId: 's002' }, 'producer');
    await drive(main, 4_000);
    // Joins late: everything so far comes from the primary's journal.
    const backup = await backupOf(main);
    await drive(main, 3_000, 4_000);
    main.replication.cutFollowers();
    await drive(main, 3_000, 7_000);
    await caughtUp(backup, main);
    expect(main.core.seq).toBeGreaterThan(10_000);
    expect(stateHash(backup.core.state)).toBe(stateHash(main.core.state));
    expect(backup.core.state.feed.questions).toEqual(main.core.state.feed.questions);
    expect(backup.follower!.status).toMatchObject({ connected: true, lagEvents: 0, lagMs: 0, error: null });
    // The crew's links work on the backup: it keeps the primary's tokens.
    expect(backup.tokens).toEqual(main.tokens);
    // 10,000 fsynced commands and two catch-ups: a minute and more on a busy 2-core machine.
  }, 180_000);

  it('keeps following when the primary shuts down cleanly and comes back on the same address', async () => {
    const data = tempDir('showcaller-primary-restart-');
    cleanups.push(() => data.remove());
    const port = await freePort();
    let main = await startTestCore(data.dir, { port });
    const backup = await backupOf(main);
    await caughtUp(backup, main);
    await main.close();
    main = await startTestCore(data.dir, { port });
    const again = main;
    cleanups.push(() => again.close());
    await main.core.execute({ type: 'startSegment', segmentId: 's002' }, 'producer');
    await drive(main, 5);
    await caughtUp(backup, main, 15_000);
    expect(stateHash(backup.core.state)).toBe(stateHash(main.core.state));
  });

  it('drops a backup whose own token is revoked, and it cannot come back with it', async () => {
    const main = await primary();
    const backup = await backupOf(main);
    await caughtUp(backup, main);
    const origin = { clientId: null, name: null, givenName: null };
    expect(
      await main.core.execute({ type: 'revokeToken', role: 'backup' }, 'producer', origin),
    ).toMatchObject({
      ok: true,
    });
    await expect
      .poll(() => backup.follower!.status, { timeout: 10_000 })
      .toMatchObject({ connected: false, error: expect.stringMatching(/may not replicate/) as unknown });
    expect(backup.core.seq).toBeLessThanOrEqual(main.core.seq);
  });

  it('gives a following backup the new tokens when another role is revoked', async () => {
    const main = await primary();
    const backup = await backupOf(main);
    await caughtUp(backup, main);
    const origin = { clientId: null, name: null, givenName: null };
    expect(await main.core.execute({ type: 'revokeToken', role: 'mc' }, 'producer', origin)).toMatchObject({
      ok: true,
    });
    await expect.poll(() => backup.tokens.mc, { timeout: 10_000 }).toBe(main.tokens.mc);
    expect(backup.tokens).toEqual(main.tokens);
  });

  it('takes no commands while following, shows the show read-only, and reports its lag', async () => {
    const main = await primary();
    const backup = await backupOf(main);
    await caughtUp(backup, main);
    const mc = await new CrewClient(backup.url, main.tokens.mc).ready();
    const statuses: CoreStatusMessage[] = [];
    mc.socket.on('coreStatus', (status) => statuses.push(status));
    cleanups.push(() => mc.close());
    expect(mc.hello).toMatchObject({ mode: 'follower', term: 1 });
    const refused = await new CrewClient(backup.url, main.tokens.producer).ready();
    cleanups.push(() => refused.close());
    expect(await refused.send({ type: 'nextSegment' })).toMatchObject({
      ok: false,
      status: 409,
      error: expect.stringMatching(/backup following .*promote/) as unknown,
    });
    expect(await main.core.execute({ type: 'startSegment', segmentId: 's003' }, 'producer')).toMatchObject({
      ok: true,
    });
    await expect.poll(() => mc.replica.state?.live.currentSegmentId, { timeout: 10_000 }).toBe('s003');
    await expect
      .poll(() => statuses.at(-1)?.follower, { timeout: 10_000 })
      .toMatchObject({ connected: true, lagEvents: 0, primaryUrl: main.url });
  });

  it('on promotion becomes the primary with a higher term, in place, for the screens on it', async () => {
    const main = await primary();
    await main.core.execute({ type: 'startSegment', segmentId: 's002' }, 'producer');
    const backup = await backupOf(main);
    await caughtUp(backup, main);
    const producer = await new CrewClient(backup.url, main.tokens.producer).ready();
    cleanups.push(() => producer.close());
    const before = backup.core.state;
    await main.close();
    // An MC may not promote; the backup's (or producer's) token may.
    const mc = await new CrewClient(backup.url, main.tokens.mc).ready();
    cleanups.push(() => mc.close());
    expect(await mc.send({ type: 'promote' })).toMatchObject({ ok: false, status: 403 });
    expect(await producer.send({ type: 'promote' })).toMatchObject({ ok: true });
    expect(backup.core.mode).toBe('primary');
    expect(backup.core.term).toBe(2);
    expect(backup.core.state.live).toEqual(before.live);
    // Show control goes with the promotion: the old holder is on the core that is gone.
    expect(backup.core.state.control).toMatchObject({ role: 'producer', name: null });
    expect(await producer.send({ type: 'pauseTimer' })).toMatchObject({ ok: true });
    await expect.poll(() => producer.replica.state?.term).toBe(2);
    expect(await producer.send({ type: 'promote' })).toMatchObject({ ok: false, status: 409 });
  });

  it('a promoted backup restarted with --follow still set runs as the primary, not as a follower', async () => {
    const data = tempDir('showcaller-primary-old-');
    const backupData = tempDir('showcaller-backup-promoted-');
    cleanups.push(
      () => data.remove(),
      () => backupData.remove(),
    );
    const port = await freePort();
    const main = await startTestCore(data.dir, { port });
    const follow = { url: main.url, token: main.tokens.backup };
    const backup = await startTestCore(backupData.dir, { follow });
    await caughtUp(backup, main);
    await main.close();
    expect(await backup.core.execute({ type: 'promote' }, 'backup')).toMatchObject({ ok: true });
    await backup.close();
    // The old primary is back (term 1), and the promoted backup restarts with the same settings.
    const old = await startTestCore(data.dir, { port });
    cleanups.push(() => old.close());
    const again = await startTestCore(backupData.dir, { follow });
    cleanups.push(() => again.close());
    expect(again.core.mode).toBe('primary');
    expect(again.core.term).toBe(2);
    expect(again.follower).toBeNull();
  });

  it('refuses a backup whose journal went another way, and says why', async () => {
    const main = await primary();
    await main.core.execute({ type: 'startSegment', segmentId: 's002' }, 'producer');
    await drive(main, 30);
    const other = tempDir('showcaller-diverged-');
    cleanups.push(() => other.remove());
    // A copy of the primary's folder that then ran on its own: same show, different records.
    const showDir = path.join(dataDirs.get(main)!, 'shows', main.showId);
    cpSync(showDir, path.join(other.dir, 'shows', main.showId), { recursive: true });
    const alone = await startTestCore(other.dir, { showId: main.showId });
    await alone.core.execute({ type: 'adjustTime', deltaMs: 5000 }, 'producer');
    await alone.close();
    await drive(main, 5, 30);
    const backup = await backupOf(main, other.dir);
    await expect
      .poll(() => backup.follower!.status.error, { timeout: 10_000 })
      .toMatch(/refused this backup's journal.*not this primary's record/);
    expect(backup.core.seq).toBe(32 + 1);
  });
});

describe('a primary that missed the takeover', () => {
  it('does not take a screen’s word for a higher term: only another core answering as that primary counts', async () => {
    const main = await primary();
    const claim = await new CrewClient(main.url, main.tokens.viewer, {
      knownTerm: 99,
      showId: main.showId,
    }).ready();
    claim.close();
    const producer = await new CrewClient(main.url, main.tokens.producer, {
      knownTerm: 2,
      showId: main.showId,
    }).ready();
    cleanups.push(() => producer.close());
    // It asked its links' other cores (there are none answering with a higher term) and runs on.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(main.core.mode).toBe('primary');
    expect(await producer.send({ type: 'nextSegment' })).toMatchObject({ ok: true });
  });

  it('learns it from the other cores of its join links, and stops taking chat or commands', async () => {
    const main = await primary();
    const backup = await backupOf(main);
    await caughtUp(backup, main);
    await main.close();
    expect(await backup.core.execute({ type: 'promote' }, 'backup')).toMatchObject({ ok: true });
    // The old primary comes back, with the backup among its join links' addresses.
    const again = await startTestCore(dataDirs.get(main)!, {
      showId: main.showId,
      advertise: [backup.url],
    });
    cleanups.push(() => again.close());
    await expect.poll(() => again.core.mode, { timeout: 10_000 }).toBe('superseded');
    expect(again.core.status.supersededBy).toEqual({ term: 2, url: backup.url });
    expect(await again.core.execute({ type: 'nextSegment' }, 'producer')).toMatchObject({
      ok: false,
      status: 409,
      error: `this core was replaced by a promoted backup (term 2 at ${backup.url}); its state is no longer the show's`,
    });
  });
});

describe('a catch-up with a slow follower', () => {
  it('sends at most two batches ahead of what the follower has written, then the rest as it acknowledges', async () => {
    const main = await primary();
    // 3,000 records of about 600 bytes: six batches of the window.
    const text = `${'A long staff question to make each record weigh something. '.repeat(6)}?`;
    for (let i = 0; i < 3_000; i += 200) {
      await Promise.all(
        Array.from({ length: 200 }, (_, j) =>
          main.core.execute(
            { type: 'addStaffQuestion', text: `${i + j} ${text}`, segmentId: null },
            'producer',
          ),
        ),
      );
    }
    const total = main.core.seq;
    expect(total).toBeGreaterThan(3_000);
    const socket = io(`${main.url}/replication`, {
      auth: { token: main.tokens.backup, lastSeq: 0 },
      transports: ['websocket'],
      reconnection: false,
    });
    cleanups.push(() => void socket.close());
    let lastSeq = 0;
    const held: Array<() => void> = [];
    socket.on('record', (record: { seq: number }) => {
      lastSeq = record.seq;
    });
    socket.on('catchUpMark', (_seq: number, ack: () => void) => held.push(ack));

    // A follower that writes nothing yet: the primary stops after two unacknowledged batches.
    await expect.poll(() => held.length, { timeout: 20_000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(held.length).toBe(2);
    expect(lastSeq).toBeLessThan(total);
    // Two batches: of the window (500 records each) or of the file (about 256 KiB each).
    expect(lastSeq).toBeLessThanOrEqual(2 * 500);

    // As it catches up, so does the primary, to the last record.
    const ackAll = setInterval(() => {
      for (const ack of held.splice(0)) ack();
    }, 10);
    cleanups.push(() => clearInterval(ackAll));
    await expect.poll(() => lastSeq, { timeout: 30_000 }).toBe(total);
  }, 120_000);
});
