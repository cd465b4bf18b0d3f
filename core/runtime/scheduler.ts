import type { ShowState } from '../../shared/model.js';
import type { CommandResult } from '../../shared/protocol.js';
import type { AutomaticStart } from '../../shared/scheduleActions.js';
import { dueAction, nextActionAt } from '../../shared/scheduleActions.js';

/**
 * The core's scheduler: starts segments by themselves when the rundown says so (hard starts,
 * end actions, follow; shared/scheduleActions.ts decides which, docs/schedule.md explains).
 *
 * It is driven by absolute time, not by intervals: each time it wakes it asks the journaled
 * state what is due at the clock's `now`, so a late wake-up, a restart or a promotion past a
 * due moment acts on it once, and a timer that fires early or twice does nothing. It wakes at
 * the next instant something may fall due, and at least every `maxWaitMs`, so a step of the
 * machine's clock is noticed within a second; a failed start is tried again after `retryMs`.
 * Only a primary acts: a backup applies the primary's automatic starts as records, as it does
 * everything else, and starts acting itself from its promotion on.
 */
export interface SchedulerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the scheduler needs of the core (core/showCore.ts). */
export interface SchedulerPort {
  readonly state: ShowState;
  readonly mode: 'primary' | 'follower' | 'superseded';
  /** Journals the start if it is still due when its turn in the command queue comes; null if not. */
  actAutomatically(start: AutomaticStart): Promise<CommandResult | null>;
  on(event: 'record' | 'status', listener: () => void): unknown;
  off(event: 'record' | 'status', listener: () => void): unknown;
}

export interface SchedulerOptions {
  core: SchedulerPort;
  clock?: SchedulerClock;
  log?: (line: string) => void;
  maxWaitMs?: number;
  retryMs?: number;
}

export const MAX_WAIT_MS = 1_000;
export const RETRY_MS = 5_000;

/** Node's timers (not keeping the process alive) with the core's `now`. */
export function systemClock(now: () => number = Date.now): SchedulerClock {
  return {
    now,
    setTimeout: (run, ms) => {
      const handle = setTimeout(run, ms);
      handle.unref();
      return handle;
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

export class Scheduler {
  private readonly core: SchedulerPort;
  private readonly clock: SchedulerClock;
  private readonly log: (line: string) => void;
  private readonly maxWaitMs: number;
  private readonly retryMs: number;
  private timer: unknown = null;
  private running = false;
  private acting: Promise<void> | null = null;
  /** A start that failed to be journaled is not tried again before this instant. */
  private retryAfter = 0;
  private readonly wake = () => this.schedule(0);

  constructor(options: SchedulerOptions) {
    this.core = options.core;
    this.clock = options.clock ?? systemClock();
    this.log = options.log ?? ((line) => console.warn(line));
    this.maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
    this.retryMs = options.retryMs ?? RETRY_MS;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // A new record (a person's command, a replicated record) or a change of mode may move the next due moment.
    this.core.on('record', this.wake);
    this.core.on('status', this.wake);
    this.schedule(0);
  }

  /** Stops waking; resolves once a start already under way is journaled (or refused). */
  stop(): Promise<void> {
    this.running = false;
    this.core.off('record', this.wake);
    this.core.off('status', this.wake);
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    return this.settled();
  }

  /** Resolves when no start is under way. */
  async settled(): Promise<void> {
    while (this.acting) await this.acting;
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.acting) return; // it sleeps again when the start under way is done
      this.acting = this.tick().finally(() => (this.acting = null));
    }, ms);
  }

  /** Acts on what is due now, if anything, then sleeps until the next due moment (at most a second). */
  private async tick(): Promise<void> {
    const now = this.clock.now();
    if (this.core.mode === 'primary' && now >= this.retryAfter) {
      const due = dueAction(this.core.state, now);
      if (due) {
        const result = await this.core.actAutomatically(due).catch((error: unknown) => ({
          ok: false as const,
          error: (error as Error).message,
        }));
        if (result && !result.ok) {
          this.log(`automatic start of "${due.segmentId}" (${due.reason.kind}) failed: ${result.error}`);
          this.retryAfter = this.clock.now() + this.retryMs;
        }
      }
    }
    this.sleep();
  }

  private sleep(): void {
    const now = this.clock.now();
    const next = this.core.mode === 'primary' ? nextActionAt(this.core.state, now) : null;
    const until = Math.max(next ?? Infinity, this.retryAfter);
    this.schedule(Math.max(0, Math.min(until - now, this.maxWaitMs)));
  }
}
