import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Rundown, ShowInfo } from '../../shared/model.js';
import { Rundown as RundownSchema } from '../../shared/model.js';
import type { ImportError, ImportResult } from '../../shared/rundownImport.js';
import {
  defaultThresholds,
  formatImportErrors,
  importRundownCsv,
  importRundownJson,
  MAX_IMPORT_ERRORS,
  MAX_RUNDOWN_BYTES,
} from '../../shared/rundownImport.js';

const MIN = 60_000;
const SHOW: ShowInfo = { name: 'NormConf 2022', timezone: 'America/New_York', displayTimezones: ['UTC'] };

// NormConf 2022's real schedule and its lightning-talk list, as published (bytes unchanged, CRLF).
const SAMPLES = new URL('../fixtures/samples/', import.meta.url);
const sample = (name: string) => readFileSync(fileURLToPath(new URL(name, SAMPLES)), 'utf8');
const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/rundowns/${name}`, import.meta.url)), 'utf8');

const HEADER = 'session,start_utc,duration_min,kind,speaker,title';

function expectOk(result: ImportResult): { rundown: Rundown; warnings: string[] } {
  if (!result.ok) throw new Error(`expected the import to succeed:\n${formatImportErrors(result.errors)}`);
  expect(RundownSchema.safeParse(result.rundown).success).toBe(true);
  return result;
}

function expectErrors(result: ImportResult): ImportError[] {
  if (result.ok) throw new Error('expected the import to fail');
  expect(result.errors.length).toBeGreaterThan(0);
  return result.errors;
}

const where = (errors: ImportError[]) => errors.map((e) => [e.line, e.column]);

/** xorshift32: the same "random" bytes on every run and machine. */
function randomBytes(count: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(count);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    bytes[i] = s & 0xff;
  }
  return bytes;
}

describe('importRundownCsv: the NormConf 2022 sample', () => {
  const csv = sample('normconf-2022.csv');

  it('imports every row, in order, with the real times', () => {
    const { rundown, warnings } = expectOk(importRundownCsv(csv, { show: SHOW }));
    const dataLines = csv.split(/\r?\n/).filter((l) => l.trim() !== '').length - 1;
    expect(rundown.segments).toHaveLength(dataLines);
    expect(rundown.segments).toHaveLength(31);
    expect(warnings).toEqual([]);
    expect(rundown.show).toEqual(SHOW);
    expect(rundown.segments[0]).toEqual({
      id: 's001',
      kind: 'keynote',
      session: 'Session 1',
      title: 'Keynote',
      speakers: ['Vicki Boykis'],
      plannedStart: Date.parse('2022-12-15T12:30:00Z'),
      durationMs: 30 * MIN,
      warningMs: 5 * MIN,
      dangerMs: 1 * MIN,
      notes: '',
    });
    expect(rundown.segments.at(-1)).toMatchObject({
      id: 's031',
      speakers: ['Chris Albon'],
      plannedStart: Date.parse('2022-12-16T03:30:00Z'),
    });
    const starts = rundown.segments.map((s) => s.plannedStart ?? 0);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('keeps quoted commas, combining marks and emoji exactly', () => {
    const { rundown } = expectOk(importRundownCsv(csv, { show: SHOW }));
    const titles = rundown.segments.map((s) => s.title);
    expect(titles).toContain('Data is the new o\u0336i\u0336l\u0336 coffee');
    expect(titles).toContain(
      "What's the simplest possible thing that might work, and why didn't you try that first?",
    );
    const coffee = rundown.segments.find((s) => s.kind === 'break');
    expect(coffee).toMatchObject({ title: '\u2615 Coffee/Nutella Break \u{1F330}\u{1F36B}', speakers: [] });
  });

  it('imports identically after re-saving with a BOM, with LF or with CRLF line endings', () => {
    const plain = expectOk(importRundownCsv(csv, { show: SHOW })).rundown;
    const lf = csv.replace(/\r\n/g, '\n');
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(crlf).not.toBe(lf);
    for (const variant of [lf, crlf, `\uFEFF${crlf}`, `\uFEFF${lf}`, `${lf}\n\n\n`, `${crlf}\r\n  \r\n`]) {
      expect(expectOk(importRundownCsv(variant, { show: SHOW })).rundown).toEqual(plain);
    }
  });

  it('gives the same ids on every import, and uses the id prefix', () => {
    const a = expectOk(importRundownCsv(csv, { show: SHOW })).rundown;
    const b = expectOk(importRundownCsv(csv, { show: SHOW })).rundown;
    expect(b.segments.map((s) => s.id)).toEqual(a.segments.map((s) => s.id));
    const prefixed = expectOk(importRundownCsv(csv, { show: SHOW, idPrefix: 'nc22-' })).rundown;
    expect(prefixed.segments.slice(0, 2).map((s) => s.id)).toEqual(['nc22-001', 'nc22-002']);
  });

  it('refuses the lightning sheet, which has no times, naming the missing columns', () => {
    const errors = expectErrors(importRundownCsv(sample('normconf-2022-lightning.csv'), { show: SHOW }));
    expect(where(errors)).toEqual([
      [1, 'start_utc'],
      [1, 'duration_min'],
    ]);
    for (const error of errors) expect(error.message).toMatch(/"speaker", "title"/);
    expect(formatImportErrors(errors)).toMatch(
      /^line 1, column start_utc: missing required column start_utc/,
    );
  });
});

describe('importRundownCsv: awkward but valid files', () => {
  const { rundown, warnings } = expectOk(importRundownCsv(fixture('tricky.csv'), { show: SHOW }));
  const [keynote, rockets, arabic, hebrew, oil, coffee, panel] = rundown.segments;

  it('reads quoted commas, doubled quotes, line breaks in quotes and trims the rest', () => {
    expect(rundown.segments).toHaveLength(7);
    expect(keynote).toMatchObject({
      id: 's001',
      kind: 'keynote',
      session: 'Day 1',
      title: 'Hello, world: a "quoted" intro',
      speakers: ['Ana Ruiz', 'Bo Chen'],
      notes: 'Line one\nLine two, with a comma',
      durationMs: 7.5 * MIN,
    });
    expect(rockets).toMatchObject({ session: 'Day 1', kind: 'talk', speakers: ['Smith, Jr.', 'Jane Doe'] });
  });

  it('keeps emoji, right-to-left text and combining marks exactly', () => {
    expect(rockets?.title).toBe('\u{1F680} Rockets & \u{1F469}\u{1F3FD}\u200D\u{1F4BB} laptops');
    expect(arabic).toMatchObject({ title: 'البيانات العادية', speakers: ['سارة أحمد'], kind: 'lightning' });
    expect(hebrew).toMatchObject({ title: 'נתונים רגילים', speakers: ['נועה כהן'] });
    expect(oil?.title).toBe('Data is the new o\u0336i\u0336l\u0336 coffee');
    expect(coffee?.title).toBe('☕ Coffee/Nutella Break 🌰🍫');
  });

  it('reads ISO 8601 offsets, fractional seconds and a space for T', () => {
    expect(keynote?.plannedStart).toBe(Date.parse('2022-12-15T12:30:00Z'));
    expect(rockets?.plannedStart).toBe(Date.parse('2022-12-15T12:37:30Z'));
    expect(arabic?.plannedStart).toBe(Date.parse('2022-12-15T12:45:00.250Z'));
    expect(hebrew?.plannedStart).toBe(Date.parse('2022-12-15T18:20:00Z'));
  });

  it('defaults kind to talk, allows an empty title with a speaker, and splits only on " & " and ";"', () => {
    expect(oil?.kind).toBe('talk');
    expect(panel).toMatchObject({ kind: 'panel', title: '', speakers: ['Alex Kim', 'AT&T Research'] });
  });

  it('matches headers case-insensitively, skips empty rows, and warns about unknown columns', () => {
    expect(warnings).toEqual(['line 1: ignored unknown column "room"']);
  });

  it('scales default thresholds down for short segments', () => {
    expect(keynote).toMatchObject({ warningMs: 3.75 * MIN, dangerMs: 1 * MIN });
    expect(arabic).toMatchObject({ warningMs: 2.5 * MIN, dangerMs: 1 * MIN });
    expect(coffee).toMatchObject({ durationMs: 2 * MIN, warningMs: 1 * MIN, dangerMs: 24_000 });
    expect(rockets).toMatchObject({ warningMs: 5 * MIN, dangerMs: 1 * MIN });
  });

  it('normalises to NFC without dropping marks', () => {
    const csv = `${HEADER}\nS,2022-12-15T12:30:00Z,30,talk,Jose\u0301,Cafe\u0301 o\u0336i\u0336l\u0336\n`;
    const [segment] = expectOk(importRundownCsv(csv, { show: SHOW })).rundown.segments;
    expect(segment?.title).toBe('Caf\u00e9 o\u0336i\u0336l\u0336');
    expect(segment?.speakers).toEqual(['Jos\u00e9']);
  });

  it('counts lines right after a CRLF inside a quoted field', () => {
    const csv = [
      'start_utc,duration_min,title,notes',
      '2022-12-15T12:30:00Z,30,First,"one\r\ntwo\r\nthree"',
      '2022-12-15T13:00:00Z,30,Second,',
      '2022-12-15T13:30:00Z,oops,Third,',
    ].join('\r\n');
    expect(where(expectErrors(importRundownCsv(csv, { show: SHOW })))).toEqual([[6, 'duration_min']]);
  });
});

describe('importRundownCsv: thresholds', () => {
  const rows = (cells: string[]) =>
    [
      'start_utc,duration_min,title,warning_min,danger_min',
      ...cells.map((c) => `2022-12-15T12:30:00Z,${c}`),
    ].join('\n');

  it('uses explicit values and keeps defaults below or above them as needed', () => {
    const { rundown, warnings } = expectOk(
      importRundownCsv(rows(['30,a,10,2', '5,b,,3', '5,c,0.5,', '30,d,0,0', '5,e,6,']), { show: SHOW }),
    );
    expect(rundown.segments.map((s) => [s.warningMs / MIN, s.dangerMs / MIN])).toEqual([
      [10, 2],
      [3, 3],
      [0.5, 0.5],
      [0, 0],
      [6, 1],
    ]);
    expect(warnings).toEqual([
      "line 6, column warning_min: 6 min is not less than the segment's 5 min, so its timer will be amber from the start",
    ]);
  });

  it('refuses danger above warning when both are given', () => {
    const errors = expectErrors(importRundownCsv(rows(['30,a,1,2']), { show: SHOW }));
    expect(where(errors)).toEqual([[2, 'danger_min']]);
  });

  it('defaultThresholds never puts danger above warning', () => {
    for (const minutes of [0.001, 0.5, 1, 2, 5, 7.5, 10, 30, 90, 24 * 60]) {
      const t = defaultThresholds(minutes * MIN);
      expect(t.dangerMs).toBeLessThanOrEqual(t.warningMs);
      expect(t.warningMs).toBeLessThanOrEqual(Math.max(minutes * MIN, 0));
    }
  });
});

describe('importRundownCsv: how segments start, end and time', () => {
  const rows = (cells: string[]) =>
    ['start_utc,duration_min,title,start_mode,end_action,timer,min_duration_min', ...cells].join('\n');

  it('reads start modes, end actions, timer kinds and shortest lengths, case-insensitively', () => {
    const { rundown } = expectOk(
      importRundownCsv(
        rows([
          '2022-12-15T12:00:00Z,30,Keynote,Hard,,,20',
          '2022-12-15T12:30:00Z,5,Lightning 1,follow,next,,',
          '2022-12-15T12:35:00Z,20,Open Q&A,,,countup,',
          '2022-12-15T12:55:00Z,5,Break,manual,none,CLOCK,',
        ]),
        { show: SHOW },
      ),
    );
    expect(
      rundown.segments.map((s) => [
        s.startMode,
        s.endAction,
        s.timer,
        s.minDurationMs && s.minDurationMs / MIN,
      ]),
    ).toEqual([
      ['hard', undefined, undefined, 20],
      ['follow', 'next', undefined, undefined],
      [undefined, undefined, 'countup', undefined],
      [undefined, undefined, 'clock', undefined],
    ]);
  });

  it('refuses unknown words and a shortest length above the length, at their cells', () => {
    const errors = expectErrors(
      importRundownCsv(
        rows([
          '2022-12-15T12:00:00Z,30,a,soon,,,',
          '2022-12-15T12:30:00Z,5,b,,stop,,',
          '2022-12-15T12:35:00Z,20,c,,,stopwatch,',
          '2022-12-15T12:55:00Z,5,d,,,,6',
        ]),
        { show: SHOW },
      ),
    );
    expect(where(errors)).toEqual([
      [2, 'start_mode'],
      [3, 'end_action'],
      [4, 'timer'],
      [5, 'min_duration_min'],
    ]);
    expect(errors[0]?.message).toBe(
      'unknown start mode "soon"; use one of manual, follow, hard (empty means manual)',
    );
  });

  it('refuses a hard start that overlaps the segment before it, naming its line and column', () => {
    const errors = expectErrors(
      importRundownCsv(
        rows(['2022-12-15T12:00:00Z,30,Keynote,,,,', '2022-12-15T12:20:00Z,30,Sponsor,hard,,,']),
        {
          show: SHOW,
        },
      ),
    );
    expect(where(errors)).toEqual([[3, 'start_mode']]);
    expect(formatImportErrors(errors)).toMatch(
      /^line 3, column start_mode: the hard start overlaps the segment before it/,
    );
  });
});

describe('importRundownCsv: broken files', () => {
  it('reports every bad cell at its line (counting multi-line rows) and column', () => {
    const errors = expectErrors(importRundownCsv(fixture('broken-rows.csv'), { show: SHOW }));
    expect(where(errors)).toEqual([
      [6, 'start_utc'],
      [8, 'duration_min'],
      [10, 'kind'],
      [11, 'duration_min'],
      [11, 'title'],
      [12, 'start_utc'],
    ]);
    const text = formatImportErrors(errors);
    expect(text).toContain('line 6, column start_utc: not a valid ISO 8601 time ("2022-13-45")');
    expect(text).toContain('line 8, column duration_min: duration is not a number of minutes ("thirty")');
    expect(text).toMatch(
      /line 10, column kind: unknown kind "Workshop"; use one of keynote, talk, lightning, break, panel, other/,
    );
    expect(text).toContain('line 11, column duration_min: duration must be more than zero');
    expect(text).toMatch(/line 12, column start_utc: .*no time zone/);
  });

  it('refuses bad durations', () => {
    const bad = ['-5', '0', '1441', '7,5', '30min', '1e3', ''];
    const csv = [HEADER, ...bad.map((d) => `S,2022-12-15T12:30:00Z,"${d}",talk,A,T`)].join('\n');
    const errors = expectErrors(importRundownCsv(csv, { show: SHOW }));
    expect(where(errors)).toEqual(bad.map((_, i) => [i + 2, 'duration_min']));
    expect(errors[2]?.message).toMatch(/24 hours/);
    expect(errors[3]?.message).toMatch(/use a point for decimals/);
    // 24 h exactly is allowed, and 7.5 minutes rounds to whole milliseconds
    const ok = expectOk(
      importRundownCsv(
        `${HEADER}\nS,2022-12-15T12:30:00Z,1440,talk,A,T\nS,2022-12-15T12:30:00Z,0.00001,talk,A,T`,
        { show: SHOW },
      ),
    );
    expect(ok.rundown.segments.map((s) => s.durationMs)).toEqual([24 * 60 * MIN, 1]);
  });

  it('refuses impossible or zone-less times', () => {
    const bad = [
      '2022-02-29T10:00:00Z',
      '2022-12-15T24:00:00Z',
      '2022-12-15',
      '15/12/2022 12:30',
      '2022-12-15T12:30:00+25:00',
      'soon',
    ];
    const csv = [HEADER, ...bad.map((t) => `S,${t},30,talk,A,T`)].join('\n');
    expect(where(expectErrors(importRundownCsv(csv, { show: SHOW })))).toEqual(
      bad.map((_, i) => [i + 2, 'start_utc']),
    );
    const leap = expectOk(importRundownCsv(`${HEADER}\nS,2024-02-29T10:00Z,30,talk,A,T`, { show: SHOW }));
    expect(leap.rundown.segments[0]?.plannedStart).toBe(Date.parse('2024-02-29T10:00:00Z'));
  });

  it('refuses a row with the wrong number of fields, and finds every such row', () => {
    const errors = expectErrors(importRundownCsv(fixture('wrong-field-count.csv'), { show: SHOW }));
    expect(where(errors)).toEqual([
      [3, null],
      [5, null],
    ]);
    expect(errors[0]?.message).toMatch(/7 fields but the header has 6.*unquoted comma/);
    expect(errors[1]?.message).toMatch(/5 fields but the header has 6/);
  });

  it('refuses a stray or unclosed quote, at the line where it is', () => {
    const stray = `${HEADER}\nS,2022-12-15T12:30:00Z,30,talk,A,ok\nS,2022-12-15T13:00:00Z,30,talk,A,The "best" talk\n`;
    const strayErrors = expectErrors(importRundownCsv(stray, { show: SHOW }));
    expect(where(strayErrors)).toEqual([[3, 'title']]);
    const unclosed = `${HEADER}\nS,2022-12-15T12:30:00Z,30,talk,A,ok\n\nS,2022-12-15T13:00:00Z,30,talk,A,"never\nclosed\n`;
    const unclosedErrors = expectErrors(importRundownCsv(unclosed, { show: SHOW }));
    expect(where(unclosedErrors)).toEqual([[4, null]]);
    expect(unclosedErrors[0]?.message).toMatch(/never closed/);
  });

  it('refuses missing and duplicated columns at line 1', () => {
    const missing = expectErrors(
      importRundownCsv('session,start_utc,kind\nS,2022-12-15T12:30:00Z,talk\n', { show: SHOW }),
    );
    expect(where(missing)).toEqual([
      [1, 'duration_min'],
      [1, 'title'],
    ]);
    expect(missing[0]?.message).toContain('"session", "start_utc", "kind"');
    const twice = expectErrors(
      importRundownCsv('title,start_utc,duration_min,Title\nA,2022-12-15T12:30:00Z,30,B\n', { show: SHOW }),
    );
    expect(where(twice)).toEqual([[1, 'title']]);
  });

  it('points out a semicolon-separated export', () => {
    const errors = expectErrors(
      importRundownCsv('start_utc;duration_min;title\n2022-12-15T12:30Z;30;A\n', { show: SHOW }),
    );
    expect(errors[0]?.message).toMatch(/separated by ";"/);
  });

  it('refuses duplicate ids, naming both lines, and ids the model would refuse', () => {
    const csv = `id,${HEADER}\na,S,2022-12-15T12:30:00Z,30,talk,A,T\nb,S,2022-12-15T12:30:00Z,30,talk,A,T\na,S,2022-12-15T12:30:00Z,30,talk,A,T\nno spaces,S,2022-12-15T12:30:00Z,30,talk,A,T\n`;
    const errors = expectErrors(importRundownCsv(csv, { show: SHOW }));
    expect(where(errors)).toEqual([
      [4, 'id'],
      [5, 'id'],
    ]);
    expect(errors[0]?.message).toBe('duplicate id "a" (first used on line 2)');
  });

  it('refuses a generated id clashing with a given one', () => {
    const csv = `id,${HEADER}\n,S,2022-12-15T12:30:00Z,30,talk,A,T\ns001,S,2022-12-15T12:30:00Z,30,talk,A,T\n`;
    expect(where(expectErrors(importRundownCsv(csv, { show: SHOW })))).toEqual([[3, 'id']]);
  });

  it('reports text over the model limits in the same pass as other errors', () => {
    const long = 'x'.repeat(301);
    const csv = `${HEADER}\nS,2022-12-15T12:30:00Z,30,talk,A,${long}\nS,bad,30,talk,A,T\n`;
    const errors = expectErrors(importRundownCsv(csv, { show: SHOW }));
    expect(where(errors)).toEqual([
      [2, 'title'],
      [3, 'start_utc'],
    ]);
    expect(errors[0]?.message).toBe('too long: at most 300 characters');
  });

  it('refuses an empty file, a blank file and a header with no rows', () => {
    for (const text of ['', '\uFEFF', '\n\n', ' \r\n \r\n']) {
      const errors = expectErrors(importRundownCsv(text, { show: SHOW }));
      expect(errors).toEqual([{ line: null, column: null, message: 'no segments: the file is empty' }]);
    }
    for (const text of [HEADER, `${HEADER}\r\n`, `\uFEFF${HEADER}\n\n,,,,,\n`]) {
      const errors = expectErrors(importRundownCsv(text, { show: SHOW }));
      expect(errors.map((e) => e.message)).toEqual(['no segments: the file has a header but no rows']);
    }
  });

  it('caps the error list but says there were more', () => {
    const csv = [HEADER, ...Array.from({ length: 150 }, () => 'S,nope,30,talk,A,T')].join('\n');
    const errors = expectErrors(importRundownCsv(csv, { show: SHOW }));
    expect(errors).toHaveLength(MAX_IMPORT_ERRORS + 1);
    expect(errors.at(-1)?.message).toMatch(/stopped after 100 problems/);
    const text = formatImportErrors(errors);
    expect(text.split('\n')).toHaveLength(11);
    expect(text).toMatch(/\n…and 91 more$/);
  });

  it('refuses more segments than a rundown holds', () => {
    const csv = [HEADER, ...Array.from({ length: 2001 }, () => 'S,2022-12-15T12:30:00Z,1,talk,A,T')].join(
      '\n',
    );
    const errors = expectErrors(importRundownCsv(csv, { show: SHOW }));
    expect(errors).toEqual([
      { line: 2002, column: null, message: expect.stringMatching(/at most 2000/) as string },
    ]);
  });

  it('refuses more than 5 MB at once, counting UTF-8 bytes', () => {
    for (const text of [
      `${HEADER}\n${'x'.repeat(MAX_RUNDOWN_BYTES)}`,
      'é'.repeat(MAX_RUNDOWN_BYTES / 2 + 1),
    ]) {
      const started = performance.now();
      const errors = expectErrors(importRundownCsv(text, { show: SHOW }));
      expect(performance.now() - started).toBeLessThan(500);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toMatch(/^the file is (too big|5\.1 MB); a rundown may be at most 5 MB$/);
    }
    // Just under the limit is read (and here refused for its content, not its size).
    const fits = `${HEADER}\nS,2022-12-15T12:30:00Z,30,talk,A,T,${'x'.repeat(MAX_RUNDOWN_BYTES - HEADER.length - 100)}`;
    expect(expectErrors(importRundownCsv(fits, { show: SHOW }))[0]?.message).not.toMatch(/MB/);
  });

  it('refuses 5 MB of random bytes quickly, with a line number, for several seeds', () => {
    for (const seed of [1, 2, 2022]) {
      const decoded = new TextDecoder().decode(randomBytes(MAX_RUNDOWN_BYTES, seed));
      // Invalid UTF-8 decodes to U+FFFD (3 bytes each), so cut to just under the limit.
      const text = decoded.slice(
        0,
        Math.floor((decoded.length * MAX_RUNDOWN_BYTES * 0.99) / Buffer.byteLength(decoded)),
      );
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_RUNDOWN_BYTES);
      const started = performance.now();
      const errors = expectErrors(importRundownCsv(text, { show: SHOW }));
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.line).toEqual(expect.any(Number));
      expect(errors[0]?.message).toMatch(/binary file|not UTF-8/);
    }
  }, 30_000);

  it('refuses 5 MB of random CSV-ish text with a line number, through the CSV parser', () => {
    const alphabet = [
      'a',
      'b',
      'Z',
      '0',
      '7',
      ' ',
      ',',
      ',',
      '"',
      '\n',
      '\r\n',
      ';',
      'é',
      '🚀',
      '\t',
      ':',
      '-',
    ];
    for (const seed of [3, 4, 5]) {
      const bytes = randomBytes(MAX_RUNDOWN_BYTES / 2, seed);
      const text = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_RUNDOWN_BYTES);
      const started = performance.now();
      const errors = expectErrors(importRundownCsv(text, { show: SHOW }));
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(errors.length).toBeLessThanOrEqual(MAX_IMPORT_ERRORS + 1);
      expect(errors[0]?.line).toEqual(expect.any(Number));
      expect(formatImportErrors(errors).length).toBeLessThan(10_000);
    }
  }, 30_000);

  it('refuses a spreadsheet picked by mistake, and a file that is not UTF-8', () => {
    const xlsx = new TextDecoder().decode(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    expect(expectErrors(importRundownCsv(xlsx, { show: SHOW }))).toEqual([
      {
        line: 1,
        column: null,
        message: expect.stringMatching(/binary file.*export it as "CSV UTF-8"/) as string,
      },
    ]);
    // "José" saved as Windows-1252 and read as UTF-8
    const latin1 = new Uint8Array([
      ...Buffer.from(`${HEADER}\nS,2022-12-15T12:30Z,30,talk,A,T\nS,2022-12-15T13:00Z,30,talk,Jos`),
      0xe9,
      0x0a,
    ]);
    expect(where(expectErrors(importRundownCsv(new TextDecoder().decode(latin1), { show: SHOW })))).toEqual([
      [3, null],
    ]);
  });

  it('never throws, even when called wrongly', () => {
    const junk: unknown[] = [null, undefined, 42, {}, ['a']];
    for (const text of junk) {
      expect(importRundownCsv(text as string, { show: SHOW }).ok).toBe(false);
      expect(importRundownJson(text as string).ok).toBe(false);
    }
    expect(importRundownCsv(`${HEADER}\nS,2022-12-15T12:30Z,30,talk,A,T`, undefined as never).ok).toBe(false);
    const badShow = expectErrors(
      importRundownCsv(`${HEADER}\nS,2022-12-15T12:30Z,30,talk,A,T`, {
        show: { ...SHOW, timezone: 'Mars/Olympus' },
      }),
    );
    expect(where(badShow)).toEqual([[null, 'show.timezone']]);
    expect(
      where(
        expectErrors(
          importRundownCsv(`${HEADER}\nS,2022-12-15T12:30Z,30,talk,A,T`, { show: SHOW, idPrefix: 'a b' }),
        ),
      ),
    ).toEqual([[null, null]]);
  });

  it('works without a global Buffer, as in the browser', () => {
    const g = globalThis as { Buffer?: unknown };
    const saved = g.Buffer;
    delete g.Buffer;
    try {
      expect(
        expectOk(importRundownCsv(sample('normconf-2022.csv'), { show: SHOW })).rundown.segments,
      ).toHaveLength(31);
    } finally {
      g.Buffer = saved;
    }
  });
});

