// Importing broken CSV files: every problem reported by line and column, and nothing imported.
import { describe, expect, it } from 'vitest';
import {
  formatImportErrors,
  importRundownCsv,
  importRundownJson,
  MAX_IMPORT_ERRORS,
  MAX_RUNDOWN_BYTES,
} from '../../shared/rundownImport.js';
import {
  expectErrors,
  expectOk,
  fixture,
  HEADER,
  MIN,
  randomBytes,
  sample,
  SHOW,
  where,
} from './rundownImportFixtures.js';

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

  it('refuses 5 MB of random bytes with a line number, for several seeds', () => {
    for (const seed of [1, 2, 2022]) {
      const decoded = new TextDecoder().decode(randomBytes(MAX_RUNDOWN_BYTES, seed));
      // Invalid UTF-8 decodes to U+FFFD (3 bytes each), so cut to just under the limit.
      const text = decoded.slice(
        0,
        Math.floor((decoded.length * MAX_RUNDOWN_BYTES * 0.99) / Buffer.byteLength(decoded)),
      );
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_RUNDOWN_BYTES);
      // No time limit asserted here (a shared machine is noisy); the test's timeout bounds a
      // parser that would run away on garbage.
      const errors = expectErrors(importRundownCsv(text, { show: SHOW }));
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
      const errors = expectErrors(importRundownCsv(text, { show: SHOW }));
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
