/**
 * A small, fully known show for the shared/ unit tests, plus the helpers they share: a deep
 * freeze (to prove the reducer never mutates), a decide context with predictable ids, and a
 * seeded PRNG so simulations are the same on every run.
 */
import type { DecideContext } from '../../shared/decision.js';
import type { CrewMessage, SentMessage, Segment, ShowInfo, ShowState, Timer } from '../../shared/model.js';
import { emptyShowState } from '../../shared/model.js';
import { applyEvent } from '../../shared/reducer.js';
import type { Role } from '../../shared/roles.js';

export const MIN = 60_000;
/** 2022-12-15T12:30:00Z, when NormConf's keynote started. */
export const T0 = Date.UTC(2022, 11, 15, 12, 30, 0);

export const SHOW_ID = 'test-show';
export const SHOW_INFO: ShowInfo = {
  name: 'Test Conf',
  timezone: 'America/New_York',
  displayTimezones: ['UTC'],
};

export function segment(overrides: Partial<Segment> & Pick<Segment, 'id'>): Segment {
  return {
    kind: 'talk',
    session: 'Session 1',
    title: `Title of ${overrides.id}`,
    speakers: [],
    plannedStart: null,
    durationMs: 30 * MIN,
    warningMs: 5 * MIN,
    dangerMs: 1 * MIN,
    notes: '',
    ...overrides,
  };
}

/** keynote 30 min, talk 25 min, break 15 min, lightning 5 min, back to back from T0. */
export function fixtureSegments(): Segment[] {
  return [
    segment({
      id: 'keynote',
      kind: 'keynote',
      title: 'Opening keynote',
      speakers: ['Vicki Boykis'],
      plannedStart: T0,
      durationMs: 30 * MIN,
      warningMs: 5 * MIN,
      dangerMs: 1 * MIN,
    }),
    segment({
      id: 'talk',
      kind: 'talk',
      title: 'Group-by statements that save the day',
      speakers: ['Vincent D. Warmerdam'],
      plannedStart: T0 + 30 * MIN,
      durationMs: 25 * MIN,
      warningMs: 5 * MIN,
      dangerMs: 2 * MIN,
    }),
    segment({
      id: 'break',
      kind: 'break',
      title: 'Coffee break',
      plannedStart: T0 + 55 * MIN,
      durationMs: 15 * MIN,
      warningMs: 2 * MIN,
      dangerMs: 30_000,
    }),
    segment({
      id: 'lightning',
      kind: 'lightning',
      title: 'Config files for fast and reproducible ML experiments',
      speakers: ['Anuvabh Dutt'],
      plannedStart: T0 + 70 * MIN,
      durationMs: 5 * MIN,
      warningMs: 1 * MIN,
      dangerMs: 15_000,
    }),
  ];
}

export function segmentById(state: ShowState, id: string): Segment {
  const found = state.segments.find((s) => s.id === id);
  if (!found) throw new Error(`fixture has no segment "${id}"`);
  return found;
}

/** The show with its rundown loaded, nothing started. */
export function fixtureShow(): ShowState {
  return { ...emptyShowState(SHOW_ID, SHOW_INFO), segments: fixtureSegments() };
}

/** The show with `segmentId` live since `at` (the segments before it not run). */
export function liveShow(segmentId = 'keynote', at = T0): ShowState {
  return applyEvent(fixtureShow(), { type: 'segmentStarted', segmentId, at });
}

export function timer(overrides: Partial<Timer> = {}): Timer {
  return { segmentId: 'keynote', startedAt: T0, pausedAt: null, pausedTotalMs: 0, addedMs: 0, ...overrides };
}

export function message(id: string, overrides: Partial<SentMessage> = {}): CrewMessage {
  return {
    id,
    text: `message ${id}`,
    preset: 'custom',
    sentAt: T0,
    from: 'producer',
    acks: [],
    ...overrides,
  };
}

/** A decide context whose ids are predictable: id-1, id-2, … */
export function ctx(now = T0, role: Role = 'producer'): DecideContext & { ids: string[] } {
  const ids: string[] = [];
  return {
    now,
    role,
    ids,
    newId: () => {
      const id = `id-${ids.length + 1}`;
      ids.push(id);
      return id;
    },
  };
}

/** Freezes an object graph so any mutation throws in strict mode (ESM is strict). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    }
  }
  return value;
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
