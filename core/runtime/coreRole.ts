import { EventEmitter } from 'node:events';
import type { CommandResult } from '../../shared/protocol.js';
import type { CoreMode, FollowerStatus } from '../../shared/protocol.js';

/**
 * The life of a core. A core runs the show (primary), keeps a copy of another core's show to
 * take over from it (follower), or knows that a promoted backup replaced it (superseded):
 *
 *     follower ── promote ──► primary ── supersede ──► superseded ─┐
 *         └────── resume ────────┘                       ▲         │ supersede (a higher term)
 *                                                        └─────────┘
 *
 * `promote` is the operator's takeover; `resume` is a promoted backup restarted with its
 * `--follow` setting still on, whose own journal has the higher term; `supersede` is this core
 * learning of a primary with a higher term. Nothing else changes the mode, and every
 * transition is `nextRoleState` below (pure). The class runs what each one means: following
 * stops before a promotion (every record received is kept), OBS and chat start only on the
 * primary, a replaced core stops its chat (Slack must not deliver to two cores) and its watch
 * for higher terms, and everyone listening hears `change`.
 */

export interface SupersededBy {
  term: number;
  /** Where the higher term was heard of, when known. */
  url: string | null;
}

export type CoreRoleState =
  | { mode: 'primary' }
  | { mode: 'follower'; status: FollowerStatus | null }
  | { mode: 'superseded'; by: SupersededBy };

export type CoreRoleTransition =
  { type: 'promote' } | { type: 'resume' } | { type: 'supersede'; by: SupersededBy };

/** The state after a transition, or why it does not apply in this state. */
export function nextRoleState(
  state: CoreRoleState,
  transition: CoreRoleTransition,
): { ok: true; state: CoreRoleState } | { ok: false; error: string } {
  switch (transition.type) {
    case 'promote':
    case 'resume':
      if (state.mode !== 'follower')
        return { ok: false, error: `this core is the ${state.mode}, not a following backup` };
      return { ok: true, state: { mode: 'primary' } };
    case 'supersede':
      // A follower is never superseded: it has no records of its own that could compete.
      if (state.mode === 'follower') return { ok: false, error: 'a following backup is not superseded' };
      if (state.mode === 'superseded' && state.by.term >= transition.by.term)
        return { ok: false, error: `already superseded by term ${state.by.term}` };
      return { ok: true, state: { mode: 'superseded', by: transition.by } };
    default:
      return transition satisfies never;
  }
}

/** The replication into a follower (core/follower.ts). */
export interface Following {
  /** Stops taking records and resolves once every record already received is written. */
  stop(): Promise<void>;
}

/** The watch for a promoted backup elsewhere (core/termWatch.ts), run while this core is the primary. */
export interface TermWatch {
  stop(): void;
  checkNow(): void;
}

/** What this machine runs only as the primary. */
export interface PrimaryAdapters {
  /** Connects OBS and the chat sources. A failure leaves the core as it was. */
  start(): Promise<void>;
  /** Stops what a replaced core must not run (the chat sources). */
  stopReplaced(): Promise<void>;
}

export interface CoreRoleOptions {
  initial: 'primary' | 'follower';
  adapters?: PrimaryAdapters;
  log?: (line: string) => void;
}

const NO_ADAPTERS: PrimaryAdapters = {
  start: () => Promise.resolve(),
  stopReplaced: () => Promise.resolve(),
};

export class CoreRole extends EventEmitter<{ change: [CoreRoleState] }> {
  private current: CoreRoleState;
  private readonly adapters: PrimaryAdapters;
  private readonly log: (line: string) => void;
  private following: Following | null = null;
  private watchFactory: (() => TermWatch) | null = null;
  private termWatch: TermWatch | null = null;
  private promoting = false;
  private closed = false;

  constructor(options: CoreRoleOptions) {
    super();
    this.current = options.initial === 'follower' ? { mode: 'follower', status: null } : { mode: 'primary' };
    this.adapters = options.adapters ?? NO_ADAPTERS;
    this.log = options.log ?? ((line) => console.log(line));
  }

  get state(): CoreRoleState {
    return this.current;
  }

  get mode(): CoreMode {
    return this.current.mode;
  }

  get followerStatus(): FollowerStatus | null {
    return this.current.mode === 'follower' ? this.current.status : null;
  }

  get supersededBy(): SupersededBy | null {
    return this.current.mode === 'superseded' ? this.current.by : null;
  }

