import { describe, expect, it } from 'vitest';
import type { CommandType, ShowCommand } from '../../shared/commands.js';
import { ShowCommand as ShowCommandSchema } from '../../shared/commands.js';
import { COMMAND_TABLE, requiresControl } from '../../shared/commandTable.js';
import type { ControlHolder } from '../../shared/model.js';
import { checkControl, controlHolder, describeActor } from '../../shared/control.js';
import type { Actor } from '../../shared/signalCommands.js';
import { decide } from '../../shared/decide.js';
import type { ShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import type { Role } from '../../shared/roles.js';
import { ctx, deepFreeze, fixtureShow, MIN, T0 } from './fixtures.js';

const ANA: Actor = { role: 'producer', name: 'Ana' };
const BEN: Actor = { role: 'backup', name: 'Ben' };

function decideAs(state: ShowState, command: ShowCommand, actor: Actor, now = T0) {
  return decide(deepFreeze(structuredClone(state)), command, { ...ctx(now, actor.role), name: actor.name });
}

/** Runs a command as the core does: the control check first, then decide, then the reducer. */
function runAs(state: ShowState, input: unknown, actor: Actor, now = T0): ShowState {
  const command = ShowCommandSchema.parse(input);
  const control = checkControl(state, actor, command.type, now);
  if (!control.ok) throw new Error(control.error);
  const decision = decideAs(state, command, actor, now);
  if (!decision.ok) throw new Error(decision.error);
  return applyEvents(state, [...control.events, ...decision.events]);
}

function heldBy(actor: Actor, since = T0): ShowState {
  return applyEvents(fixtureShow(), [
    { type: 'controlTaken', holder: { ...actor, since }, previous: null, implicit: false },
  ]);
}

describe('which commands need show control', () => {
  it('is every command only producer and backup may send, except taking control and answering the MC', () => {
    const all = Object.keys(COMMAND_TABLE) as CommandType[];
    const controlled = all.filter(requiresControl);
    expect(controlled).toEqual(
      expect.arrayContaining([
        'importRundown',
        'startSegment',
        'nextSegment',
        'pauseTimer',
        'adjustTime',
        'endShow',
        'sendMessage',
        'clearMessage',
        'obsSetProgramScene',
        'obsTransition',
        'obsStream',
        'obsConfigure',
      ]),
    );
    // Every producer-and-backup command needs it, but taking control and answering the MC.
    const producerAndBackup = all.filter(
      (type) => [...COMMAND_TABLE[type].roles].sort().join() === 'backup,producer',
    );
    // promote takes control for the promoter on the new primary (the table says 'takes').
    expect(producerAndBackup.filter((type) => !requiresControl(type)).sort()).toEqual([
      'acknowledgeSignal',
      'clearSignal',
      'promote',
      'takeControl',
    ]);
    for (const type of controlled)
      expect([...COMMAND_TABLE[type].roles].sort()).toEqual(['backup', 'producer']);
    for (const type of [
      'takeControl',
      'acknowledgeSignal',
      'clearSignal',
      'requestFiller',
      'queueQuestion',
      'nextQuestion',
      'acknowledgeMessage',
      'signalProducer',
    ] as const) {
      expect(requiresControl(type)).toBe(false);
    }
  });
});

describe('checkControl', () => {
  it('with nobody holding control, a producer takes it with its first show command', () => {
    const state = runAs(fixtureShow(), { type: 'startSegment', segmentId: 'keynote' }, ANA, T0 + 5);
    expect(state.control).toEqual({ role: 'producer', name: 'Ana', since: T0 + 5 });
    expect(state.live.currentSegmentId).toBe('keynote');
  });

  it('with nobody holding control, a backup must take it explicitly', () => {
    expect(checkControl(fixtureShow(), BEN, 'nextSegment', T0)).toEqual({
      ok: false,
      status: 409,
      error: 'nobody has control yet; take control first',
    });
  });

  it('refuses show commands from anyone but the holder, naming the holder', () => {
    const state = heldBy(BEN);
    expect(checkControl(state, ANA, 'pauseTimer', T0)).toEqual({
      ok: false,
      status: 409,
      error: 'Ben (backup) has control',
    });
    // A second producer window with another name is another client.
    expect(checkControl(heldBy(ANA), { role: 'producer', name: 'Cleo' }, 'sendMessage', T0)).toMatchObject({
      ok: false,
      error: 'Ana (producer) has control',
    });
    // Unnamed clients of the holder's role and name are the holder: two windows on one token.
    expect(
      checkControl(
        heldBy({ role: 'producer', name: null }),
        { role: 'producer', name: null },
        'nextSegment',
        T0,
      ),
    ).toEqual({
      ok: true,
      events: [],
    });
    expect(checkControl(heldBy({ role: 'backup', name: null }), ANA, 'nextSegment', T0)).toMatchObject({
      error: 'the backup has control',
    });
  });

  it('lets the role commands of MCs and moderators, and answering signals, through whoever holds control', () => {
    const state = heldBy(BEN);
    const others: [Role, CommandType][] = [
      ['mc', 'nextQuestion'],
      ['mc', 'requestFiller'],
      ['mc', 'signalProducer'],
      ['mc', 'acknowledgeMessage'],
      ['viewer', 'acknowledgeMessage'],
      ['moderator', 'queueQuestion'],
      ['producer', 'acknowledgeSignal'],
      ['producer', 'clearSignal'],
      ['producer', 'takeControl'],
    ];
    for (const [role, type] of others) {
      expect(checkControl(state, { role, name: null }, type, T0)).toEqual({ ok: true, events: [] });
    }
  });

  it('reads a snapshot from before control existed as nobody holding it', () => {
    const old = fixtureShow() as Partial<ShowState>;
    delete old.control;
    expect(controlHolder(old as ShowState)).toBeNull();
  });
});

describe('takeControl', () => {
  it('hands control to the taker, recording who had it', () => {
    const state = runAs(heldBy(ANA), { type: 'takeControl', expectHolder: ANA }, BEN, T0 + MIN);
    expect(state.control).toEqual({ ...BEN, since: T0 + MIN });
    const decision = decideAs(heldBy(ANA), { type: 'takeControl' }, BEN, T0 + MIN);
    expect(decision).toEqual({
      ok: true,
      events: [
        {
          type: 'controlTaken',
          holder: { ...BEN, since: T0 + MIN },
          previous: { ...ANA, since: T0 },
          implicit: false,
        },
      ],
    });
  });

  it('refuses, changing nothing, when control changed hands since the taker confirmed', () => {
    const cleo: Actor = { role: 'producer', name: 'Cleo' };
    const state = heldBy(cleo);
    const before = JSON.stringify(state);
    expect(decideAs(state, { type: 'takeControl', expectHolder: ANA }, BEN)).toEqual({
      ok: false,
      code: 'conflict',
      error: 'control changed hands (Cleo (producer) has it now); confirm again',
    });
    expect(decideAs(fixtureShow(), { type: 'takeControl', expectHolder: ANA }, BEN)).toMatchObject({
      error: 'control changed hands (nobody has it now); confirm again',
    });
    expect(JSON.stringify(state)).toBe(before);
  });

  it('is a no-op for the holder', () => {
    expect(decideAs(heldBy(BEN), { type: 'takeControl', expectHolder: BEN }, BEN)).toEqual({
      ok: true,
      events: [],
    });
  });

  it('keeps exactly one holder through any sequence of takes', () => {
    let state = fixtureShow();
    const takers: Actor[] = [ANA, BEN, { role: 'producer', name: null }, BEN, ANA];
    takers.forEach((actor, i) => {
      state = runAs(state, { type: 'takeControl' }, actor, T0 + i);
      const holder = state.control as ControlHolder;
      expect(holder).toEqual({ ...actor, since: T0 + i });
      expect(describeActor(holder)).toBe(actor.name ? `${actor.name} (${actor.role})` : `the ${actor.role}`);
    });
  });
});
