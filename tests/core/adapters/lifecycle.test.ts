import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../../core/adapters/lifecycle.js';
import { Lifecycle, aborted, delay, sleep, waitUntil } from '../../../core/adapters/lifecycle.js';

/** Lets pending promise callbacks run (fake timers do not advance them by themselves). */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('abortable waits (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sleep resolves after its time and leaves no timer', async () => {
    const done = vi.fn();
    void sleep(1_000, new AbortController().signal).then(done);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('abort during sleep rejects at once, with the reason, and clears the timer', async () => {
    const controller = new AbortController();
    const settled = sleep(60_000, controller.signal).then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    expect(vi.getTimerCount()).toBe(1);
    controller.abort(new Error('stopped by the test'));
    await flush();
    // No timer was advanced: the rejection came from the abort, not from the time running out.
    await expect(settled).resolves.toBe('stopped by the test');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sleep on an already aborted signal rejects without starting a timer', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(1_000, controller.signal)).rejects.toThrow();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('delay never rejects: abort ends it early, without a timer left', async () => {
    const controller = new AbortController();
    const done = vi.fn();
    void delay(60_000, controller.signal).then(done);
    controller.abort();
    await flush();
    expect(done).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waitUntil waits for the clock to reach the deadline, chunk by chunk', async () => {
    const clock: Clock = { now: () => Date.now() };
    const start = Date.now();
    const outcome = vi.fn();
    void waitUntil(start + 150_000, new AbortController().signal, clock, { maxChunkMs: 60_000 }).then(
      outcome,
    );
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(outcome).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(outcome).toHaveBeenCalledWith('done');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waitUntil says aborted as soon as the signal aborts, and woken when the wake-up does', async () => {
    const clock: Clock = { now: () => Date.now() };
    const stop = new AbortController();
    const first = waitUntil(Date.now() + 600_000, stop.signal, clock);
    stop.abort();
    await expect(first).resolves.toBe('aborted');
    expect(vi.getTimerCount()).toBe(0);

    const wake = new AbortController();
    const second = waitUntil(Date.now() + 600_000, new AbortController().signal, clock, {
      wake: wake.signal,
      maxChunkMs: 60_000,
    });
    await vi.advanceTimersByTimeAsync(90_000); // into the second chunk
    wake.abort();
    await expect(second).resolves.toBe('woken');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waitUntil sleeps with the clock it is given (a test clock that never rejects)', async () => {
    let time = 0;
    const asked: number[] = [];
    const clock: Clock = {
      now: () => time,
      sleep: (ms) => {
        asked.push(ms);
        time += ms;
        return Promise.resolve();
      },
    };
    await expect(
      waitUntil(130_000, new AbortController().signal, clock, { maxChunkMs: 60_000 }),
    ).resolves.toBe('done');
    expect(asked).toEqual([60_000, 60_000, 10_000]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('Lifecycle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A run that retries every second until stopped, as the adapters' reconnect loops do. */
  const retryLoop = (log: string[]) => async (signal: AbortSignal) => {
    try {
      for (;;) {
        log.push('attempt');
        await sleep(1_000, signal);
      }
    } catch {
      log.push('settled');
    }
  };

  it('start runs with a fresh signal; stop aborts it and waits until it has settled', async () => {
    const life = new Lifecycle();
    const log: string[] = [];
    const signal = life.start(retryLoop(log));
    expect(signal).not.toBeNull();
    expect(life.running).toBe(true);
    expect(life.signal).toBe(signal);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(log).toEqual(['attempt', 'attempt', 'attempt']);
    await life.stop();
    // No timer advanced since: the run settled because of the abort, promptly.
    expect(log).toEqual(['attempt', 'attempt', 'attempt', 'settled']);
    expect(signal?.aborted).toBe(true);
    expect(life.running).toBe(false);
    expect(life.signal).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop twice (and stop before any start) is safe', async () => {
    const life = new Lifecycle();
    await life.stop();
    const log: string[] = [];
    life.start(retryLoop(log));
    await Promise.all([life.stop(), life.stop()]);
    await life.stop();
    expect(log).toEqual(['attempt', 'settled']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('start while running leaves the running one alone', async () => {
    const life = new Lifecycle();
    const log: string[] = [];
    const first = life.start(retryLoop(log));
    expect(life.start(retryLoop(log))).toBeNull();
    expect(life.signal).toBe(first);
    await life.stop();
    expect(log).toEqual(['attempt', 'settled']);
  });

  it('start after stop works, with a new signal the old stop cannot touch', async () => {
    const life = new Lifecycle();
    const log: string[] = [];
    const first = life.start(retryLoop(log));
    await life.stop();
    const second = life.start(retryLoop(log));
    expect(second).not.toBe(first);
    expect(second?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(['attempt', 'settled', 'attempt', 'attempt']);
    await life.stop();
    expect(second?.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a run that ends by itself ends the lifecycle run; settled resolves', async () => {
    const life = new Lifecycle();
    life.start(async (signal) => {
      await sleep(500, signal);
    });
    await vi.advanceTimersByTimeAsync(500);
    await life.settled;
    expect(life.running).toBe(false);
    await life.stop();
  });

  it('a run that rejects still settles, and stop does not throw', async () => {
    const life = new Lifecycle();
    life.start(() => Promise.reject(new Error('boom')));
    await expect(life.stop()).resolves.toBeUndefined();
    expect(life.running).toBe(false);
  });

  it('abort (a restart) does not wait, but a later stop waits for every run still settling', async () => {
    const life = new Lifecycle();
    const events: string[] = [];
    life.start(async (signal) => {
      await aborted(signal);
      await sleep(100, new AbortController().signal); // cleanup that takes a moment
      events.push('old settled');
    });
    life.abort('restart');
    const second = life.start(retryLoop(events));
    expect(second?.aborted).toBe(false);
    const stopped = life.stop().then(() => events.push('stop resolved'));
    await vi.advanceTimersByTimeAsync(100);
    await stopped;
    expect(events).toEqual(['attempt', 'settled', 'old settled', 'stop resolved']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