  /** Why this core takes no commands, or null when it is the primary. */
  refusal(): string | null {
    const state = this.current;
    switch (state.mode) {
      case 'primary':
        return null;
      case 'follower': {
        const from = state.status?.primaryUrl ?? 'the primary';
        return `this core is a backup following ${from}; use the primary, or promote this one to take over`;
      }
      case 'superseded': {
        const where = state.by.url ? ` at ${state.by.url}` : '';
        return `this core was replaced by a promoted backup (term ${state.by.term}${where}); its state is no longer the show's`;
      }
      default:
        return state satisfies never;
    }
  }

  /** A follower's replication: this role stops it when the core is promoted or closed. */
  follow(following: Following): void {
    if (this.current.mode !== 'follower') throw new Error(`a ${this.current.mode} core does not follow`);
    this.following = following;
  }

  setFollowerStatus(status: FollowerStatus): void {
    if (this.current.mode !== 'follower') return;
    this.current = { mode: 'follower', status };
    this.emit('change', this.current);
  }

  /** The watch for higher terms, run from now on whenever this core is the primary. */
  watchTerms(factory: () => TermWatch): void {
    this.watchFactory = factory;
    if (this.current.mode === 'primary') this.termWatch ??= factory();
  }

  /** Someone (a screen) claims a higher term exists: ask the other cores now. Only their answer counts. */
  checkTerms(): void {
    this.termWatch?.checkNow();
  }

  /** A core that starts as the primary connects its adapters. */
  async startPrimary(): Promise<void> {
    if (this.current.mode !== 'primary')
      throw new Error(`a ${this.current.mode} core is not started as the primary`);
    await this.adapters.start();
  }

  /**
   * Takes over: stops following (keeping every record received), starts OBS and chat, then
   * `journalTerm` makes this core the primary (with `becomePrimary`, in its command queue, so
   * no command runs between the switch and the new term's record) and writes the new term.
   * Everyone hears of the change once the term is written. If the adapters fail to start, the
   * core stays a follower that no longer follows, and says so.
   */
  async promote(journalTerm: (becomePrimary: () => void) => Promise<CommandResult>): Promise<CommandResult> {
    const next = nextRoleState(this.current, { type: 'promote' });
    if (!next.ok) return { ok: false, status: 409, error: next.error };
    if (this.promoting)
      return { ok: false, status: 409, error: 'a promotion of this core is already under way' };
    this.promoting = true;
    try {
      await this.stopFollowing();
      try {
        await this.adapters.start();
      } catch (error) {
        return { ok: false, status: 500, error: `not promoted: ${(error as Error).message}` };
      }
      const journaled = await journalTerm(() => this.enter(next.state, false));
      this.announce();
      return journaled;
    } finally {
      this.promoting = false;
    }
  }

  /** A promoted backup restarted with `--follow`: its own journal's term is the higher one, so it runs the show. */
  async resume(): Promise<void> {
    const next = nextRoleState(this.current, { type: 'resume' });
    if (!next.ok) throw new Error(next.error);
    await this.stopFollowing();
    this.enter(next.state);
    await this.adapters.start();
  }

  /**
   * A core with a higher term runs the same show: this one stops taking commands (its records
   * after the takeover are not the show's) and says so; its journal stays as it is, for the record.
   */
  async supersede(by: SupersededBy): Promise<void> {
    const was = this.current.mode;
    const next = nextRoleState(this.current, { type: 'supersede', by });
    if (!next.ok) return;
    this.log(
      `superseded: a core with term ${by.term}${by.url ? ` at ${by.url}` : ''} exists; this one takes no more commands`,
    );
    this.enter(next.state);
    if (was === 'primary') await this.adapters.stopReplaced();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.termWatch?.stop();
    this.termWatch = null;
    await this.stopFollowing();
  }

  private async stopFollowing(): Promise<void> {
    const following = this.following;
    this.following = null;
    await following?.stop();
  }

  private enter(state: CoreRoleState, announce = true): void {
    this.current = state;
    if (state.mode === 'primary' && !this.closed && this.watchFactory) this.termWatch ??= this.watchFactory();
    if (state.mode !== 'primary') {
      this.termWatch?.stop();
      this.termWatch = null;
    }
    if (announce) this.announce();
  }

  private announce(): void {
    this.emit('change', this.current);
  }
}
