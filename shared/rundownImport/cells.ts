// Parses the other CSV cells (minutes, fixed choices, speakers) and fills in what a row leaves out (thresholds, ids).
import { DEFAULT_DANGER_MS, DEFAULT_WARNING_MS, MAX_DURATION_MS } from '../model.js';
import type { Cell } from './errors.js';
import { shown } from './errors.js';

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Minutes (possibly fractional) to whole milliseconds. */
export function parseMinutes(raw: string, what: string, allowZero: boolean): Cell<number> {
  if (!DECIMAL.test(raw)) {
    const hint = /^\d+,\d+$/.test(raw) ? '; use a point for decimals, e.g. 7.5' : '';
    return { ok: false, message: `${what} is not a number of minutes (${shown(raw)})${hint}` };
  }
  const ms = Math.round(Number(raw) * 60_000);
  if (ms < 0 || (ms === 0 && !allowZero)) {
    return {
      ok: false,
      message: `${what} must be ${allowZero ? 'zero or more' : 'more than zero'} (${shown(raw)})`,
    };
  }
  if (ms > MAX_DURATION_MS) {
    return { ok: false, message: `${what} is longer than 24 hours (${shown(raw)} minutes)` };
  }
  return { ok: true, value: ms };
}

/** One of a fixed list of words, case-insensitive; empty means the given default. */
export function parseChoice<T extends string>(
  raw: string,
  choices: readonly T[],
  what: string,
  empty: string,
): Cell<T | undefined> {
  if (raw === '') return { ok: true, value: undefined };
  const lower = raw.toLowerCase();
  const value = choices.find((c) => c === lower);
  if (value !== undefined) return { ok: true, value };
  return {
    ok: false,
    message: `unknown ${what} ${shown(raw)}; use one of ${choices.join(', ')} (empty means ${empty})`,
  };
}

/** " & " and ";" only: a comma may be part of a name ("Smith, Jr."), and "&" alone of a company. */
export function splitSpeakers(raw: string): string[] {
  return raw
    .split(/\s+&\s+|;/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function formatMinutes(ms: number): string {
  return `${Number((ms / 60_000).toFixed(3))} min`;
}

/**
 * Thresholds a producer left out. The model's 5 min / 1 min suit a 30-minute talk but would
 * turn a 5-minute lightning talk amber at once, so each is capped by a share of the segment:
 * warning = min(5 min, 50% of the duration), danger = min(1 min, 20% of the duration). A default
 * also yields to an explicit value in the other column so that danger ≤ warning holds unless
 * the producer wrote both and got them the wrong way round.
 */
export function defaultThresholds(
  durationMs: number,
  explicit: { warningMs?: number | undefined; dangerMs?: number | undefined } = {},
): { warningMs: number; dangerMs: number } {
  const warningMs =
    explicit.warningMs ??
    Math.max(Math.min(DEFAULT_WARNING_MS, Math.round(durationMs * 0.5)), explicit.dangerMs ?? 0);
  const dangerMs = explicit.dangerMs ?? Math.min(DEFAULT_DANGER_MS, Math.round(durationMs * 0.2), warningMs);
  return { warningMs, dangerMs };
}

export function generatedId(prefix: string, index: number): string {
  return `${prefix}${String(index + 1).padStart(3, '0')}`;
}
