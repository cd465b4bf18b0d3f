import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../shared/events.js';
import { emptyShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import { questionsCsv, reportCsv, reportMarkdown } from '../../shared/reportExport.js';
import { buildShowReport } from '../../shared/showReport.js';
import { deepFreeze } from './fixtures.js';
import { chat, upsert } from './feedFixtures.js';
import {
  MIN,
  REPORT_SHOW_ID,
  reportEvents,
  reportSegments,
  reportShow,
  scheduleReportRecords,
  scheduleReportShow,
  SEC,
  T0,
} from './reportFixtures.js';

const BOM = '\uFEFF';
/** The cells as a spreadsheet's CSV reader sees them. */
const readCsv = (text: string): string[][] => parse(text, { bom: true });
const csvLines = (...lines: string[]) => BOM + lines.map((l) => `${l}\r\n`).join('');

describe('the show report of a scripted show', () => {
  const state = deepFreeze(reportShow());
  const report = buildShowReport(state);

  it('gives each segment its planned and actual times, overrun, messages and questions', () => {
    expect(report.segments).toEqual([
      {
        id: 'keynote',
        title: 'Opening keynote',
        kind: 'keynote',
        speakers: ['Vicki Boykis'],
        session: 'Session 1',
        plannedStart: T0,
        plannedEnd: T0 + 30 * MIN,
        plannedMs: 30 * MIN,
        expectedStart: null, // its record is from before starts carried expectedAt
        actualStart: T0 + 5 * SEC,
        actualEnd: T0 + 32 * MIN + 10 * SEC,
        actualMs: 32 * MIN + 5 * SEC,
        overrunMs: 2 * MIN + 5 * SEC,
        startDelayMs: 5 * SEC,
        endDelayMs: 2 * MIN + 10 * SEC,
        messages: 3, // m1, m2, m3; m8 was deleted
        questionsAsked: 2,
        questionsAnswered: 1,
      },
      {
        id: 'talk',
        title: 'Group-by statements that save the day',
        kind: 'talk',
        speakers: ['Vincent D. Warmerdam'],
        session: 'Session 1',
        plannedStart: T0 + 30 * MIN,
        plannedEnd: T0 + 55 * MIN,
        plannedMs: 25 * MIN,
        expectedStart: null,
        actualStart: T0 + 32 * MIN + 40 * SEC,
        actualEnd: T0 + 55 * MIN + 40 * SEC,
        actualMs: 23 * MIN,
        overrunMs: -2 * MIN,
        startDelayMs: 2 * MIN + 40 * SEC,
        endDelayMs: 40 * SEC,
        messages: 2,
        questionsAsked: 2,
        questionsAnswered: 1,
      },
      {
        id: 'break',
        title: 'Coffee break',
        kind: 'break',
        speakers: [],
        session: 'Session 1',
        plannedStart: T0 + 55 * MIN,
        plannedEnd: T0 + 70 * MIN,
        plannedMs: 15 * MIN,
        expectedStart: null,
        actualStart: T0 + 56 * MIN,
        actualEnd: T0 + 70 * MIN,
        actualMs: 14 * MIN,
        overrunMs: -1 * MIN,
        startDelayMs: 1 * MIN,
        endDelayMs: 0,
        messages: 0,
        questionsAsked: 0,
        questionsAnswered: 0,
      },
      {
        id: 'lightning',
        title: 'Config files for fast and reproducible ML experiments',
        kind: 'lightning',
        speakers: ['Anuvabh Dutt'],
        session: 'Session 1',
        plannedStart: T0 + 70 * MIN,
        plannedEnd: T0 + 75 * MIN,
        plannedMs: 5 * MIN,
        expectedStart: null,
        actualStart: T0 + 70 * MIN + 30 * SEC,
        actualEnd: T0 + 76 * MIN,
        actualMs: 5 * MIN + 30 * SEC,
        overrunMs: 30 * SEC,
        startDelayMs: 30 * SEC,
        endDelayMs: 1 * MIN,
        messages: 1,
        questionsAsked: 0,
        questionsAnswered: 0,
      },
      {
        id: 'closing',
        title: '=1+2',
        kind: 'other',
        speakers: ['+Plus Person'],
        session: 'Session 1',
        // No start of its own: planned to follow the lightning talk's planned end.
        plannedStart: T0 + 75 * MIN,
        plannedEnd: T0 + 85 * MIN,
        plannedMs: 10 * MIN,
        expectedStart: null,
        actualStart: null,
        actualEnd: null,
        actualMs: null,
        overrunMs: null,
        startDelayMs: null,
        endDelayMs: null,
        messages: 0,
        questionsAsked: 0,
        questionsAnswered: 0,
      },
    ]);
  });

  it('totals the day, with the chat between segments and the filler bank', () => {
    expect(report.showStartedAt).toBe(T0 + 5 * SEC);
    expect(report.showEndedAt).toBe(T0 + 76 * MIN);
    expect(report.unassigned).toEqual({ messages: 1, questionsAsked: 1, questionsAnswered: 1 });
    expect(report.totals).toEqual({
      segments: 5,
      segmentsRun: 4,
      segmentsFinished: 4,
      plannedMs: 85 * MIN,
      actualMs: (32 * 60 + 5 + 23 * 60 + 14 * 60 + 5 * 60 + 30) * SEC,
      overrunMs: (125 - 120 - 60 + 30) * SEC,
      messages: 7,
      questionsAsked: 5,
      questionsAnswered: 3,
    });
  });

  it('exports the report as CSV, byte for byte, in the show time zone, formulas neutralised', () => {
    const Z = 'America/New_York';
    expect(reportCsv(report)).toBe(
      csvLines(
        `Segment,Title,Kind,Speakers,Planned start (${Z}),Planned end (${Z}),Actual start (${Z}),Actual end (${Z}),Planned (s),Actual (s),Overrun (s),Start delay (s),Messages,Questions asked,Questions answered,Session,Expected start (${Z}),End delay (s)`,
        'keynote,Opening keynote,keynote,Vicki Boykis,2022-12-15 07:30:00,2022-12-15 08:00:00,2022-12-15 07:30:05,2022-12-15 08:02:10,1800,1925,125,5,3,2,1,Session 1,,130',
        'talk,Group-by statements that save the day,talk,Vincent D. Warmerdam,2022-12-15 08:00:00,2022-12-15 08:25:00,2022-12-15 08:02:40,2022-12-15 08:25:40,1500,1380,-120,160,2,2,1,Session 1,,40',
        'break,Coffee break,break,,2022-12-15 08:25:00,2022-12-15 08:40:00,2022-12-15 08:26:00,2022-12-15 08:40:00,900,840,-60,60,0,0,0,Session 1,,0',
        'lightning,Config files for fast and reproducible ML experiments,lightning,Anuvabh Dutt,2022-12-15 08:40:00,2022-12-15 08:45:00,2022-12-15 08:40:30,2022-12-15 08:46:00,300,330,30,30,1,0,0,Session 1,,60',
        "closing,'=1+2,other,'+Plus Person,2022-12-15 08:45:00,2022-12-15 08:55:00,,,600,,,,0,0,0,Session 1,,",
        ',Between segments / filler bank,,,,,,,,,,,1,1,1,,,',
        ',Total,,,,,2022-12-15 07:30:05,2022-12-15 08:46:00,5100,4475,-25,,7,5,3,,,',
        // The session ended when the show did, 9 min before its plan (the closing never ran).
        ',Session: Session 1,,,2022-12-15 07:30:00,2022-12-15 08:55:00,2022-12-15 07:30:05,2022-12-15 08:46:00,,,,5,,,,Session 1,,-540',
      ),
    );
  });

  it('exports the report as Markdown, byte for byte', () => {
    expect(reportMarkdown(report)).toBe(
      [
        '# Show report: Test Conf',
        '',
        'Times in America/New_York. Show started: 2022-12-15 07:30:05; ended: 2022-12-15 08:46:00.',
        '',
        '| Segment | Planned start | Expected start | Actual start | Start delay | Planned end | Actual end | Ran | Overrun | Messages | Questions | Answered |',
        '| --- | --- | --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |',
        '| Opening keynote (Vicki Boykis) | 07:30:00 |  | 07:30:05 | +0:05 | 08:00:00 | 08:02:10 | 32:05 | +2:05 | 3 | 2 | 1 |',
        '| Group-by statements that save the day (Vincent D. Warmerdam) | 08:00:00 |  | 08:02:40 | +2:40 | 08:25:00 | 08:25:40 | 23:00 | −2:00 | 2 | 2 | 1 |',
        '| Coffee break | 08:25:00 |  | 08:26:00 | +1:00 | 08:40:00 | 08:40:00 | 14:00 | −1:00 | 0 | 0 | 0 |',
        '| Config files for fast and reproducible ML experiments (Anuvabh Dutt) | 08:40:00 |  | 08:40:30 | +0:30 | 08:45:00 | 08:46:00 | 5:30 | +0:30 | 1 | 0 | 0 |',
        '| =1+2 (+Plus Person) | 08:45:00 |  |  |  | 08:55:00 |  |  |  | 0 | 0 | 0 |',
        '| Between segments / filler bank |  |  |  |  |  |  |  |  | 1 | 1 | 1 |',
        '',
        '## Sessions',
        '',
        '| Session | Planned end | Actual end | Difference |',
        '| --- | --- | --- | ---: |',
        '| Session 1 | 08:55:00 | 08:46:00 | −9:00 |',
        '',
        '## Totals',
        '',
        '- Segments: 5 in the rundown, 4 started, 4 finished',
        '- Planned time: 1:25:00; the finished segments ran 1:14:35 (−0:25 against their plan)',
        '- Chat messages: 7 (1 between segments)',
        '- Questions: 5 asked, 3 answered',
        '',
      ].join('\n'),
    );
  });

  it('keeps a Markdown row whole whatever the title holds (pipes, new lines, markup)', () => {
    const odd = applyEvents(state, [
      { type: 'segmentUpdated', segment: { ...reportSegments()[2]!, title: 'Q&A | *live*\n<b>[x]</b>' } },
    ]);
    const row = reportMarkdown(buildShowReport(odd))
      .split('\n')
      .find((line) => line.includes('Q&A'));
    expect(row).toBe(
      '| Q&A \\| \\*live\\* \\<b\\>\\[x\\]\\</b\\> | 08:25:00 |  | 08:26:00 | +1:00 | 08:40:00 | 08:40:00 | 14:00 | −1:00 | 0 | 0 | 0 |',
    );
  });

  it('exports the questions as CSV for speakers, grouped by talk, with askers, sources, votes and links', () => {
    expect(questionsCsv(state, { questionReaction: 'question' })).toBe(
      csvLines(
        'Talk,Speakers,Segment,Question,Asked by,Sources,Status,Votes,Permalinks',
        // 2 reactions of +1 and a moderator's vote; the "question" reaction only marks it.
        'Opening keynote,Vicki Boykis,keynote,How do you version the data?,Alice,slack,answered,3,https://conf.slack.com/archives/C-ASK/p1',
        "Opening keynote,Vicki Boykis,keynote,'@SUM(1+1)*cmd|' /C calc'!A0,'-Mallory,youtube,dismissed,0,",
        'Group-by statements that save the day,Vincent D. Warmerdam,talk,Why group by rather than window functions?,"Bob; Carol, PhD",slack; youtube,answered,0,https://conf.slack.com/archives/C-ASK/p4 https://www.youtube.com/watch?v=abc&lc=m5',
        'Group-by statements that save the day,Vincent D. Warmerdam,talk,"\'\tTab-led ""quoted"" question",staff,staff,queued,0,',
        'Filler bank,,,"What would you tell\nyour younger self?",staff,staff,answered,0,',
      ),
    );
  });

  it('writes CSV that a CSV reader reads back to the same cells (commas, quotes, new lines)', () => {
    const rows = readCsv(questionsCsv(state, { questionReaction: 'question' }));
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => r.length)).toEqual([9, 9, 9, 9, 9, 9]);
    expect(rows[3]![4]).toBe('Bob; Carol, PhD');
    expect(rows[4]![3]).toBe('\'\tTab-led "quoted" question');
    expect(rows[5]![3]).toBe('What would you tell\nyour younger self?');
  });

  it('is the same report from the same events (a replay of the journal)', () => {
    const again = applyEvents(emptyShowState(REPORT_SHOW_ID), reportEvents());
    expect(reportCsv(buildShowReport(again))).toBe(reportCsv(report));
    expect(questionsCsv(again, { questionReaction: 'question' })).toBe(
      questionsCsv(state, { questionReaction: 'question' }),
    );
  });
});

