/**
 * The YouTube Data API quota, planned. Pure: no Node, no DOM, no clock of its own (every function
 * takes `now`), so the core, the tests and a producer screen that wants to show "at this rate the
 * quota runs out at 18:40" all get the same numbers.
 *
 * A Google Cloud project gets 10,000 units a day by default, reset at midnight Pacific Time.
 * Polling live chat costs 5 units a call, so one call every 5 s spends the whole day's quota in
 * 10,000 / 5 × 5 s = 10,000 s ≈ 2.8 h; a 15-hour show has to wait ≥ 15 × 3600 / 2000 = 27 s
 * between calls to keep listening until the end. The planner picks the interval.
 */

import { zonedParts } from './zonedParts.js';

/** Where YouTube's quota day starts and ends: "Daily quotas reset at midnight Pacific Time (PT)". */
export const YOUTUBE_QUOTA_TIME_ZONE = 'America/Los_Angeles';

/** "10,000 units per day combined for all other endpoints" (developers.google.com/youtube/v3/determine_quota_cost). */
export const DEFAULT_DAILY_QUOTA_UNITS = 10_000;

/**
 * liveChatMessages.list: "A call to this method has a quota cost of 5 units."
 * (developers.google.com/youtube/v3/live/docs/liveChatMessages/list, as of 2026).
 */
export const LIVE_CHAT_MESSAGES_LIST_COST = 5;

/** videos.list: 1 unit, whatever `part` asks for (determine_quota_cost). search.list is 100: never used. */
export const VIDEOS_LIST_COST = 1;

/** What the planner assumes until the API has said its own pollingIntervalMillis. */
export const ASSUMED_POLLING_INTERVAL_MS = 5_000;

export const QUOTA_PRIORITIES = ['speed', 'balanced', 'duration'] as const;
/**
 * The producer's trade between speed and duration:
 * - `speed`: poll as fast as the API allows; the status says when the quota runs out.
 * - `duration`: poll just slowly enough for the remaining quota to last until the show ends (or
 *   the quota resets, whichever comes first), never faster than the API allows.
 * - `balanced`: the interval halfway between the two. Time-to-exhaustion grows linearly with the
 *   interval, so this is also the interval whose quota runs out halfway between the `speed`
 *   exhaustion time and the end of the show.
 */
export type QuotaPriority = (typeof QUOTA_PRIORITIES)[number];

// ---------------------------------------------------------------------------------------------
// Pacific calendar.

interface CivilTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function pacificCivil(epochMs: number): CivilTime {
  const fields = zonedParts(epochMs, YOUTUBE_QUOTA_TIME_ZONE);
  return {
    year: Number(fields.year ?? 1970),
    month: Number(fields.month ?? 1),
    day: Number(fields.day ?? 1),
    hour: Number(fields.hour ?? 0),
    minute: Number(fields.minute ?? 0),
    second: Number(fields.second ?? 0),
  };
}

