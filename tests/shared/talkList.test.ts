// Lightning-talk lists: parsing speaker,title[,duration_min] CSVs, and deciding importTalkList (placement, planned starts, hard starts).
import { describe, expect, it } from 'vitest';
import type { ShowCommand } from '../../shared/commands.js';
import { ShowCommand as CommandSchema } from '../../shared/commands.js';
import { decide } from '../../shared/decide.js';
import type { Decision } from '../../shared/decision.js';
import type { ShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import { formatImportErrors } from '../../shared/rundownImport.js';
import type { TalkListResult } from '../../shared/rundownImport/talkList.js';
import { MAX_TALKS, parseTalkList } from '../../shared/rundownImport/talkList.js';
import { ctx, deepFreeze, fixtureShow, MIN, segment, T0 } from './fixtures.js';
import { sample } from './rundownImportFixtures.js';

const NORMCONF = sample('normconf-2022-lightning.csv');

function talksOf(result: TalkListResult) {
  if (!result.ok) throw new Error(`expected talks, got:\n${formatImportErrors(result.errors)}`);
  return result;
}

function errorsOf(result: TalkListResult): string {
  if (result.ok) throw new Error(`expected errors, got ${result.talks.length} talks`);
  return formatImportErrors(result.errors);
}

/** The command as a client sends it, through the schema (so defaults apply). */
function command(input: Record<string, unknown>): ShowCommand {
  return CommandSchema.parse({ type: 'importTalkList', ...input });
}

function decideOn(state: ShowState, input: Record<string, unknown>): Decision {
  return decide(deepFreeze(structuredClone(state)), command(input), ctx(T0));
}

function accepted(state: ShowState, input: Record<string, unknown>): ShowState {
  const decision = decideOn(state, input);
  if (!decision.ok) throw new Error(`expected the import, got ${decision.code}: ${decision.error}`);
  return applyEvents(state, decision.events);
}

function refused(state: ShowState, input: Record<string, unknown>): { code: string; error: string } {
  const decision = decideOn(state, input);
  if (decision.ok) throw new Error(`expected a refusal, got ${decision.events.length} events`);
  return { code: decision.code, error: decision.error };
}

describe('parseTalkList', () => {
  it('reads the NormConf lightning list as 31 talks of 5 minutes, 155 minutes in all', () => {
    const { talks, warnings } = talksOf(parseTalkList(NORMCONF));
    expect(talks).toHaveLength(31);
    expect(warnings).toEqual([]);
    expect(talks.reduce((sum, t) => sum + t.durationMs, 0)).toBe(155 * MIN);
    expect(talks[0]).toEqual({
      title: 'Minimizing the Cost Function in Data Projects (or, Keep it Simple, Stupid)',
      speakers: ['Amanda Alvarez'],
      durationMs: 5 * MIN,
      notes: '',
      line: 2,
    });
    expect(talks.every((t) => t.title !== '' && t.speakers.length > 0)).toBe(true);
  });

  it('honours duration_min, falls back to the default when a cell is empty, splits speakers', () => {
    const csv = [
      'Title,Speaker,Duration_Min,notes,room',
      'One,Ada Lovelace & Grace Hopper,7.5,bring a clicker,A',
      'Two,Alan Kay,,,B',
      '',
      'Three,,3,,',
    ].join('\n');
    const { talks, warnings } = talksOf(parseTalkList(csv, 4));
    expect(talks.map((t) => [t.title, t.speakers, t.durationMs, t.notes, t.line])).toEqual([
      ['One', ['Ada Lovelace', 'Grace Hopper'], 7.5 * MIN, 'bring a clicker', 2],
      ['Two', ['Alan Kay'], 4 * MIN, '', 3],
      ['Three', [], 3 * MIN, '', 5],
    ]);
    expect(warnings).toEqual(['line 1: ignored unknown column "room"']);
  });

  it('refuses a list without a speaker or title column, naming what the header has', () => {
    expect(errorsOf(parseTalkList('name,talk\nAda,One\n'))).toBe(
      [
        'line 1, column speaker: missing required column speaker: a talk list needs speaker and title (the header has "name", "talk")',
        'line 1, column title: missing required column title: a talk list needs speaker and title (the header has "name", "talk")',
      ].join('\n'),
    );
    expect(errorsOf(parseTalkList('speaker\nAda\n'))).toMatch(
      /^line 1, column title: missing required column title/,
    );
  });

  it('refuses an empty list, a header alone, and a binary file', () => {
    expect(errorsOf(parseTalkList(''))).toBe('no talks: the list is empty');
    expect(errorsOf(parseTalkList('speaker,title\n\n'))).toBe('no talks: the list has a header but no rows');
    expect(errorsOf(parseTalkList('speaker,title\nA\u0000B,x\n'))).toMatch(/^line 2: this is a binary file/);
  });

  it('names every bad cell by line and column', () => {
    const csv = [
      'speaker,title,duration_min',
      'Ada,,5',
      'Bob,Two,ten',
      'Cy,Three,0',
      'Di,Four,181',
      'Ed,Five,2,extra',
    ];
    expect(errorsOf(parseTalkList(csv.join('\n')))).toBe(
      [
        'line 2, column title: required: every talk needs a title',
        'line 3, column duration_min: duration_min is not a number of minutes ("ten")',
        'line 4, column duration_min: duration_min must be more than zero ("0")',
        'line 5, column duration_min: a talk may be at most 180 minutes ("181")',
        'line 6: this row has 4 fields but the header has 3 (an unquoted comma? wrap a field that holds commas, quotes or line breaks in double quotes and double each quote inside it, e.g. "The ""best"" talk, part 2")',
      ].join('\n'),
    );
  });

  it(`refuses more than ${MAX_TALKS} talks and a default duration out of 1..180`, () => {
    const many = ['speaker,title', ...Array.from({ length: MAX_TALKS + 1 }, (_, i) => `S${i},T${i}`)];
    expect(errorsOf(parseTalkList(many.join('\n')))).toBe(
      `line ${MAX_TALKS + 2}: too many talks: a talk list holds at most ${MAX_TALKS}`,
    );
    expect(talksOf(parseTalkList(many.slice(0, MAX_TALKS + 1).join('\n'))).talks).toHaveLength(MAX_TALKS);
    // Rows of empty cells do not count: 400 talks padded with "," rows are 400 talks, not fewer.
    const padded = ['speaker,title', ...Array.from({ length: 400 }, (_, i) => `S${i},T${i}\n,`)];
    expect(talksOf(parseTalkList(padded.join('\n'))).talks).toHaveLength(400);
    expect(errorsOf(parseTalkList('speaker;title\nAda;One\n'))).toMatch(
      /missing required column speaker: .*; the columns seem to be separated by ";", but this importer needs commas/,
    );
    expect(errorsOf(parseTalkList('speaker,title,duration_min\nAda,Tiny,0.001\n'))).toBe(
      'line 2, column duration_min: a talk is at least 1 minute ("0.001")',
    );
    expect(errorsOf(parseTalkList(NORMCONF, 0))).toBe(
      'the default duration must be 1 to 180 minutes (got 0)',
    );
    expect(errorsOf(parseTalkList(NORMCONF, 181))).toBe(
      'the default duration must be 1 to 180 minutes (got 181)',
    );
  });
});

describe('importTalkList command', () => {
  it('defaults to 5 minutes and refuses a default out of 1..180 at the schema', () => {
    expect(command({ text: NORMCONF, placement: { after: 'talk' } })).toMatchObject({
      defaultDurationMin: 5,
    });
    for (const bad of [0, 181, 2.5]) {
      expect(
        CommandSchema.safeParse({
          type: 'importTalkList',
          text: NORMCONF,
          placement: { after: 'talk' },
          defaultDurationMin: bad,
        }).success,
      ).toBe(false);
    }
    expect(
      CommandSchema.safeParse({
        type: 'importTalkList',
        text: NORMCONF,
        placement: { newSession: { title: ' ' } },
      }).success,
    ).toBe(false);
  });

  it('puts the talks after a segment, in its session, from its planned end, and pushes later planned starts back', () => {
    const before = fixtureShow();
    const after = accepted(before, { text: NORMCONF, placement: { after: 'talk' } });
    expect(after.segments).toHaveLength(4 + 31);
    const block = after.segments.slice(2, 33);
    expect(after.segments.map((s) => s.id).filter((id) => !id.startsWith('id-'))).toEqual([
      'keynote',
      'talk',
      'break',
      'lightning',
    ]);
    // The talk before the block ends at T0 + 55 min; each talk starts when the one before ends.
    expect(block.map((s) => s.plannedStart)).toEqual(block.map((_, i) => T0 + 55 * MIN + i * 5 * MIN));
    expect(block[0]).toEqual({
      id: 'id-1',
      kind: 'lightning',
      session: 'Session 1',
      title: 'Minimizing the Cost Function in Data Projects (or, Keep it Simple, Stupid)',
      speakers: ['Amanda Alvarez'],
      plannedStart: T0 + 55 * MIN,
      durationMs: 5 * MIN,
      warningMs: 2.5 * MIN,
      dangerMs: 1 * MIN,
      notes: '',
      startMode: 'manual',
      endAction: 'next',
    });
    // The producer starts the block; inside it each talk starts the next; after the last the show waits.
    expect(block.map((s) => s.startMode)).toEqual(block.map((_, i) => (i === 0 ? 'manual' : 'follow')));
    expect(block.map((s) => s.endAction)).toEqual(
      block.map((_, i) => (i === block.length - 1 ? 'none' : 'next')),
    );
    // The break and the talk after it move back by the block's 155 minutes; nothing else changes.
    expect(after.segments.at(-2)).toEqual({ ...before.segments[2], plannedStart: T0 + 210 * MIN });
    expect(after.segments.at(-1)).toEqual({ ...before.segments[3], plannedStart: T0 + 225 * MIN });
    expect(after.segments.slice(0, 2)).toEqual(before.segments.slice(0, 2));
  });

  it('moves later segments only as far as needed: slack before them absorbs the block', () => {
    const state = fixtureShow();
    state.segments = [
      segment({ id: 'a', plannedStart: T0, durationMs: 30 * MIN }),
      segment({ id: 'b', plannedStart: T0 + 60 * MIN, durationMs: 30 * MIN }),
    ];
    const csv = 'speaker,title,duration_min\nAda,One,10\nBob,Two,10\n';
    const fits = accepted(state, { text: csv, placement: { after: 'a' } });
    expect(fits.segments.map((s) => [s.id, s.plannedStart])).toEqual([
      ['a', T0],
      ['id-1', T0 + 30 * MIN],
      ['id-2', T0 + 40 * MIN],
      ['b', T0 + 60 * MIN],
    ]);
    // A duration_min cell wins over the default.
    const explicit = accepted(state, { text: csv, placement: { after: 'a' }, defaultDurationMin: 20 });
    expect(explicit.segments.map((s) => s.plannedStart)).toEqual([
      T0,
      T0 + 30 * MIN,
      T0 + 40 * MIN,
      T0 + 60 * MIN,
    ]);
    // Seven 5-minute talks end at T0 + 65 min: b moves back 5 minutes, no more.
    const seven = ['speaker,title', ...Array.from({ length: 7 }, (_, i) => `S${i},T${i}`)].join('\n');
    const overrun = accepted(state, { text: seven, placement: { after: 'a' } });
    expect(overrun.segments.at(-1)).toEqual({ ...state.segments[1], plannedStart: T0 + 65 * MIN });
  });

  it('adds a new session at the end of the rundown, starting when the rundown is planned to end', () => {
    const after = accepted(fixtureShow(), {
      text: NORMCONF,
      placement: { newSession: { title: 'Lightning talks' } },
      defaultDurationMin: 4,
    });
    const block = after.segments.slice(4);
    expect(block).toHaveLength(31);
    expect(new Set(block.map((s) => s.session))).toEqual(new Set(['Lightning talks']));
    expect(block[0]?.plannedStart).toBe(T0 + 75 * MIN);
    expect(block.at(-1)?.plannedStart).toBe(T0 + 75 * MIN + 30 * 4 * MIN);
    expect(after.segments.slice(0, 4)).toEqual(fixtureShow().segments);
  });

  it('leaves planned starts open in a rundown with no times, and starts an empty rundown', () => {
    const empty = { ...fixtureShow(), segments: [] };
    const after = accepted(empty, { text: NORMCONF, placement: { newSession: { title: 'Lightning' } } });
    expect(after.segments).toHaveLength(31);
    expect(after.segments.every((s) => s.plannedStart === null)).toBe(true);
  });

  it('refuses a block that would run into a later hard start, saying by how much, and never moves it', () => {
    const state = fixtureShow();
    state.segments = state.segments.map((s) =>
      s.id === 'lightning' ? { ...s, startMode: 'hard' as const } : s,
    );
    const result = refused(state, { text: NORMCONF, placement: { after: 'talk' } });
    // The block ends at 11:00 and the break, pushed back behind it, at 11:15.
    expect(result).toEqual({
      code: 'conflict',
      error:
        'with the 31 talks (155 min) the plan would reach the hard start of ' +
        '"Config files for fast and reproducible ML experiments" at 08:40 (America/New_York) only at 11:15, ' +
        '155 min late; shorten the talks or put them elsewhere',
    });
    expect(refused(state, { text: 'speaker,title\nAda,One\n', placement: { after: 'break' } }).error).toMatch(
      /reach the hard start .* at 08:40 \(America\/New_York\) only at 08:45, 5 min late/,
    );
    // After the hard start there is room.
    expect(
      accepted(state, { text: 'speaker,title\nAda,One\n', placement: { after: 'lightning' } }).segments,
    ).toHaveLength(5);
  });

  it('refuses to put talks before the live segment or one that has run, and moves neither', () => {
    const state = applyEvents(fixtureShow(), [
      { type: 'segmentStarted', segmentId: 'keynote', at: T0 },
      { type: 'segmentEnded', segmentId: 'keynote', at: T0 + 30 * MIN },
      { type: 'segmentStarted', segmentId: 'talk', at: T0 + 30 * MIN },
    ]);
    expect(refused(state, { text: NORMCONF, placement: { after: 'keynote' } })).toEqual({
      code: 'conflict',
      error:
        'the talks would go before "Group-by statements that save the day", which is live; put them after it or as a new session',
    });
    // Jumped ahead to the break: a block after the talk could never come up with Next.
    const jumped = applyEvents(state, [
      { type: 'segmentEnded', segmentId: 'talk', at: T0 + 40 * MIN },
      { type: 'segmentStarted', segmentId: 'break', at: T0 + 40 * MIN },
    ]);
    expect(refused(jumped, { text: NORMCONF, placement: { after: 'talk' } }).error).toBe(
      'the talks would go before "Coffee break", which is live; put them after it or as a new session',
    );
    // Right after the live one is fine, and the live talk's own plan is untouched.
    const after = accepted(state, { text: 'speaker,title\nAda,Two\n', placement: { after: 'talk' } });
    expect(after.segments[1]).toEqual(state.segments[1]);
    expect(after.segments[2]?.title).toBe('Two');
  });

  it('says a hard start to the second in a refusal', () => {
    const state = fixtureShow();
    state.segments = state.segments.map((s) =>
      s.id === 'lightning' ? { ...s, startMode: 'hard' as const, plannedStart: T0 + 70 * MIN + 30_000 } : s,
    );
    expect(refused(state, { text: 'speaker,title\nAda,One\n', placement: { after: 'break' } }).error).toMatch(
      / at 08:40:30 \(America\/New_York\) only at 08:45, 4\.5 min late/,
    );
  });

  it('refuses an unknown segment, a bad list and a full rundown, with the reason', () => {
    const state = fixtureShow();
    expect(refused(state, { text: NORMCONF, placement: { after: 'nope' } })).toEqual({
      code: 'conflict',
      error: 'no segment "nope" to put the talks after',
    });
    expect(refused(state, { text: 'speaker,title\n', placement: { after: 'talk' } })).toEqual({
      code: 'invalid',
      error: 'talk list not imported:\nno talks: the list has a header but no rows',
    });
    expect(refused(state, { text: 'name\nAda\n', placement: { after: 'talk' } }).error).toMatch(
      /^talk list not imported:\nline 1, column speaker: missing required column speaker/,
    );
    const full = {
      ...state,
      segments: Array.from({ length: 1990 }, (_, i) => segment({ id: `s${i}` })),
    };
    expect(refused(full, { text: NORMCONF, placement: { after: 's5' } })).toEqual({
      code: 'invalid',
      error: 'the rundown has 1990 segments; 31 talks more would pass its limit of 2000',
    });
  });
});