describe('CSV injection', () => {
  /** A show whose every text field a stranger or a producer could have typed starts with a formula character. */
  function hostileShow() {
    const events: ShowEvent[] = [
      ...reportEvents().slice(0, 2),
      { type: 'segmentUpdated', segment: { ...reportSegments()[0]!, title: '@SUM(A1)' } },
    ];
    return applyEvents(emptyShowState(REPORT_SHOW_ID), events);
  }

  it.each([
    ['=', "=cmd|' /C calc'!A0"],
    ['+', '+1+1'],
    ['-', "-2+3+cmd|' /C calc'!A0"],
    ['@', '@SUM(1+1)'],
    ['tab', '\t=1+1'],
    ['CR', '\r=1+1'],
    ['full-width =', '＝1+1'],
  ])('prefixes a question that starts with %s with a quote', (_name, text) => {
    const state = applyEvents(hostileShow(), [
      {
        type: 'questionSaved',
        question: {
          id: 'evil',
          text,
          origins: [{ messageId: 'slack:C:1', source: 'slack', authorName: text, permalink: null }],
          segmentId: 'keynote',
          status: 'approved',
          staff: false,
          moderatorVotes: 0,
          createdAt: T0,
          updatedAt: T0,
        },
      },
    ]);
    const rows = readCsv(questionsCsv(state, { questionReaction: 'question' }));
    const [row] = rows.slice(1);
    expect(row![0]).toBe("'@SUM(A1)"); // the talk's title
    expect(row![3]).toBe(`'${text}`);
    expect(row![4]).toBe(`'${text}`);
  });

  it('leaves text with a formula character inside it, and negative numbers, as they are', () => {
    const state = applyEvents(hostileShow(), [
      { type: 'segmentStarted', segmentId: 'keynote', at: T0 },
      {
        type: 'chatIngested',
        operations: [upsert(chat('slack:C-ASK:1', 'hi'))],
        questionReaction: 'question',
        at: T0,
      },
      { type: 'segmentEnded', segmentId: 'keynote', at: T0 + 20 * MIN },
    ]);
    const rows = readCsv(reportCsv(buildShowReport(state)));
    expect(rows[1]!.slice(1, 2)).toEqual(["'@SUM(A1)"]);
    expect(rows[1]![10]).toBe('-600'); // ten minutes early: a number, not text to neutralise
    expect(rows[1]![12]).toBe('1');
  });
});

