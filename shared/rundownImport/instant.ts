// Parses a CSV start time: an ISO 8601 / RFC 3339 instant with a mandatory zone, to epoch ms.
import type { Cell } from './errors.js';
import { shown } from './errors.js';

/**
 * ISO 8601 / RFC 3339 instant. A space may stand for "T" because spreadsheets write it that
 * way; the zone is mandatory because a bare local time is ambiguous across the audience's zones.
 */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function parseInstant(raw: string): Cell<number> {
  const invalid: Cell<number> = {
    ok: false,
    message: `not a valid ISO 8601 time (${shown(raw)}); write it like 2022-12-15T12:30:00Z`,
  };
  const m = INSTANT.exec(raw);
  if (!m) return invalid;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const daysInMonth = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (daysInMonth === undefined || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return invalid;
  }
  if (zone === undefined) {
    return {
      ok: false,
      message: `${shown(raw)} has no time zone; add Z for UTC or an offset such as +01:00`,
    };
  }
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (offH > 23 || offM > 59) return invalid;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (offH * 60 + offM);
  }
  // Date.UTC maps years 0–99 to 19xx; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000));
  return { ok: true, value: date.getTime() - offsetMinutes * 60_000 };
}
