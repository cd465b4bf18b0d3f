/**
 * What the schedule projection costs a screen per record. Every screen derives the offset and
 * the expected times from the state (docs/schedule.md), so after each record it applies it and
 * calls `projectSchedule` once. The benchmark runs a 2,000-segment rundown as a show does —
 * every segment started in turn by `decide` (so each start carries its `expectedAt`), with time
 * added and a pause and resume between starts — and after each record times:
 *   (a) the baseline: one plain pass over the 2,000-segment array (summing planned lengths and
 *       counting planned starts), the least any per-record look at the rundown costs;
 *   (b) `projectSchedule(state, now)`, what the screens do.
 * The two take turns after every record, so whatever else the machine does falls on both alike.
 */
import type { ShowCommand } from '../shared/commands.js';
import { decide } from '../shared/decide.js';
import type { Segment, ShowState } from '../shared/model.js';
import { emptyShowState } from '../shared/model.js';
import { applyEvents } from '../shared/reducer.js';
import { projectSchedule } from '../shared/schedule.js';
import type { Summary } from './stats.js';
import { median, monoMs, summarize } from './stats.js';

export interface ScheduleBenchResult {
  segments: number;
  sessions: number;
  hardStarts: number;
  /** Records per run, and runs (each replays the whole show). */
  records: number;
  runs: number;
  /** Per record, every run pooled, ms. */
  projectMs: Summary;
  passMs: Summary;
  /** Medians of the per-run medians, ms. */
  projectMedianMs: number;
  passMedianMs: number;
}

const MIN = 60_000;
const T0 = Date.UTC(2026, 5, 1, 8, 0, 0);
const PER_SESSION = 10;

/** Sessions of 10 segments of 5–14 min back to back; every session opens on a hard start. */
function rundown(count: number): Segment[] {
  const segments: Segment[] = [];
  let at = T0;
  for (let i = 0; i < count; i++) {
    const durationMs = (5 + (i % 10)) * MIN;
    const opensSession = i % PER_SESSION === 0;
    segments.push({
      id: `s${i}`,
      kind: i % PER_SESSION === PER_SESSION - 1 ? 'break' : 'talk',
      session: `Session ${Math.floor(i / PER_SESSION) + 1}`,
      title: `Talk ${i}`,
      speakers: [`Speaker ${i}`],
      plannedStart: opensSession ? at : null,
      durationMs,
      warningMs: MIN,
      dangerMs: 30_000,
      notes: '',
      ...(opensSession && i > 0 ? { startMode: 'hard' as const } : {}),
    });
    at += durationMs;
  }
  return segments;
}

/** The show's records and the instant after each, from `decide` as the core journals them. */
function showRecords(segments: Segment[]): { states: ShowState[]; at: number[] } {
  let state = applyEvents(emptyShowState('bench-schedule'), [
    { type: 'rundownImported', show: { name: 'Bench', timezone: 'UTC', displayTimezones: [] }, segments },
  ]);
  const states: ShowState[] = [];
  const at: number[] = [];
  let now = T0;
  let ids = 0;
  const run = (cmd: ShowCommand) => {
    const decision = decide(state, cmd, { now, role: 'producer', newId: () => `id-${++ids}` });
    if (!decision.ok) throw new Error(`${cmd.type}: ${decision.error}`);
    state = applyEvents(state, decision.events);
    states.push(state);
    at.push(now);
  };
  for (const segment of segments) {
    run({ type: 'startSegment', segmentId: segment.id });
    now += 2 * MIN;
    run({ type: 'adjustTime', deltaMs: 30_000 });
    now += 30_000;
    run({ type: 'pauseTimer' });
    now += 10_000;
    run({ type: 'resumeTimer' });
    // Run a little over or under the plan, so the show drifts both ways.
    now += segment.durationMs - 2 * MIN + ((Number(segment.id.slice(1)) % 7) - 3) * 20_000;
  }
  return { states, at };
}

/** One plain pass over the rundown: every segment read once, nothing allocated. */
function plainPass(segments: readonly Segment[]): number {
  let total = 0;
  let planned = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    total += s.durationMs;
    if (s.plannedStart !== null) planned++;
  }
  return total + planned;
}

export async function runScheduleBench(options: {
  segments: number;
  runs: number;
  log: (line: string) => void;
}): Promise<ScheduleBenchResult> {
  const segments = rundown(options.segments);
  const { states, at } = showRecords(segments);
  const project: number[] = [];
  const pass: number[] = [];
  const projectMedians: number[] = [];
  const passMedians: number[] = [];
  let sink = 0;
  // One untimed run first: let V8 compile both at their optimised tiers.
  for (let r = -1; r < options.runs; r++) {
    const runProject: number[] = [];
    const runPass: number[] = [];
    for (let k = 0; k < states.length; k++) {
      const state = states[k]!;
      const now = at[k]! + 1000;
      let started = monoMs();
      sink += plainPass(state.segments);
      const passMs = monoMs() - started;
      started = monoMs();
      const projection = projectSchedule(state, now);
      const projectMs = monoMs() - started;
      sink += projection.cursor;
      if (r < 0) continue;
      runPass.push(passMs);
      runProject.push(projectMs);
    }
    if (r < 0) continue;
    project.push(...runProject);
    pass.push(...runPass);
    projectMedians.push(median(runProject));
    passMedians.push(median(runPass));
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (sink === 0) throw new Error('nothing was computed');
  const result: ScheduleBenchResult = {
    segments: segments.length,
    sessions: Math.ceil(segments.length / PER_SESSION),
    hardStarts: segments.filter((s) => s.startMode === 'hard').length,
    records: states.length,
    runs: options.runs,
    projectMs: summarize(project),
    passMs: summarize(pass),
    projectMedianMs: median(projectMedians),
    passMedianMs: median(passMedians),
  };
  options.log(
    `schedule: ${result.segments} segments, ${result.records} records × ${result.runs} runs: ` +
      `projectSchedule p50 ${result.projectMs.p50.toFixed(3)} ms, p99 ${result.projectMs.p99.toFixed(3)} ms, max ${result.projectMs.max.toFixed(3)} ms; ` +
      `plain pass p50 ${result.passMs.p50.toFixed(4)} ms (${(result.projectMs.p50 / result.passMs.p50).toFixed(1)}×)`,
  );
  return result;
}
