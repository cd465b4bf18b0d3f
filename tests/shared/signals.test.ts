import { describe, expect, it } from 'vitest';
import type { ShowCommand } from '../../shared/commands.js';
import type { Actor } from '../../shared/signalCommands.js';
import type { Decision } from '../../shared/decision.js';
import { decide } from '../../shared/decide.js';
import type { ShowEvent } from '../../shared/events.js';
import type { ShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import { acknowledgedBy, acksOf } from '../../shared/signals.js';
import { ctx, deepFreeze, fixtureShow, T0 } from './fixtures.js';

const ANA: Actor = { role: 'producer', name: 'Ana' };
const MC: Actor = { role: 'mc', name: 'Cleo' };
const STAGE: Actor = { role: 'viewer', name: 'Stage left' };

function decideAs(state: ShowState, command: ShowCommand, actor: Actor, now = T0): Decision {
  return decide(deepFreeze(structuredClone(state)), command, { ...ctx(now, actor.role), name: actor.name });
}

function eventsOf(decision: Decision): ShowEvent[] {
  if (!decision.ok) throw new Error(`refused: ${decision.error}`);
  return decision.events;
}

/** Decides (on a frozen copy) and applies, as the core does. Ids are predictable per call: id-1. */
function run(state: ShowState, command: ShowCommand, actor: Actor, now = T0): ShowState {
  return applyEvents(state, eventsOf(decideAs(state, command, actor, now)));
}

function refused(state: ShowState, command: ShowCommand, actor: Actor): string {
  const decision = decideAs(state, command, actor);
  if (decision.ok) throw new Error(`expected a refusal, got ${JSON.stringify(decision.events)}`);
  expect(decision.code).toBe('conflict');
  return decision.error;
}

describe('producer → MC and stage: the message and its acknowledgements', () => {
  const sent = () => run(fixtureShow(), { type: 'sendMessage', preset: 'wrapUp' }, ANA, T0);

  it('records who sent it, and starts with no acknowledgement', () => {
    const state = sent();
    expect(state.activeMessage).toEqual({
      id: 'id-1',
      text: 'Wrap up',
      preset: 'wrapUp',
      sentAt: T0,
      from: 'producer',
      fromName: 'Ana',
      acks: [],
    });
  });

  it('an MC and the stage screen each acknowledge it; the producer sees who and when', () => {
    let state = run(sent(), { type: 'acknowledgeMessage', messageId: 'id-1' }, MC, T0 + 2_000);
    expect(acknowledgedBy(state.activeMessage!, 'mc')).toEqual({ by: MC, at: T0 + 2_000 });
    expect(acknowledgedBy(state.activeMessage!, 'viewer')).toBeNull();
    state = run(state, { type: 'acknowledgeMessage', messageId: 'id-1' }, STAGE, T0 + 3_000);
    expect(state.activeMessage?.acks).toEqual([
      { by: MC, at: T0 + 2_000 },
      { by: STAGE, at: T0 + 3_000 },
    ]);
    // The history keeps them too, after the message is cleared.
    state = run(state, { type: 'clearMessage' }, ANA, T0 + 4_000);
    expect(state.activeMessage).toBeNull();
    expect(state.messages.at(-1)?.acks).toHaveLength(2);
  });

  it('journals who cleared a message', () => {
    expect(eventsOf(decideAs(sent(), { type: 'clearMessage' }, ANA, T0 + 1))).toEqual([
      { type: 'messageCleared', messageId: 'id-1', at: T0 + 1, by: ANA },
    ]);
  });

  it('a second acknowledgement from the same screen records nothing', () => {
    const state = run(sent(), { type: 'acknowledgeMessage', messageId: 'id-1' }, MC);
    expect(eventsOf(decideAs(state, { type: 'acknowledgeMessage', messageId: 'id-1' }, MC))).toEqual([]);
  });

  it('refuses to acknowledge a message that is no longer showing, changing nothing', () => {
    const state = run(sent(), { type: 'clearMessage' }, ANA);
    const before = JSON.stringify(state);
    expect(refused(state, { type: 'acknowledgeMessage', messageId: 'id-1' }, MC)).toBe(
      'that message is no longer showing',
    );
    expect(refused(sent(), { type: 'acknowledgeMessage', messageId: 'other' }, MC)).toBe(
      'that message is no longer showing',
    );
    expect(JSON.stringify(state)).toBe(before);
  });

  it('a new message starts unacknowledged, even with the same words', () => {
    let state = run(sent(), { type: 'acknowledgeMessage', messageId: 'id-1' }, MC);
    state = applyEvents(state, [
      {
        type: 'messageSent',
        message: { id: 'm2', text: 'Wrap up', preset: 'wrapUp', sentAt: T0, from: 'producer' },
      },
    ]);
    expect(acknowledgedBy(state.activeMessage!, 'mc')).toBeNull();
  });

  it('reads a message journaled before acknowledgements existed as unacknowledged', () => {
    const old = { id: 'm', text: 'x', preset: 'custom', sentAt: T0, from: 'producer' } as never;
    expect(acksOf(old)).toEqual([]);
  });
});

describe('MC → producer signals', () => {
  it('raises a signal with who and when, which the producer acknowledges and clears', () => {
    let state = run(fixtureShow(), { type: 'signalProducer', kind: 'audioProblem' }, MC, T0 + 1);
    expect(state.crewSignals).toEqual([
      { id: 'id-1', kind: 'audioProblem', from: MC, at: T0 + 1, ack: null },
    ]);
    state = run(state, { type: 'acknowledgeSignal', signalId: 'id-1' }, ANA, T0 + 2);
    expect(state.crewSignals[0]?.ack).toEqual({ by: ANA, at: T0 + 2 });
    // The first acknowledgement stands.
    expect(
      eventsOf(
        decideAs(state, { type: 'acknowledgeSignal', signalId: 'id-1' }, { role: 'backup', name: null }),
      ),
    ).toEqual([]);
    expect(eventsOf(decideAs(state, { type: 'clearSignal', signalId: 'id-1' }, ANA, T0 + 3))).toEqual([
      { type: 'crewSignalCleared', signalId: 'id-1', by: ANA, at: T0 + 3 },
    ]);
    state = run(state, { type: 'clearSignal', signalId: 'id-1' }, ANA, T0 + 3);
    expect(state.crewSignals).toEqual([]);
  });

  it('keeps one signal per kind: asking again renews it, unacknowledged', () => {
    let state = run(fixtureShow(), { type: 'signalProducer', kind: 'ready' }, MC, T0);
    state = run(state, { type: 'acknowledgeSignal', signalId: 'id-1' }, ANA);
    state = run(state, { type: 'signalProducer', kind: 'audioProblem' }, MC, T0 + 1);
    state = applyEvents(
      state,
      eventsOf(
        decide(
          state,
          { type: 'signalProducer', kind: 'ready' },
          { now: T0 + 2, role: 'mc', name: 'Cleo', newId: () => 'r2' },
        ),
      ),
    );
    expect(state.crewSignals.map((s) => [s.kind, s.id, s.ack])).toEqual([
      ['audioProblem', 'id-1', null],
      ['ready', 'r2', null],
    ]);
  });

  it('refuses to acknowledge or clear a signal that is gone, changing nothing', () => {
    const state = fixtureShow();
    expect(refused(state, { type: 'acknowledgeSignal', signalId: 'nope' }, ANA)).toBe(
      'that signal is no longer up',
    );
    expect(refused(state, { type: 'clearSignal', signalId: 'nope' }, ANA)).toBe(
      'that signal is no longer up',
    );
  });

  describe('the filler request is one signal, seen by moderators and the producer', () => {
    it('requestFiller and signalProducer filler both raise it in both places', () => {
      for (const command of [
        { type: 'requestFiller' },
        { type: 'signalProducer', kind: 'filler' },
      ] as const) {
        const events = eventsOf(decideAs(fixtureShow(), command, MC, T0 + 9));
        expect(events).toEqual([
          { type: 'fillerRequested', at: T0 + 9 },
          {
            type: 'crewSignalRaised',
            signal: { id: 'id-1', kind: 'filler', from: MC, at: T0 + 9, ack: null },
          },
        ]);
      }
    });

    it('a moderator answering it clears the producer’s signal too', () => {
      let state = run(fixtureShow(), { type: 'requestFiller' }, MC);
      state = run(state, { type: 'clearFillerRequest' }, { role: 'moderator', name: 'Dee' }, T0 + 5);
      expect(state.feed.fillerRequestedAt).toBeNull();
      expect(state.crewSignals).toEqual([]);
    });

    it('the producer clearing it clears the moderators’ prompt too', () => {
      let state = run(fixtureShow(), { type: 'requestFiller' }, MC);
      const events = eventsOf(decideAs(state, { type: 'clearSignal', signalId: 'id-1' }, ANA, T0 + 5));
      expect(events).toEqual([
        { type: 'fillerRequested', at: null },
        { type: 'crewSignalCleared', signalId: 'id-1', by: ANA, at: T0 + 5 },
      ]);
      state = applyEvents(state, events);
      expect(state.feed.fillerRequestedAt).toBeNull();
      expect(state.crewSignals).toEqual([]);
      expect(eventsOf(decideAs(state, { type: 'clearFillerRequest' }, ANA))).toEqual([]);
    });
  });
});
