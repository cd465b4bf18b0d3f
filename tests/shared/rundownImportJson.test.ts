// Importing JSON rundowns, and the `line N, column C: reason` text of import errors.
import { describe, expect, it } from 'vitest';
import {
  formatImportErrors,
  importRundownCsv,
  importRundownJson,
  MAX_RUNDOWN_BYTES,
} from '../../shared/rundownImport.js';
import { expectErrors, expectOk, randomBytes, sample, SHOW, where } from './rundownImportFixtures.js';

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

  it('reads start modes, end actions, timer kinds and the stage offset setting', () => {
    const segments = rundown.segments.map((s) => ({ ...s }));
    Object.assign(segments[1]!, { startMode: 'follow', endAction: 'next', timer: 'countup' });
    Object.assign(segments[2]!, { timer: 'clock' });
    const show = { ...rundown.show, stageShowsOffset: true };
    const result = expectOk(importRundownJson(JSON.stringify({ show, segments })));
    expect(result.warnings).toEqual([]);
    expect(result.rundown.show.stageShowsOffset).toBe(true);
    expect(result.rundown.segments.slice(0, 3).map((s) => [s.startMode, s.endAction, s.timer])).toEqual([
      [undefined, undefined, undefined],
      ['follow', 'next', 'countup'],
      [undefined, undefined, 'clock'],
    ]);
  });

  it('refuses a bad start mode, end action or timer kind, the whole file, in the CSV import’s words', () => {
    const segments = rundown.segments.map((s) => ({ ...s })) as Record<string, unknown>[];
    segments[1]!['startMode'] = 'soon';
    segments[2]!['endAction'] = 'stop';
    segments[3]!['timer'] = 'stopwatch';
    segments[4]!['timer'] = 3;
    const errors = expectErrors(importRundownJson(JSON.stringify({ show: rundown.show, segments })));
    expect(where(errors)).toEqual([
      [null, 'segments[1].startMode'],
      [null, 'segments[2].endAction'],
      [null, 'segments[3].timer'],
      [null, 'segments[4].timer'],
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      'unknown start mode "soon"; use one of manual, follow, hard (absent means manual)',
      'unknown end action "stop"; use one of none, next (absent means none)',
      'unknown timer "stopwatch"; use one of countdown, countup, clock (absent means countdown)',
      'unknown timer 3; use one of countdown, countup, clock (absent means countdown)',
    ]);
    const badSetting = { show: { ...rundown.show, stageShowsOffset: 'yes' }, segments: rundown.segments };
    expect(where(expectErrors(importRundownJson(JSON.stringify(badSetting))))).toEqual([
      [null, 'show.stageShowsOffset'],
    ]);
  });

  it('refuses a hard start that overlaps the segment before it, at its path', () => {
    const segments = rundown.segments.map((s) => ({ ...s }));
    const i = segments.findIndex((s, index) => index > 0 && s.plannedStart !== null);
    segments[i - 1]!.durationMs += 10 * 60_000;
    segments[i]!.startMode = 'hard';
    const errors = expectErrors(importRundownJson(JSON.stringify({ show: rundown.show, segments })));
    expect(where(errors)).toEqual([[null, `segments[${i}].startMode`]]);
    expect(errors[0]?.message).toMatch(/^the hard start overlaps the segment before it/);
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
