/**
 * One AbortSignal lifecycle for every adapter (OBS, Slack, YouTube).
 *
 * A `Lifecycle` runs one piece of work at a time, each run with its own fresh AbortController:
 * whatever a run starts (waits, retries, timers) is handed that run's signal, so stopping the run
 * cancels exactly its work and never a later run's. `stop()` aborts and then waits until the run
 * has settled, so when it resolves nothing of that run is still going; calling it twice, or when
 * nothing runs, is safe; `start()` after `stop()` begins a new run with a new signal.
 *
 * The waits here settle as soon as their signal aborts and clear their timer when they do, so an
 * aborted wait never leaves a timer behind.
 */

/**
 * Whether `signal` has aborted, read afresh. Use it after an await: TypeScript keeps the
 * narrowing of `signal.aborted` from a check before the await, not knowing that another task
 * may have aborted the signal meanwhile.
 */
export function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}

/** Resolves after `ms`, or as soon as `signal` aborts. Must not reject (a test clock can be one). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** What `waitUntil` reads the time from and sleeps with; tests pass a clock they drive. */
export interface Clock {
  now(): number;
  sleep?: Sleep;
}

export interface SleepOptions {
  /** Do not keep the process alive for this timer alone (a reconnect wait in a closing process). */
  unref?: boolean;
}

/** The reason a signal was aborted with, as an Error (an AbortError when it was not one). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(typeof reason === 'string' ? reason : 'aborted');
  error.name = 'AbortError';
  return error;
}

/** Waits `ms`; rejects with the abort reason as soon as `signal` aborts (at once if it already has). */
export function sleep(ms: number, signal: AbortSignal, options: SleepOptions = {}): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    if (options.unref) timer.unref();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Waits `ms`, or less when `signal` aborts; never rejects. The default `Sleep`. */
export const delay: Sleep = (ms, signal) =>
  sleep(ms, signal).then(
    () => undefined,
    () => undefined,
  );

/** Resolves when `signal` aborts (at once if it already has). */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export type WaitOutcome = 'done' | 'aborted' | 'woken';

export interface WaitOptions {
  /** Aborting this ends the wait early with 'woken' (e.g. "the plan changed: wait again"). */
  wake?: AbortSignal;
  /**
   * Long waits are slept in chunks of at most this, each re-reading the clock, so a machine that
   * slept through the deadline wakes up on time rather than a whole sleep late.
   */
  maxChunkMs?: number;
}

/**
 * Waits until `clock.now()` reaches `at`. Never rejects: 'done' at the deadline, 'aborted' as
 * soon as `signal` aborts, 'woken' as soon as `options.wake` aborts.
 */
export async function waitUntil(
  at: number,
  signal: AbortSignal,
  clock: Clock,
  options: WaitOptions = {},
): Promise<WaitOutcome> {
  const rest = clock.sleep ?? delay;
  const chunkMs = options.maxChunkMs ?? Number.POSITIVE_INFINITY;
  const { wake } = options;
  for (let now = clock.now(); now < at; now = clock.now()) {
    if (signal.aborted) return 'aborted';
    if (wake?.aborted) return 'woken';
    // One signal for this chunk, aborted by either: the sleep ends on whichever comes first.
    const chunk = new AbortController();
    const cut = (): void => chunk.abort();
    signal.addEventListener('abort', cut, { once: true });
    wake?.addEventListener('abort', cut, { once: true });
    try {
      await rest(Math.min(at - now, chunkMs), chunk.signal);
    } finally {
      signal.removeEventListener('abort', cut);
      wake?.removeEventListener('abort', cut);
    }
    if (isAborted(signal)) return 'aborted';
    if (wake && isAborted(wake)) return 'woken';
  }
  return signal.aborted ? 'aborted' : 'done';
}

/** A run: the work of one start, given the signal that its stop aborts. */
export type Run = (signal: AbortSignal) => Promise<void> | void;

export class Lifecycle {
  private controller: AbortController | null = null;
  private current: Promise<void> | null = null;
  /** Runs aborted but not yet settled (a restart does not wait for the old one). */
  private readonly settling = new Set<Promise<void>>();

  /** Whether a run is going (started, not stopped, not ended by itself). */
  get running(): boolean {
    return this.controller !== null;
  }

  /** The running run's signal, or null. */
  get signal(): AbortSignal | null {
    return this.controller?.signal ?? null;
  }

  /** Resolves when the latest run has settled (at once when there has been none). */
  get settled(): Promise<void> {
    return this.current ?? Promise.resolve();
  }

  /**
   * Starts `run` with a fresh signal and returns that signal; when a run is already going it is
   * left alone and null is returned. A run that ends by itself ends the lifecycle's run too
   * (`running` turns false), and a failure of it is not this object's to report: the run
   * catches what it wants reported.
   */
  start(run: Run): AbortSignal | null {
    if (this.controller) return null;
    const controller = new AbortController();
    this.controller = controller;
    const ran = (async () => {
      try {
        await run(controller.signal);
      } catch {
        // The run's own business: it reports its failures before it rejects, if it wants them seen.
      }
    })();
    const settled: Promise<void> = ran.finally(() => {
      if (this.controller === controller) this.controller = null;
      this.settling.delete(settled);
    });
    this.current = settled;
    this.settling.add(settled);
    return controller.signal;
  }

  /** Aborts the running run, if any, without waiting for it (it settles in the background). */
  abort(reason: string = 'stopped'): void {
    const controller = this.controller;
    if (!controller) return;
    this.controller = null;
    controller.abort(abortReason(reason));
  }

  /** Aborts the running run and resolves once every run this object started has settled. */
  async stop(reason: string = 'stopped'): Promise<void> {
    this.abort(reason);
    while (this.settling.size > 0) await Promise.all([...this.settling]);
  }
}

function abortReason(reason: string): Error {
  const error = new Error(reason);
  error.name = 'AbortError';
  return error;
}