describe('the schedule columns of a show run by commands (scheduleReportRecords)', () => {
  const report = buildShowReport(deepFreeze(scheduleReportShow()));
  const row = (id: string) => report.segments.find((s) => s.id === id)!;
  const pick = (id: string) => {
    const s = row(id);
    return {
      plannedStart: s.plannedStart,
      expectedStart: s.expectedStart,
      actualStart: s.actualStart,
      startDelayMs: s.startDelayMs,
      plannedEnd: s.plannedEnd,
      actualEnd: s.actualEnd,
      endDelayMs: s.endDelayMs,
      overrunMs: s.overrunMs,
    };
  };

  it('journals every start with the start the schedule projected just before it', () => {
    const starts = scheduleReportRecords()
      .flatMap((r) => r.events)
      .filter((e) => e.type === 'segmentStarted');
    expect(starts.map((e) => [e.segmentId, e.at, e.expectedAt])).toEqual([
      ['welcome', T0 - MIN, T0],
      ['talk-a', T0 + 11 * MIN, T0 + 12 * MIN],
      ['panel', T0 + 40 * MIN, T0 + 40 * MIN],
    ]);
  });

  it('a segment started early: expected at its plan (the show had not started), a negative delay', () => {
    expect(pick('welcome')).toEqual({
      plannedStart: T0,
      expectedStart: T0,
      actualStart: T0 - MIN,
      startDelayMs: -MIN,
      plannedEnd: T0 + 10 * MIN,
      actualEnd: T0 + 11 * MIN,
      endDelayMs: MIN,
      overrunMs: 2 * MIN, // ran 12 min of 10 (3 min were added)
    });
  });

  it('a late one: expected when the live timer said (3 min added), started a minute before that', () => {
    expect(pick('talk-a')).toEqual({
      plannedStart: T0 + 10 * MIN, // no start of its own: after welcome's planned end
      expectedStart: T0 + 12 * MIN,
      actualStart: T0 + 11 * MIN,
      startDelayMs: MIN,
      plannedEnd: T0 + 30 * MIN,
      actualEnd: T0 + 40 * MIN, // cut by the hard start
      endDelayMs: 10 * MIN,
      overrunMs: 9 * MIN,
    });
  });

  it('a hard start fired by the scheduler: expected and started at its planned time', () => {
    expect(pick('panel')).toEqual({
      plannedStart: T0 + 40 * MIN,
      expectedStart: T0 + 40 * MIN,
      actualStart: T0 + 40 * MIN,
      startDelayMs: 0,
      plannedEnd: T0 + 70 * MIN,
      actualEnd: T0 + 65 * MIN,
      endDelayMs: -5 * MIN,
      overrunMs: -5 * MIN,
    });
  });

  it('a segment never started: planned times only', () => {
    expect(pick('qa')).toEqual({
      plannedStart: T0 + 70 * MIN,
      expectedStart: null,
      actualStart: null,
      startDelayMs: null,
      plannedEnd: T0 + 80 * MIN,
      actualEnd: null,
      endDelayMs: null,
      overrunMs: null,
    });
  });

  it('per session: planned against actual end; Morning overran, Afternoon ended early', () => {
    expect(report.sessions).toEqual([
      {
        name: 'Morning',
        segmentIds: ['welcome', 'talk-a'],
        plannedStart: T0,
        plannedEnd: T0 + 30 * MIN,
        actualStart: T0 - MIN,
        actualEnd: T0 + 40 * MIN,
        endDelayMs: 10 * MIN,
      },
      {
        name: 'Afternoon',
        segmentIds: ['panel', 'qa'],
        plannedStart: T0 + 40 * MIN,
        plannedEnd: T0 + 80 * MIN,
        actualStart: T0 + 40 * MIN,
        actualEnd: T0 + 65 * MIN, // the show ended; qa never ran
        endDelayMs: -15 * MIN,
      },
    ]);
  });

  it('gives a session no actual end while it runs, and one as soon as the next session starts', () => {
    const records = scheduleReportRecords();
    const upTo = (n: number) =>
      buildShowReport(
        applyEvents(
          emptyShowState(REPORT_SHOW_ID),
          records.slice(0, n).flatMap((r) => r.events),
        ),
      ).sessions.map((s) => [s.name, s.actualEnd]);
    // Records: import, start welcome, add time, next (talk-a), hard start (panel), end show.
    expect(upTo(4)).toEqual([
      ['Morning', null],
      ['Afternoon', null],
    ]);
    expect(upTo(5)).toEqual([
      ['Morning', T0 + 40 * MIN],
      ['Afternoon', null],
    ]);
  });

  it('has no expected start for a segment run again (the schedule no longer had it ahead)', () => {
    const again = applyEvents(scheduleReportShow(), [
      { type: 'segmentStarted', segmentId: 'welcome', at: T0 + 70 * MIN },
    ]);
    expect(buildShowReport(again).segments[0]!.expectedStart).toBeNull();
  });
});
