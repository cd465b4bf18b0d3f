import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/roles.js';
import { coreForEachTest } from './coreEachTest.js';
import { CrewClient, refusalOf } from './harness.js';

const hub = coreForEachTest();

describe('crew hub', () => {
  it('greets every role with its role and a snapshot of the demo show', async () => {
    for (const role of ROLES) {
      const client = await hub.open(role);
      expect(client.hello?.role).toBe(role);
      expect(client.replica.showId).toBe('normconf-2022');
      expect(client.replica.state?.segments).toHaveLength(31);
      expect(client.replica.state?.segments[0]?.speakers).toEqual(['Vicki Boykis']);
    }
  });

  it('refuses a bad or missing token with a reason, and rate-limits failed attempts', async () => {
    expect((await refusalOf(hub.running.url, 'not-a-token')).reason).toBe('bad-token');
    expect((await refusalOf(hub.running.url, '')).reason).toBe('missing-token');
    for (let i = 0; i < 12; i++) await refusalOf(hub.running.url, `guess-${i}`);
    const limited = await refusalOf(hub.running.url, 'one-more-guess');
    expect(limited.reason).toBe('rate-limited');
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    // A stale overlay's link on the producer's laptop must not lock the producer out: from the
    // same address, the good token still gets in while the bad ones are refused.
    const producer = await hub.open('producer');
    expect(producer.hello?.role).toBe('producer');
    expect((await refusalOf(hub.running.url, 'and-another')).reason).toBe('rate-limited');
  });

  it('enforces roles per command and leaves the state alone when refusing', async () => {
    const producer = await hub.open('producer');
    const before = JSON.stringify(hub.running.core.state);
    for (const role of ['mc', 'moderator', 'viewer'] as const) {
      const client = await hub.open(role);
      for (const command of [
        { type: 'startSegment', segmentId: 's001' },
        { type: 'nextSegment' },
        { type: 'sendMessage', preset: 'wrapUp' },
        { type: 'importRundown', format: 'json', text: '{}' },
      ]) {
        const result = await client.send(command);
        expect(result).toEqual({ ok: false, status: 403, error: `the ${role} role may not ${command.type}` });
      }
    }
    expect(JSON.stringify(hub.running.core.state)).toBe(before);
    const backup = await hub.open('backup');
    expect(await producer.send({ type: 'startSegment', segmentId: 's001' })).toMatchObject({ ok: true });
    // The producer's first command took show control; the backup takes it over to run the show.
    expect(await backup.send({ type: 'takeControl' })).toMatchObject({ ok: true });
    expect(await backup.send({ type: 'pauseTimer' })).toMatchObject({ ok: true });
    expect(hub.running.core.state.live.timer?.pausedAt).not.toBeNull();
  });

  it('broadcasts each record, in order, to every connected screen', async () => {
    const producer = await hub.open('producer');
    const watchers = await Promise.all([hub.open('mc'), hub.open('viewer'), hub.open('moderator')]);
    const startSeq = hub.running.core.seq;
    await producer.send({ type: 'startSegment', segmentId: 's001' });
    await producer.send({ type: 'adjustTime', deltaMs: 60_000 });
    await producer.send({ type: 'sendMessage', preset: 'custom', text: 'Mic check 🎤' });
    for (const client of [producer, ...watchers]) {
      await client.until(startSeq + 3);
      expect(client.records).toEqual([startSeq + 1, startSeq + 2, startSeq + 3]);
      expect(client.replica.state).toEqual(hub.running.core.state);
      expect(client.gaps).toBe(0);
    }
  });

  it('a reconnecting client receives exactly the records it missed, not a new snapshot', async () => {
    const producer = await hub.open('producer');
    const mc = new CrewClient(hub.running.url, hub.running.tokens.mc, { reconnection: true });
    hub.clients.push(mc);
    await mc.ready();
    await producer.send({ type: 'startSegment', segmentId: 's001' });
    await mc.until(hub.running.core.seq);
    const seenBefore = mc.replica.seq;

    const dropped = new Promise((resolve) => mc.socket.once('disconnect', resolve));
    mc.socket.io.engine.close(); // a dropped connection, not a clean disconnect
    await dropped;
    const missed: number[] = [];
    for (const deltaMs of [60_000, -30_000, 15_000]) {
      const result = await producer.send({ type: 'adjustTime', deltaMs });
      if (result.ok) missed.push(result.seq);
    }
    await producer.send({ type: 'sendMessage', preset: 'wrapUp' });
    missed.push(hub.running.core.seq);

    await mc.until(hub.running.core.seq, 10_000);
    expect(mc.snapshots).toBe(1);
    expect(mc.records.filter((seq) => seq > seenBefore)).toEqual(missed);
    expect(mc.replica.state).toEqual(hub.running.core.state);
  });

  it('a client too far behind, or from another show, gets a fresh snapshot', async () => {
    const producer = await hub.open('producer');
    const stranger = new CrewClient(hub.running.url, hub.running.tokens.viewer);
    stranger.replica.applySnapshot({ showId: 'some-other-show', seq: 3, state: hub.running.core.state });
    hub.clients.push(stranger);
    await new Promise((resolve) => stranger.socket.once('snapshot', resolve));
    expect(stranger.replica.showId).toBe('normconf-2022');
    expect(stranger.replica.seq).toBe(hub.running.core.seq);
    expect(producer.replica.seq).toBe(hub.running.core.seq);
  });

  it('rejects 1,000 malformed payloads one by one, stays up, and changes nothing', async () => {
    const producer = await hub.open('producer');
    await producer.send({ type: 'startSegment', segmentId: 's002' });
    const beforeState = JSON.stringify(hub.running.core.state);
    const beforeSeq = hub.running.core.seq;
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
    const junkValues: unknown[] = [
      null,
      undefined,
      0,
      -1,
      1e308,
      Number.MAX_SAFE_INTEGER + 2,
      'x',
      '',
      '💥'.repeat(1000),
      true,
      [],
      {},
      [1, 2],
      { __proto__: { type: 'nextSegment' } },
      { constructor: { prototype: { polluted: true } } },
      'a'.repeat(200),
    ];
    const types = [
      'startSegment',
      'nextSegment',
      'pauseTimer',
      'adjustTime',
      'sendMessage',
      'updateSegment',
      'insertSegment',
      'importRundown',
      'updateShow',
      'nope',
      'constructor',
      '__proto__',
    ];
    const payloads: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      const shape = i % 5;
      if (shape === 0) payloads.push(pick(junkValues));
      // `undefined` vanishes in JSON, which would leave a valid command; the extra key must arrive.
      else if (shape === 1) payloads.push({ type: pick(types), extra: pick(junkValues) ?? 'surplus' });
      else if (shape === 2)
        payloads.push({
          type: 'adjustTime',
          deltaMs: pick([0, 0.5, '60000', 3_600_001, -3_600_001, NaN, null]),
        });
      else if (shape === 3)
        payloads.push({
          type: 'updateSegment',
          segmentId: pick(['s001', '../etc', '', 'x'.repeat(100)]),
          changes: { durationMs: pick([-1, 0, 1e12, 'long', 1.5]) },
        });
      else
        payloads.push({
          type: 'importRundown',
          format: pick(['csv', 'json', 'xml']),
          text: pick(['', 'session,start_utc\n1,2', '{"show":1}', 42]),
        });
    }
    for (const payload of payloads) {
      const result = await producer.send(payload as Record<string, unknown>);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect([400, 409]).toContain(result.status);
        expect(result.error.length).toBeGreaterThan(0);
      }
    }
    // Emits without an ack callback and unknown event names must not hurt the core either.
    const raw = producer.socket as unknown as { emit: (...args: unknown[]) => void };
    raw.emit('command', { type: 'nextSegment', junk: 1 });
    raw.emit('no-such-event', 1, 2, 3);
    raw.emit('clockPing', 'not a number');
    expect(JSON.stringify(hub.running.core.state)).toBe(beforeState);
    expect(hub.running.core.seq).toBe(beforeSeq);
    expect(await producer.send({ type: 'pauseTimer' })).toMatchObject({ ok: true });
    expect(producer.socket.connected).toBe(true);
  });

  it('answers clock pings with the core time', async () => {
    const mc = await hub.open('mc');
    const before = Date.now();
    const serverTime = await mc.socket.emitWithAck('clockPing', before);
    expect(serverTime).toBeGreaterThanOrEqual(before);
    expect(serverTime).toBeLessThanOrEqual(Date.now());
  });
});
