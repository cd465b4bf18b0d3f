import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator } from '../../shared/clock.js';
import { formatCountdown, readTimer } from '../../shared/timer.js';
import { MIN, T0, liveShow, segmentById, seededRandom, timer } from './fixtures.js';

/**
 * A simulated network between one client and the core. Real time is the core's clock; the
 * client's clock reads real time + skewMs, so the true offset (core − client) is −skewMs.
 * Each leg of a ping takes a base latency plus its own jitter, drawn independently (so the
 * legs are asymmetric), skewed towards small values the way a LAN is quiet most of the time,
 * up to 40 ms, and now and then a 500 ms spike on one leg.
 */
interface SimulatedClient {
  skewMs: number;
  estimator: ClockOffsetEstimator;
  /** Every sample taken, for checking the simulation itself. */
  samples: { offsetMs: number; rttMs: number }[];
}

const SPIKE_MS = 500;

function legDelay(random: () => number): number {
  const base = 0.3;
  const jitter = 40 * random() ** 4;
  const spike = random() < 0.08 ? SPIKE_MS : 0;
  return base + jitter + spike;
}

function simulateClient(skewMs: number, seed: number, pings = 16, startReal = T0): SimulatedClient {
  const random = seededRandom(seed);
  const estimator = new ClockOffsetEstimator();
  const samples: SimulatedClient['samples'] = [];
  let real = startReal;
  for (let i = 0; i < pings; i++) {
    const clientSentAt = real + skewMs;
    const arrival = real + legDelay(random);
    const serverTime = arrival; // the core stamps its clock as it answers
    const back = arrival + random() * 0.2 + legDelay(random);
    const clientReceivedAt = back + skewMs;
    const sample = estimator.addSample(clientSentAt, serverTime, clientReceivedAt);
    if (sample) samples.push(sample);
    real = back + 1_000; // one ping a second
  }
  return { skewMs, estimator, samples };
}

describe('ClockOffsetEstimator: settling after a snapshot', () => {
  it('rejects samples whose round trip is far above the best, even when they are most of the window', () => {
    const clock = new ClockOffsetEstimator();
    // Three pongs that waited 120-180 ms behind a snapshot on the way back: each leans by half.
    clock.addSample(0, 60, 120);
    clock.addSample(130, 220, 310);
    clock.addSample(320, 410, 500);
    // Then two quiet exchanges with the true offset 0.
    clock.addSample(600, 601, 602);
    clock.addSample(700, 701.5, 703);
    expect(clock.offsetMs).toBeCloseTo(0, 5);
  });

  it('is settled only with three trusted samples and a best round trip under 10 ms', () => {
    const clock = new ClockOffsetEstimator();
    clock.addSample(0, 1, 2);
    clock.addSample(10, 11, 12);
    expect(clock.isSettled).toBe(false);
    clock.addSample(20, 120, 220); // far above the best: not trusted, does not count
    expect(clock.isSettled).toBe(false);
    clock.addSample(300, 301, 303);
    expect(clock.isSettled).toBe(true);

    const slow = new ClockOffsetEstimator();
    for (let t = 0; t < 5; t++) slow.addSample(t * 100, t * 100 + 15, t * 100 + 30);
    expect(slow.isSettled).toBe(false); // consistent, but each can be 15 ms wrong
  });

  it('drops the exchanges that began before a given moment (the snapshot applied)', () => {
    const clock = new ClockOffsetEstimator();
    clock.addSample(0, 90, 120);
    clock.addSample(50, 100, 130);
    clock.addSample(140, 141, 142);
    clock.discardSentBefore(135);
    expect(clock.sampleCount).toBe(1);
    expect(clock.offsetMs).toBe(0);
  });
});

