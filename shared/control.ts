import type { CommandOf, CommandType } from './commands.js';
import { requiresControl } from './commandTable.js';
import type { Actor } from './signalCommands.js';
import type { Decision, DecideContext } from './decision.js';
import type { ControlEvent } from './events.js';
import type { ControlHolder, ShowState } from './model.js';

/**
 * Show control: exactly one holder at a time may run the show (rundown, timer, messages, OBS).
 *
 * The holder is a role and a client name. Producer and backup have different tokens, so the
 * role alone tells them apart; two windows on the producer's token that give the same name
 * (or none) are the same holder, and a producer window named "Ana" is not the same holder as
 * one named "Ben". A client that gives no name (a script, a Stream Deck without the
 * X-Client-Name header) is its role's unnamed client.
 *
 * Start-up: nobody holds control on a new show. The first show command from a producer takes
 * it (recorded in the same journal record): a producer opening the app to run a show expects
 * "Next" to work, not a hand-over ceremony with nobody to hand over from. A backup never takes
 * control implicitly, only with takeControl (which the UI confirms first), so a stray key on
 * the standby machine cannot steal the show.
 */

export function actorOf(ctx: Pick<DecideContext, 'role' | 'name'>): Actor {
  return { role: ctx.role, name: ctx.name ?? null };
}

export function sameActor(a: Actor | null, b: Actor | null): boolean {
  if (a === null || b === null) return a === b;
  return a.role === b.role && a.name === b.name;
}

/** "Ben (backup)", or "the backup" for an unnamed client. */
export function describeActor(actor: Actor): string {
  return actor.name === null ? `the ${actor.role}` : `${actor.name} (${actor.role})`;
}

/** A snapshot written before control existed has no `control` field: nobody holds it. */
export function controlHolder(state: ShowState): ControlHolder | null {
  return state.control ?? null;
}

export type ControlCheck = { ok: true; events: ControlEvent[] } | { ok: false; status: 409; error: string };

/**
 * May this actor run this command now? Commands that do not need control always may; the
 * holder may; with nobody holding it, a producer may and takes it by doing so.
 */
export function checkControl(state: ShowState, actor: Actor, type: CommandType, now: number): ControlCheck {
  if (!requiresControl(type)) return { ok: true, events: [] };
  const holder = controlHolder(state);
  if (holder === null) {
    if (actor.role !== 'producer') {
      return { ok: false, status: 409, error: 'nobody has control yet; take control first' };
    }
    return {
      ok: true,
      events: [{ type: 'controlTaken', holder: { ...actor, since: now }, previous: null, implicit: true }],
    };
  }
  if (sameActor(holder, actor)) return { ok: true, events: [] };
  return { ok: false, status: 409, error: `${describeActor(holder)} has control` };
}

export function decideTakeControl(
  state: ShowState,
  cmd: CommandOf<'takeControl'>,
  ctx: DecideContext,
): Decision {
  const actor = actorOf(ctx);
  const holder = controlHolder(state);
  if (cmd.expectHolder !== undefined && !sameActor(cmd.expectHolder, holder)) {
    const now = holder === null ? 'nobody has it now' : `${describeActor(holder)} has it now`;
    return { ok: false, code: 'conflict', error: `control changed hands (${now}); confirm again` };
  }
  // Already theirs (a double click, a second window with the same name): nothing to record.
  if (sameActor(holder, actor)) return { ok: true, events: [] };
  return {
    ok: true,
    events: [
      { type: 'controlTaken', holder: { ...actor, since: ctx.now }, previous: holder, implicit: false },
    ],
  };
}

export function applyControlEvent(state: ShowState, event: ControlEvent): ShowState {
  return { ...state, control: event.holder };
}