/** Pacific local time minus UTC at this instant, in ms (−8 h in winter, −7 h in summer). */
function pacificOffsetMs(epochMs: number): number {
  const c = pacificCivil(epochMs);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant of 00:00 Pacific on the day `dayOffset` days after the Pacific day containing `epochMs`. */
function pacificMidnight(epochMs: number, dayOffset: number): number {
  const c = pacificCivil(epochMs);
  // Midnight as if Pacific were UTC, then shifted by the offset in force at that midnight. The
  // second pass matters on DST days, when the offset at the guess differs from the one at the
  // answer. Midnight itself is never skipped or repeated (the US changes clocks at 02:00).
  const naive = Date.UTC(c.year, c.month - 1, c.day + dayOffset);
  const first = naive - pacificOffsetMs(naive);
  return naive - pacificOffsetMs(first);
}

/** The Pacific calendar day an instant belongs to, "2025-03-09": the key of a quota day. */
export function quotaDayKey(epochMs: number): string {
  const c = pacificCivil(epochMs);
  return `${String(c.year).padStart(4, '0')}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
}

/** When the current quota day began: the last Pacific midnight at or before `epochMs`. */
export function quotaDayStart(epochMs: number): number {
  return pacificMidnight(epochMs, 0);
}

/** When the quota next resets: the first Pacific midnight strictly after `epochMs`. */
export function nextQuotaReset(epochMs: number): number {
  return pacificMidnight(epochMs, 1);
}

// ---------------------------------------------------------------------------------------------
// The planner.

export interface QuotaPlanInput {
  /** The project's daily allowance (units). */
  dailyUnits: number;
  /** Units spent so far this quota day. */
  usedUnits: number;
  now: number;
  /** The next reset (see nextQuotaReset). */
  resetsAt: number;
  /** The show's planned end (epoch ms), or null when unknown. A past end counts as unknown. */
  showEndsAt: number | null;
  /** The API's pollingIntervalMillis: never poll sooner. */
  apiMinIntervalMs: number;
  /** The producer's own floor and ceiling for the interval. */
  minIntervalMs?: number;
  maxIntervalMs?: number;
  priority: QuotaPriority;
  /** Units per poll; liveChatMessages.list by default. */
  unitsPerCall?: number;
}

export interface QuotaPlan {
  /** The interval to wait between polls. */
  intervalMs: number;
  /** The fastest allowed: max(pollingIntervalMillis, minIntervalMs). */
  floorMs: number;
  /** The interval that makes the remaining quota last exactly until `horizon` (≥ 0). */
  stretchMs: number;
  /** What the quota has to last until: the show's end or the reset, whichever comes first. */
  horizon: number;
  /** Polls the remaining quota pays for. */
  callsLeft: number;
  /** When, polling at intervalMs, the quota runs out; null if it lasts until the reset. */
  exhaustsAt: number | null;
  /** Whether the remaining quota lasts until `horizon` at intervalMs. */
  lastsUntilHorizon: boolean;
}

/**
 * Picks the poll interval. Exhaustion is projected as `now + callsLeft × intervalMs`: the first
 * call goes out now, and after the last affordable call the next one would find no quota.
 * The interval is never below the floor (the API's pollingIntervalMillis and minIntervalMs), and
 * never above maxIntervalMs unless the floor itself is higher.
 */
export function planQuota(input: QuotaPlanInput): QuotaPlan {
  const unitsPerCall = input.unitsPerCall ?? LIVE_CHAT_MESSAGES_LIST_COST;
  const floorMs = Math.max(1, Math.ceil(input.apiMinIntervalMs), Math.ceil(input.minIntervalMs ?? 0));
  const ceilingMs = Math.max(floorMs, input.maxIntervalMs ?? Number.POSITIVE_INFINITY);
  const remaining = Math.max(0, input.dailyUnits - Math.max(0, input.usedUnits));
  const callsLeft = Math.floor(remaining / unitsPerCall);
  const showEnd = input.showEndsAt !== null && input.showEndsAt > input.now ? input.showEndsAt : null;
  const horizon = Math.min(input.resetsAt, showEnd ?? input.resetsAt);
  const span = Math.max(0, horizon - input.now);

  if (callsLeft === 0) {
    // Our count says the day's quota is spent. The API has the last word (another app may share
    // the project, or the allowance may be larger than configured), so keep asking, slowly.
    const intervalMs = Number.isFinite(ceilingMs) ? ceilingMs : floorMs;
    return {
      intervalMs,
      floorMs,
      stretchMs: span,
      horizon,
      callsLeft,
      exhaustsAt: input.now,
      lastsUntilHorizon: span === 0,
    };
  }

  const stretchMs = Math.ceil(span / callsLeft);
  let chosen: number;
  switch (input.priority) {
    case 'speed':
      chosen = floorMs;
      break;
    case 'duration':
      chosen = Math.max(floorMs, stretchMs);
      break;
    case 'balanced':
      chosen = stretchMs > floorMs ? Math.ceil(floorMs + (stretchMs - floorMs) / 2) : floorMs;
      break;
    default:
      chosen = input.priority satisfies never;
  }
  const intervalMs = Math.max(floorMs, Math.min(chosen, ceilingMs));
  const runsOutAt = input.now + callsLeft * intervalMs;
  return {
    intervalMs,
    floorMs,
    stretchMs,
    horizon,
    callsLeft,
    exhaustsAt: runsOutAt >= input.resetsAt ? null : runsOutAt,
    lastsUntilHorizon: runsOutAt >= horizon,
  };
}