describe('importRundownJson', () => {
  const rundown = expectOk(importRundownCsv(sample('normconf-2022.csv'), { show: SHOW })).rundown;

  it('round-trips a rundown exactly', () => {
    for (const text of [
      JSON.stringify(rundown),
      JSON.stringify(rundown, null, 2),
      `\uFEFF${JSON.stringify(rundown)}`,
    ]) {
      const result = expectOk(importRundownJson(text));
      expect(result.rundown).toEqual(rundown);
      expect(result.warnings).toEqual([]);
    }
    const withNulls = { ...rundown, segments: rundown.segments.map((s) => ({ ...s, plannedStart: null })) };
    expect(expectOk(importRundownJson(JSON.stringify(withNulls))).rundown).toEqual(withNulls);
  });

  it('gives the line of a syntax error', () => {
    const lines = JSON.stringify(rundown, null, 2).split('\n');
    const broken = [...lines.slice(0, 40), '    oops', ...lines.slice(40)].join('\n');
    expect(where(expectErrors(importRundownJson(broken)))).toEqual([[41, null]]);
    const trailingComma = '{\n  "show": {},\n  "segments": [],\n}';
    expect(where(expectErrors(importRundownJson(trailingComma)))).toEqual([[4, null]]);
    const truncated = JSON.stringify(rundown, null, 2).slice(0, 500);
    expect(expectErrors(importRundownJson(truncated))[0]?.line).toBe(truncated.split('\n').length);
    expect(formatImportErrors(expectErrors(importRundownJson(trailingComma)))).toMatch(
      /^line 4: not valid JSON/,
    );
  });

  it('gives the JSON path of a schema error', () => {
    const bad = structuredClone(rundown) as unknown as {
      show: { name: string };
      segments: Record<string, unknown>[];
    };
    bad.show.name = '';
    bad.segments[3]!['durationMs'] = -1;
    bad.segments[5]!['kind'] = 'workshop';
    delete bad.segments[7]!['title'];
    const errors = expectErrors(importRundownJson(JSON.stringify(bad)));
    expect(where(errors)).toEqual([
      [null, 'show.name'],
      [null, 'segments[3].durationMs'],
      [null, 'segments[5].kind'],
      [null, 'segments[7].title'],
    ]);
    expect(errors[3]?.message).toBe('missing (expected string)');
    expect(formatImportErrors(errors)).toContain('at segments[3].durationMs: ');
  });

  it('refuses duplicate ids and danger above warning, which the model checks once the shape is right', () => {
    const segments = rundown.segments.map((s) => ({ ...s }));
    segments[9]!.id = segments[8]!.id;
    segments[2]!.dangerMs = segments[2]!.warningMs + 1;
    const errors = expectErrors(importRundownJson(JSON.stringify({ ...rundown, segments })));
    expect(where(errors)).toEqual([
      [null, 'segments[2].dangerMs'],
      [null, 'segments[9].id'],
    ]);
    expect(errors[1]?.message).toBe(`duplicate id "${segments[8]!.id}"`);
  });

  it('refuses the wrong shape, an empty file and an oversized file', () => {
    expect(where(expectErrors(importRundownJson('[]')))).toEqual([[null, null]]);
    expect(expectErrors(importRundownJson('  '))[0]?.message).toMatch(/empty/);
    expect(expectErrors(importRundownJson(' '.repeat(MAX_RUNDOWN_BYTES + 1)))[0]?.message).toMatch(
      /at most 5 MB/,
    );
  });

  it('warns about fields the model does not know', () => {
    const extra = {
      ...rundown,
      version: 2,
      segments: rundown.segments.map((s) => ({ ...s, room: 'Main' })),
    };
    const result = expectOk(importRundownJson(JSON.stringify(extra)));
    expect(result.rundown).toEqual(rundown);
    expect(result.warnings).toEqual([
      'ignored unknown field version',
      'ignored unknown field segments[*].room (in 31 segments)',
    ]);
  });

  it('refuses random bytes with a line number', () => {
    const text = new TextDecoder().decode(randomBytes(100_000, 7));
    expect(expectErrors(importRundownJson(text))[0]?.line).toEqual(expect.any(Number));
  });
});

describe('formatImportErrors', () => {
  it('writes one line per error, with what is known of the place', () => {
    expect(
      formatImportErrors([
        { line: 5, column: 'start_utc', message: 'not a valid ISO 8601 time ("2022-13-45")' },
        { line: 7, column: null, message: 'this row has 7 fields but the header has 6' },
        { line: null, column: 'segments[3].durationMs', message: 'Too small' },
        { line: null, column: null, message: 'no segments: the file is empty' },
      ]),
    ).toBe(
      [
        'line 5, column start_utc: not a valid ISO 8601 time ("2022-13-45")',
        'line 7: this row has 7 fields but the header has 6',
        'at segments[3].durationMs: Too small',
        'no segments: the file is empty',
      ].join('\n'),
    );
  });

  it('shows at most ten', () => {
    const errors = Array.from({ length: 12 }, (_, i) => ({ line: i + 2, column: 'title', message: 'bad' }));
    const lines = formatImportErrors(errors).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[9]).toBe('line 11, column title: bad');
    expect(lines[10]).toBe('…and 2 more');
    expect(formatImportErrors([])).toBe('');
  });
});