describe('ClockOffsetEstimator: basics', () => {
  it('is 0 with no samples, then offset = server − midpoint of the exchange', () => {
    const clock = new ClockOffsetEstimator();
    expect(clock.offsetMs).toBe(0);
    expect(clock.bestRttMs).toBeNull();
    expect(clock.sampleCount).toBe(0);
    const sample = clock.addSample(1_000, 5_010, 1_020);
    expect(sample).toEqual({ offsetMs: 4_000, rttMs: 20, sentAt: 1_000 });
    expect(clock.offsetMs).toBe(4_000);
    expect(clock.bestRttMs).toBe(20);
  });

  it('serverNow maps client time to core time', () => {
    const clock = new ClockOffsetEstimator();
    clock.addSample(10_000, 7_005, 10_010); // core is 3 s behind the client
    expect(clock.offsetMs).toBe(-3_000);
    expect(clock.serverNow(50_000)).toBe(47_000);
  });

  it('ignores samples with a negative or non-finite round trip', () => {
    const clock = new ClockOffsetEstimator();
    clock.addSample(1_000, 2_000, 1_000); // rtt 0 is fine
    expect(clock.addSample(1_000, 900_000, 999)).toBeNull();
    expect(clock.addSample(Number.NaN, 900_000, 999)).toBeNull();
    expect(clock.addSample(1_000, Number.POSITIVE_INFINITY, 1_010)).toBeNull();
    expect(clock.sampleCount).toBe(1);
    expect(clock.offsetMs).toBe(1_000);
  });

  it('trusts the lowest-RTT samples only', () => {
    const clock = new ClockOffsetEstimator({ best: 1 });
    clock.addSample(0, 100 + 200, 400); // rtt 400, offset 100
    clock.addSample(1_000, 1_000 + 5 + 7, 1_010); // rtt 10, offset 7
    clock.addSample(2_000, 2_000 + 300, 2_300); // rtt 300, offset 150
    expect(clock.offsetMs).toBe(7);
    expect(clock.bestRttMs).toBe(10);
  });

  it('takes the median of the best samples (odd and even counts)', () => {
    const odd = new ClockOffsetEstimator({ best: 3 });
    const even = new ClockOffsetEstimator({ best: 4 });
    // rtt 2 each, offsets 10, 50, 20, 1000 (as if one answer were stamped very late), then a slow one.
    for (const [i, offset] of [10, 50, 20, 1_000].entries()) {
      odd.addSample(i * 100, i * 100 + 1 + offset, i * 100 + 2);
      even.addSample(i * 100, i * 100 + 1 + offset, i * 100 + 2);
    }
    odd.addSample(900, 900 + 50 + 3, 1_000); // rtt 100: not among the best
    even.addSample(900, 900 + 50 + 3, 1_000);
    // Ties on rtt keep insertion order: the best 3 are offsets 10, 50, 20 → median 20.
    expect(odd.offsetMs).toBe(20);
    // Best 4: 10, 20, 50, 1000 → (20 + 50) / 2.
    expect(even.offsetMs).toBe(35);
  });

  it('keeps only the newest `window` samples', () => {
    const clock = new ClockOffsetEstimator({ window: 4, best: 1 });
    clock.addSample(0, 0 + 0.5 + 111, 1); // rtt 1, offset 111: the best, and the oldest
    for (let i = 1; i <= 3; i++) clock.addSample(i * 100, i * 100 + 5 + 222, i * 100 + 10); // rtt 10, offset 222
    expect(clock.sampleCount).toBe(4);
    expect(clock.offsetMs).toBe(111);
    expect(clock.bestRttMs).toBe(1);
    clock.addSample(500, 500 + 10 + 333, 520); // pushes the rtt-1 sample out
    expect(clock.sampleCount).toBe(4);
    expect(clock.bestRttMs).toBe(10);
    expect(clock.offsetMs).toBe(222);
  });

  it('reset forgets every sample', () => {
    const clock = new ClockOffsetEstimator();
    clock.addSample(0, 500, 10);
    clock.reset();
    expect(clock.sampleCount).toBe(0);
    expect(clock.offsetMs).toBe(0);
    expect(clock.serverNow(123)).toBe(123);
  });

  it('refuses options that would leave no sample to trust', () => {
    expect(() => new ClockOffsetEstimator({ best: 0 })).toThrow(RangeError);
    expect(() => new ClockOffsetEstimator({ window: 0 })).toThrow(RangeError);
    expect(() => new ClockOffsetEstimator({ window: 2.5 })).toThrow(RangeError);
  });
});

