// Importing CSV schedules that are valid: the sample, awkward files, thresholds, start modes and end actions.
import { describe, expect, it } from 'vitest';
import { defaultThresholds, formatImportErrors, importRundownCsv } from '../../shared/rundownImport.js';
import {
  expectErrors,
  expectOk,
  fixture,
  HEADER,
  MIN,
  sample,
  SHOW,
  where,
} from './rundownImportFixtures.js';

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

  it('refuses the lightning sheet, which has no times, pointing to the talk list import', () => {
    const errors = expectErrors(importRundownCsv(sample('normconf-2022-lightning.csv'), { show: SHOW }));
    expect(where(errors)).toEqual([[1, 'start_utc']]);
    expect(formatImportErrors(errors)).toBe(
      'line 1, column start_utc: this looks like a talk list (the header has "speaker", "title": ' +
        'speakers and titles, no start times), not a rundown; use the talk list import ' +
        '("Import talk list…" in the console, importTalkList over HTTP) to add it as a block of talks',
    );
  });

  it('calls a rundown that only lacks its start times a rundown, not a talk list', () => {
    const errors = expectErrors(
      importRundownCsv('session,duration_min,kind,speaker,title\nS1,30,talk,Ada,One\n', { show: SHOW }),
    );
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
