import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SchedulerClock } from '../../../core/runtime/scheduler.js';
import { Scheduler } from '../../../core/runtime/scheduler.js';
import { CoreRole } from '../../../core/runtime/coreRole.js';
import { ShowCore } from '../../../core/showCore.js';
import type { AutomaticReason } from '../../../shared/events.js';
import type { CommandInput } from '../../../shared/commands.js';
import type { RecordMessage } from '../../../shared/protocol.js';
import { dueAction } from '../../../shared/scheduleActions.js';
import { tempDir } from '../harness.js';

/**
 * The scheduler with a real core and journal on disk, and a clock the test moves. Timers keep
 * their place when the wall clock steps, as Node's do (they run on a monotonic clock).
 */
class TestClock implements SchedulerClock {
  private timers = new Map<number, { at: number; run: () => void }>();
  private ids = 0;
  constructor(public t: number) {}
  now = () => this.t;
  setTimeout(run: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.set(id, { at: this.t + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** The wall clock jumps (NTP): pending timers still fire after the same wait. */
  step(deltaMs: number): void {
    this.t += deltaMs;
    for (const timer of this.timers.values()) timer.at += deltaMs;
  }
  /** Moves time forward to `to`, running each timer at its instant and letting what it starts finish. */
  async advanceTo(to: number, settle: () => Promise<void>): Promise<void> {
    for (let guard = 0; guard < 100_000; guard++) {
      let next: [number, { at: number; run: () => void }] | null = null;
      for (const entry of this.timers) if (!next || entry[1].at < next[1].at) next = entry;
      if (!next || next[1].at > to) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].run();
      await settle();
    }
    this.t = Math.max(this.t, to);
  }
}

const MIN = 60_000;
const T0 = Date.UTC(2022, 11, 15, 12, 30, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const SHOW = { name: 'Test Conf', timezone: 'UTC', displayTimezones: [] };

/** id, start offset (min), length (min), start mode, end action. */
type Row = [string, number, number, string?, string?];
function csv(rows: Row[]): string {
  return [
    'id,start_utc,duration_min,title,start_mode,end_action',
    ...rows.map(([id, start, length, mode = '', action = '']) =>
      [id, iso(T0 + start * MIN), length, `Talk ${id}`, mode, action].join(','),
    ),
  ].join('\n');
}

const LIGHTNING: Row[] = [
  ['l1', 0, 5, '', 'next'],
  ['l2', 5, 5, '', 'next'],
  ['l3', 10, 5, '', 'next'],
  ['talk', 15, 20],
  ['sponsor', 35, 10, 'hard'],
];

interface Harness {
  core: ShowCore;
  scheduler: Scheduler;
  records: RecordMessage[];
  advanceTo(at: number): Promise<void>;
  run(command: CommandInput): Promise<void>;
  close(): Promise<void>;
}

let dirs: { remove: () => void }[] = [];
beforeEach(() => (dirs = []));
afterEach(() => dirs.forEach((d) => d.remove()));

function newDir(): string {
  const dir = tempDir('showcaller-scheduler-');
  dirs.push(dir);
  return dir.dir;
}

async function open(showDir: string, clock: TestClock, role?: CoreRole): Promise<Harness> {
  const core = await ShowCore.open({ showId: 'sched', showDir, now: clock.now, log: () => undefined, role });
  const scheduler = new Scheduler({ core, clock, log: () => undefined });
  const records: RecordMessage[] = [];
  core.on('record', (record) => records.push(record));
  scheduler.start();
  const settle = async () => {
    await scheduler.settled();
    // The journal's fsync and the record's listeners run on the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    await scheduler.settled();
  };
  return {
    core,
    scheduler,
    records,
    advanceTo: (at) => clock.advanceTo(at, settle),
    run: async (command) => {
      const result = await core.execute(command, 'producer', {
        clientId: null,
        name: 'Pat',
        givenName: 'Pat',
      });
      if (!result.ok) throw new Error(`${command.type}: ${result.error}`);
      await settle();
    },
    close: async () => {
      await scheduler.stop();
      await core.close();
    },
  };
}

/** Every automatic start in the records: which segment, when, why. */
function automaticStarts(records: RecordMessage[]): [string, number, AutomaticReason['kind']][] {
  return records.flatMap((r) =>
    r.events.flatMap((e) =>
      e.type === 'segmentStarted' && e.auto ? [[e.segmentId, e.at, e.auto.kind]] : [],
    ),
  ) as [string, number, AutomaticReason['kind']][];
}

async function showWith(rows: Row[], clock: TestClock, dir = newDir()): Promise<Harness & { dir: string }> {
  const h = await open(dir, clock);
  await h.run({ type: 'importRundown', format: 'csv', text: csv(rows), show: SHOW });
  return { ...h, dir };
}

describe('Scheduler: automatic starts on a real core and journal', () => {
  it('advances a lightning block by itself, each talk at the instant the one before is up', async () => {
    const clock = new TestClock(T0);
    const h = await showWith(LIGHTNING, clock);
    await h.run({ type: 'startSegment', segmentId: 'l1' });
    await h.advanceTo(T0 + 30 * MIN);
    expect(automaticStarts(h.records)).toEqual([
      ['l2', T0 + 5 * MIN, 'endAction'],
      ['l3', T0 + 10 * MIN, 'endAction'],
      ['talk', T0 + 15 * MIN, 'endAction'],
    ]);
    // The last lightning talk ended by itself; "talk" has no end action, so it runs over.
    expect(h.core.state.live.currentSegmentId).toBe('talk');
    await h.close();
  });

  it('fires a hard start at its planned time, cutting the talk that runs over', async () => {
    const clock = new TestClock(T0 + 15 * MIN);
    const h = await showWith(LIGHTNING, clock);
    await h.run({ type: 'startSegment', segmentId: 'talk' });
    await h.run({ type: 'adjustTime', deltaMs: 10 * MIN });
    await h.advanceTo(T0 + 40 * MIN);
    expect(automaticStarts(h.records)).toEqual([['sponsor', T0 + 35 * MIN, 'hardStart']]);
    expect(h.core.state.actuals['talk']?.endedAt).toBe(T0 + 35 * MIN);
    await h.close();
  });

  it('after a clock step past several hard starts, starts only the latest: one start, no burst', async () => {
    const clock = new TestClock(T0);
    const h = await showWith(
      [
        ['keynote', 0, 20],
        ['a', 20, 20, 'hard'],
        ['b', 40, 20, 'hard'],
        ['c', 60, 20, 'hard'],
      ],
      clock,
    );
    await h.run({ type: 'startSegment', segmentId: 'keynote' });
    await h.advanceTo(T0 + 10 * MIN);
    clock.step(55 * MIN);
    await h.advanceTo(T0 + 70 * MIN);
    // Noticed at the next wake-up, at most a second after the step.
    const starts = automaticStarts(h.records);
    expect(starts.map(([id, , kind]) => [id, kind])).toEqual([['c', 'hardStart']]);
    expect(starts[0]![1]).toBeGreaterThanOrEqual(T0 + 65 * MIN);
    expect(starts[0]![1]).toBeLessThanOrEqual(T0 + 65 * MIN + 1_000);
    expect(h.core.state.live.currentSegmentId).toBe('c');
    await h.close();
  });

  it("lets a producer's start win over a pending automatic one", async () => {
    const clock = new TestClock(T0);
    const h = await showWith(LIGHTNING, clock);
    await h.run({ type: 'startSegment', segmentId: 'l1' });
    clock.step(5 * MIN); // the moment is due, and the producer is first in the queue
    const due = dueAction(h.core.state, clock.now())!;
    expect(due.segmentId).toBe('l2');
    const manual = h.core.execute({ type: 'startSegment', segmentId: 'l3' }, 'producer', {
      clientId: null,
      name: 'Pat',
      givenName: 'Pat',
    });
    await expect(h.core.actAutomatically(due)).resolves.toBeNull();
    await expect(manual).resolves.toMatchObject({ ok: true });
    await h.advanceTo(T0 + 9 * MIN);
    expect(automaticStarts(h.records)).toEqual([]);
    expect(h.core.state.live.currentSegmentId).toBe('l3');
    await h.close();
  });

  it('does nothing while paused, does not fire what fell due meanwhile, and acts again once on', async () => {
    const clock = new TestClock(T0);
    const h = await showWith(LIGHTNING, clock);
    await h.run({ type: 'startSegment', segmentId: 'l1' });
    await h.run({ type: 'setAutomation', paused: true });
    await h.advanceTo(T0 + 12 * MIN);
    await h.run({ type: 'setAutomation', paused: false });
    await h.advanceTo(T0 + 20 * MIN);
    expect(automaticStarts(h.records)).toEqual([]);
    // The producer moves on by hand; the block runs by itself again from there.
    await h.run({ type: 'startSegment', segmentId: 'l3' });
    await h.advanceTo(T0 + 26 * MIN);
    expect(automaticStarts(h.records)).toEqual([['talk', T0 + 25 * MIN, 'endAction']]);
    await h.close();
  });

  it('after a restart past a due moment acts once, and after another restart not again', async () => {
    const clock = new TestClock(T0 + 15 * MIN);
    const first = await showWith(LIGHTNING, clock);
    await first.run({ type: 'startSegment', segmentId: 'talk' });
    await first.advanceTo(T0 + 30 * MIN);
    await first.close(); // down from 14:00 to 14:08, over the sponsor's hard start
    clock.step(8 * MIN);
    const second = await open(first.dir, clock);
    await second.advanceTo(T0 + 40 * MIN);
    expect(automaticStarts(second.records)).toEqual([['sponsor', T0 + 38 * MIN, 'hardStart']]);
    await second.close();
    const third = await open(first.dir, clock);
    await third.advanceTo(T0 + 44 * MIN);
    expect(automaticStarts(third.records)).toEqual([]);
    expect(third.core.state.live.currentSegmentId).toBe('sponsor');
    await third.close();
  });

  it('on a backup: nothing while following; once promoted past the due moment, acts once', async () => {
    const clock = new TestClock(T0 + 15 * MIN);
    const primary = await showWith(LIGHTNING, clock);
    await primary.run({ type: 'startSegment', segmentId: 'talk' });
    const role = new CoreRole({ initial: 'follower', log: () => undefined });
    const backup = await open(newDir(), clock, role);
    for (const record of primary.records) await backup.core.appendReplicated(record);
    await primary.close(); // the primary dies at 13:50, before the 14:05 hard start
    await backup.advanceTo(T0 + 37 * MIN);
    expect(automaticStarts(backup.records)).toEqual([]);
    await backup.run({ type: 'promote' });
    await backup.advanceTo(T0 + 40 * MIN);
    expect(automaticStarts(backup.records)).toEqual([['sponsor', T0 + 37 * MIN, 'hardStart']]);
    await backup.close();
  });

  it('on a backup that received the automatic start: promoted, it does not start it again', async () => {
    const clock = new TestClock(T0 + 15 * MIN);
    const primary = await showWith(LIGHTNING, clock);
    await primary.run({ type: 'startSegment', segmentId: 'talk' });
    await primary.advanceTo(T0 + 36 * MIN);
    expect(automaticStarts(primary.records)).toHaveLength(1);
    const role = new CoreRole({ initial: 'follower', log: () => undefined });
    const backup = await open(newDir(), clock, role);
    for (const record of primary.records) await backup.core.appendReplicated(record);
    await primary.close();
    await backup.run({ type: 'promote' });
    await backup.advanceTo(T0 + 44 * MIN);
    expect(automaticStarts(backup.records.filter((r) => r.seq > primary.core.seq))).toEqual([]);
    expect(backup.core.state.live.currentSegmentId).toBe('sponsor');
    await backup.close();
  });
});