describe('ClockOffsetEstimator: simulated network', () => {
  it.each([
    ['5 minutes ahead', 5 * MIN, 1],
    ['5 minutes behind', -5 * MIN, 2],
    ['5 minutes ahead (another network)', 5 * MIN + 0.37, 3],
    ['5 minutes behind (another network)', -5 * MIN - 0.81, 4],
  ])('a client %s is within 5 ms after 16 pings', (_name, skewMs, seed) => {
    const client = simulateClient(skewMs, seed);
    const trueOffset = -skewMs;
    expect(client.estimator.sampleCount).toBe(16);
    // The simulation is honestly noisy: spikes happened, and a plain average would be fooled.
    expect(Math.max(...client.samples.map((s) => s.rttMs))).toBeGreaterThan(SPIKE_MS);
    const error = Math.abs(client.estimator.offsetMs - trueOffset);
    expect(error).toBeLessThanOrEqual(5);
    // The error is bounded by half the round trip of the samples it was taken from.
    const best = [...client.samples].sort((a, b) => a.rttMs - b.rttMs).slice(0, 4);
    expect(error).toBeLessThanOrEqual(Math.max(...best.map((s) => s.rttMs)) / 2);
    expect(Math.abs(client.estimator.serverNow(T0 + skewMs) - T0)).toBeLessThanOrEqual(5);
  });

  it('the lowest-RTT selection is what makes it accurate (a plain mean is not)', () => {
    let meanMisses = 0;
    for (let i = 0; i < 50; i++) {
      const client = simulateClient(5 * MIN, 100 + i);
      const mean = client.samples.reduce((sum, s) => sum + s.offsetMs, 0) / client.samples.length;
      if (Math.abs(mean + client.skewMs) > 5) meanMisses++;
      expect(Math.abs(client.estimator.offsetMs + client.skewMs)).toBeLessThanOrEqual(5);
    }
    expect(meanMisses).toBeGreaterThan(10);
  });
});

describe('timer agreement across 50 clients with skewed clocks', () => {
  const keynote = segmentById(liveShow(), 'keynote');
  const clients = Array.from({ length: 50 }, (_, i) => {
    // Spread over ±5 min, with fractional milliseconds so nothing lines up by luck.
    const skewMs = -5 * MIN + (i * 10 * MIN) / 49 + ((i * 7919) % 1000) / 1000;
    return simulateClient(skewMs, 1_000 + i, 16, T0 - 60_000);
  });

  it('every client shows the same second as the core, within 5 ms', () => {
    const running = timer({ startedAt: T0, pausedTotalMs: 42_000, addedMs: 60_000 });
    // Readings in the middle of a second, near a phase change and in overtime.
    const instants = [T0 + 5 * MIN + 250, T0 + 26 * MIN + 42_000 + 500, T0 + 32 * MIN + 500];
    for (const real of instants) {
      const core = readTimer(running, keynote, real);
      for (const client of clients) {
        const clientClock = real + client.skewMs;
        const shown = readTimer(running, keynote, client.estimator.serverNow(clientClock));
        expect(Math.abs(shown.remainingMs - core.remainingMs)).toBeLessThanOrEqual(5);
        expect(formatCountdown(shown.remainingMs)).toBe(formatCountdown(core.remainingMs));
        expect(shown.phase).toBe(core.phase);
      }
    }
  });

  it('a paused timer reads exactly the same everywhere', () => {
    const paused = timer({ startedAt: T0, pausedAt: T0 + 7 * MIN + 123 });
    const core = readTimer(paused, keynote, T0 + 9 * MIN);
    for (const client of clients) {
      const shown = readTimer(paused, keynote, client.estimator.serverNow(T0 + 9 * MIN + client.skewMs));
      expect(shown.remainingMs).toBe(core.remainingMs);
    }
    expect(formatCountdown(core.remainingMs)).toBe('23:00');
  });

  it('without the offset the skewed clients would be minutes wrong', () => {
    const running = timer({ startedAt: T0 });
    const real = T0 + 10 * MIN;
    const core = readTimer(running, keynote, real);
    const wrong = clients.filter(
      (c) =>
        formatCountdown(readTimer(running, keynote, real + c.skewMs).remainingMs) !==
        formatCountdown(core.remainingMs),
    );
    expect(wrong.length).toBeGreaterThan(45);
  });
});
