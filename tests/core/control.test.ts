import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreForEachTest } from './coreEachTest.js';

const hub = coreForEachTest();

function postAs(token: string, body: unknown, name?: string) {
  return fetch(`${hub.running.url}/api/commands`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(name ? { 'x-client-name': name } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** Every event the core journaled, in order, read back from its file. */
function journaledEvents(): { type: string; [key: string]: unknown }[] {
  const file = path.join(hub.dataDir, 'shows', hub.running.showId, 'journal.ndjson');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => (JSON.parse(line) as { events: { type: string }[] }).events);
}

describe('show control over the crew protocol', () => {
  it('greets a client with the name it gave, trimmed', async () => {
    const ana = await hub.open('producer', '  Ana  ');
    expect(ana.hello?.clientName).toBe('Ana');
    const unnamed = await hub.open('mc');
    expect(unnamed.hello?.clientName).toBeNull();
  });

  it('hands control to the backup; the producer is refused with 409 and the state does not move', async () => {
    const ana = await hub.open('producer', 'Ana');
    const ben = await hub.open('backup', 'Ben');
    const watcher = await hub.open('mc', 'Cleo');

    // The producer's first command takes control implicitly, in the same record.
    const started = await ana.send({ type: 'startSegment', segmentId: 's001' });
    expect(started).toMatchObject({ ok: true });
    expect(hub.running.core.state.control).toMatchObject({ role: 'producer', name: 'Ana' });

    // The backup may not run the show before taking control...
    expect(await ben.send({ type: 'pauseTimer' })).toEqual({
      ok: false,
      status: 409,
      error: 'Ana (producer) has control',
    });
    // ...and takes it with the holder it saw when it confirmed.
    const taken = await ben.send({ type: 'takeControl', expectHolder: { role: 'producer', name: 'Ana' } });
    expect(taken).toMatchObject({ ok: true });
    await watcher.until(hub.running.core.seq);
    expect(watcher.replica.state?.control).toMatchObject({ role: 'backup', name: 'Ben' });

    const before = JSON.stringify(hub.running.core.state);
    const seq = hub.running.core.seq;
    for (const command of [
      { type: 'nextSegment' },
      { type: 'pauseTimer' },
      { type: 'sendMessage', preset: 'wrapUp' },
      {
        type: 'insertSegment',
        afterSegmentId: null,
        segment: {
          kind: 'talk',
          session: '',
          title: 'x',
          speakers: [],
          plannedStart: null,
          durationMs: 60_000,
          warningMs: 0,
          dangerMs: 0,
          notes: '',
        },
      },
      { type: 'obsSetProgramScene', sceneName: 'Main' },
      { type: 'obsConfigure', settings: { host: '127.0.0.1', port: 4455, password: 'x' } },
    ]) {
      expect(await ana.send(command)).toEqual({ ok: false, status: 409, error: 'Ben (backup) has control' });
    }
    // A stale confirmation: Ana saw herself holding it, so she is told it changed hands.
    expect(await ana.send({ type: 'takeControl', expectHolder: { role: 'producer', name: 'Ana' } })).toEqual({
      ok: false,
      status: 409,
      error: 'control changed hands (Ben (backup) has it now); confirm again',
    });
    expect(JSON.stringify(hub.running.core.state)).toBe(before);
    expect(hub.running.core.seq).toBe(seq);

    // The holder runs the show.
    expect(await ben.send({ type: 'pauseTimer' })).toMatchObject({ ok: true });
  });

  it('keeps the role commands of MCs and moderators working whoever holds control', async () => {
    const ben = await hub.open('backup', 'Ben');
    await ben.send({ type: 'takeControl' });
    const mc = await hub.open('mc', 'Cleo');
    const moderator = await hub.open('moderator', 'Dee');
    expect(await mc.send({ type: 'signalProducer', kind: 'audioProblem' })).toMatchObject({ ok: true });
    expect(await mc.send({ type: 'requestFiller' })).toMatchObject({ ok: true });
    expect(
      await moderator.send({ type: 'addStaffQuestion', text: 'What surprised you?', segmentId: null }),
    ).toMatchObject({
      ok: true,
    });
    expect(await moderator.send({ type: 'clearFillerRequest' })).toMatchObject({ ok: true });
    // The producer, not holding control, still answers the MC.
    const ana = await hub.open('producer', 'Ana');
    const signal = hub.running.core.state.crewSignals.find((s) => s.kind === 'audioProblem');
    expect(await ana.send({ type: 'acknowledgeSignal', signalId: signal!.id })).toMatchObject({ ok: true });
    const signals = hub.running.core.state.crewSignals;
    expect(signals.map((s) => [s.kind, s.ack?.by])).toEqual([
      ['audioProblem', { role: 'producer', name: 'Ana' }],
    ]);
  });

  it('leaves exactly one holder when producer and backup confirm a take at the same moment', async () => {
    const ana = await hub.open('producer', 'Ana');
    const ben = await hub.open('backup', 'Ben');
    // Both saw nobody holding control when they confirmed.
    const results = await Promise.all([
      ana.send({ type: 'takeControl', expectHolder: null }),
      ben.send({ type: 'takeControl', expectHolder: null }),
    ]);
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(1);
    const lost = results.find((r) => !r.ok);
    expect(lost).toMatchObject({
      status: 409,
      error: expect.stringMatching(/^control changed hands/) as string,
    });
    const holder = hub.running.core.state.control!;
    expect(results[0].ok ? 'producer' : 'backup').toBe(holder.role);
    const events = journaledEvents().filter((e) => e.type === 'controlTaken');
    expect(events).toHaveLength(1);
  });

  it('refuses takeControl from an MC, a moderator and a viewer with 403', async () => {
    for (const role of ['mc', 'moderator', 'viewer'] as const) {
      const client = await hub.open(role);
      expect(await client.send({ type: 'takeControl' })).toEqual({
        ok: false,
        status: 403,
        error: `the ${role} role may not takeControl`,
      });
    }
    expect(hub.running.core.state.control).toBeNull();
  });

  it('applies the same rules over HTTP, where X-Client-Name names the caller', async () => {
    const { tokens } = hub.running;
    expect((await postAs(tokens.backup, { type: 'nextSegment' }, 'Ben')).status).toBe(409);
    expect((await postAs(tokens.backup, { type: 'takeControl' }, 'Ben')).status).toBe(200);
    const refused = await postAs(tokens.producer, { type: 'nextSegment' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ ok: false, status: 409, error: 'Ben (backup) has control' });
    // A Stream Deck button without the backup's name is not the backup's console.
    expect((await postAs(tokens.backup, { type: 'nextSegment' })).status).toBe(409);
    expect((await postAs(tokens.backup, { type: 'nextSegment' }, 'Ben')).status).toBe(200);
    expect((await postAs(tokens.mc, { type: 'takeControl' }, 'Cleo')).status).toBe(403);
  });
});

describe('signals over the crew protocol', () => {
  it('broadcasts the MC’s and the stage’s acknowledgements to the producer, with names and times', async () => {
    const ana = await hub.open('producer', 'Ana');
    const mc = await hub.open('mc', 'Cleo');
    const stage = await hub.open('viewer', 'Stage');
    const sent = await ana.send({ type: 'sendMessage', preset: 'wrapUp' });
    expect(sent).toMatchObject({ ok: true });
    await mc.until(hub.running.core.seq);
    const message = mc.replica.state!.activeMessage!;
    expect(message).toMatchObject({ text: 'Wrap up', from: 'producer', fromName: 'Ana', acks: [] });

    expect(await mc.send({ type: 'acknowledgeMessage', messageId: message.id })).toMatchObject({ ok: true });
    expect(await stage.send({ type: 'acknowledgeMessage', messageId: message.id })).toMatchObject({
      ok: true,
    });
    await ana.until(hub.running.core.seq);
    const acks = ana.replica.state!.activeMessage!.acks;
    expect(acks.map((ack) => ack.by)).toEqual([
      { role: 'mc', name: 'Cleo' },
      { role: 'viewer', name: 'Stage' },
    ]);
    for (const ack of acks) expect(ack.at).toBeGreaterThanOrEqual(message.sentAt);

    // A viewer may acknowledge, and nothing else.
    expect(await stage.send({ type: 'clearMessage' })).toMatchObject({ ok: false, status: 403 });
    expect(await stage.send({ type: 'signalProducer', kind: 'ready' })).toMatchObject({
      ok: false,
      status: 403,
    });
    // An acknowledgement of a message that is gone is refused and changes nothing.
    await ana.send({ type: 'clearMessage' });
    const seq = hub.running.core.seq;
    expect(await mc.send({ type: 'acknowledgeMessage', messageId: message.id })).toEqual({
      ok: false,
      status: 409,
      error: 'that message is no longer showing',
    });
    expect(hub.running.core.seq).toBe(seq);
  });

  it('journals every signal and acknowledgement with who and when, and a restart keeps control and signals', async () => {
    const ana = await hub.open('producer', 'Ana');
    const mc = await hub.open('mc', 'Cleo');
    await ana.send({ type: 'sendMessage', preset: 'custom', text: 'Stretch it 2 min' });
    await mc.until(hub.running.core.seq);
    await mc.send({ type: 'acknowledgeMessage', messageId: mc.replica.state!.activeMessage!.id });
    await mc.send({ type: 'signalProducer', kind: 'ready' });
    const ready = hub.running.core.state.crewSignals[0]!;
    await ana.send({ type: 'acknowledgeSignal', signalId: ready.id });

    const events = journaledEvents();
    const mine = events.filter((e) =>
      [
        'controlTaken',
        'messageSent',
        'messageAcknowledged',
        'crewSignalRaised',
        'crewSignalAcknowledged',
      ].includes(e.type),
    );
    expect(mine.map((e) => e.type)).toEqual([
      'controlTaken',
      'messageSent',
      'messageAcknowledged',
      'crewSignalRaised',
      'crewSignalAcknowledged',
    ]);
    expect(mine[1]).toMatchObject({ message: { from: 'producer', fromName: 'Ana' } });
    expect(mine[2]).toMatchObject({ by: { role: 'mc', name: 'Cleo' } });
    expect(typeof mine[2]?.at).toBe('number');
    expect(mine[3]).toMatchObject({ signal: { kind: 'ready', from: { role: 'mc', name: 'Cleo' } } });
    expect(mine[4]).toMatchObject({ by: { role: 'producer', name: 'Ana' } });
    expect(typeof mine[4]?.at).toBe('number');

    const state = JSON.stringify(hub.running.core.state);
    await hub.restart();
    expect(JSON.stringify(hub.running.core.state)).toBe(state);
    expect(hub.running.core.state.control).toMatchObject({ role: 'producer', name: 'Ana' });
  });
});
