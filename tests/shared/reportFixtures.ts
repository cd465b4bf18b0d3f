/**
 * A scripted show with known times for the report tests: every instant, message and question is
 * chosen so each number of the report can be worked out by hand (the comments do so). The shared
 * tests apply these events with the reducer; the HTTP test writes them into a real journal.
 */
import type { ChatIngest, ChatMessage } from '../../shared/chat.js';
import type { ShowCommand } from '../../shared/commands.js';
import { decide } from '../../shared/decide.js';
import type { ShowEvent } from '../../shared/events.js';
import type { Segment, ShowState } from '../../shared/model.js';
import { emptyShowState } from '../../shared/model.js';
import type { Question, QuestionStatus } from '../../shared/questions.js';
import { applyEvents } from '../../shared/reducer.js';
import { automaticEvents, dueAction } from '../../shared/scheduleActions.js';
import { chat, upsert } from './feedFixtures.js';
import { ctx, fixtureSegments, MIN, segment, SHOW_INFO, T0 } from './fixtures.js';

export { MIN, T0 };
export const SEC = 1000;
export const REPORT_SHOW_ID = 'report-show';

/**
 * T0 is 07:30:00 in New York (EST, UTC−5). The rundown: keynote 07:30 (30 min), talk 08:00
 * (25 min), break 08:25 (15 min), lightning 08:40 (5 min), and a closing segment with no planned
 * start that never runs. Its title and speaker start with formula characters.
 */
export function reportSegments(): Segment[] {
  return [
    ...fixtureSegments(),
    segment({
      id: 'closing',
      kind: 'other',
      title: '=1+2',
      speakers: ['+Plus Person'],
      durationMs: 10 * MIN,
    }),
  ];
}

/** Stream live 07:25:00 (5 min before the keynote), stopped 08:50:00. */
export const STREAM_START = T0 - 5 * MIN;
export const STREAM_END = T0 + 80 * MIN;

const KEYNOTE = { start: T0 + 5 * SEC, end: T0 + 32 * MIN + 10 * SEC }; // 32:05, +2:05, 5 s late
const TALK = { start: T0 + 32 * MIN + 40 * SEC, end: T0 + 55 * MIN + 40 * SEC }; // 23:00, −2:00, 2:40 late
const BREAK = { start: T0 + 56 * MIN, end: T0 + 70 * MIN }; // 14:00, −1:00, 1:00 late
const LIGHTNING = { start: T0 + 70 * MIN + 30 * SEC, end: T0 + 76 * MIN }; // 5:30, +0:30, 30 s late
export const SHOW_END = T0 + 76 * MIN;

/**
 * The show's YouTube chapters, counted from the stream start: live 07:25:00; keynote 07:30:05,
 * talk 08:02:40, break 08:26:00, lightning 08:40:30.
 */
export const REPORT_CHAPTERS = [
  '0:00 Intro',
  '5:05 Opening keynote – Vicki Boykis',
  '37:40 Group-by statements that save the day – Vincent D. Warmerdam',
  '1:01:00 Coffee break',
  '1:15:30 Config files for fast and reproducible ML experiments – Anuvabh Dutt',
  '',
].join('\n');

const ingest = (operations: ChatIngest[], at: number): ShowEvent => ({
  type: 'chatIngested',
  operations,
  questionReaction: 'question',
  at,
});

function question(
  id: string,
  text: string,
  segmentId: string | null,
  status: QuestionStatus,
  origins: Question['origins'],
  extra: Partial<Question> = {},
): ShowEvent {
  return {
    type: 'questionSaved',
    question: {
      id,
      text,
      origins,
      segmentId,
      status,
      staff: false,
      moderatorVotes: 0,
      createdAt: T0,
      updatedAt: T0,
      ...extra,
    },
  };
}

const slack = (n: number) => `https://conf.slack.com/archives/C-ASK/p${n}`;
/** A message from the show's YouTube live chat. */
const youtubeChat = (id: string, text: string, overrides: Partial<ChatMessage>) =>
  chat(id, text, { source: 'youtube', channel: 'LC-1', channelName: 'NormConf live', ...overrides });

/**
 * Messages: keynote m1, m2, m3 (and m8, deleted: not counted), talk m4, m5, the gap between talk
 * and break m6, lightning m7: 3 + 2 + 1 + 1 = 7. Questions: keynote q1 (answered, 2 👍 + 1
 * moderator vote = 3; the question-marking reaction does not count) and q2 (dismissed); talk q3
 * (merged from Slack and YouTube, answered) and q4 (queued); the filler bank q5 (staff, answered).
 */
export function reportEvents(): ShowEvent[] {
  const m = {
    m1: chat('slack:C-ASK:1', 'How do you version the data?', {
      author: { id: 'U-ALICE', name: 'Alice', badges: [] },
      permalink: slack(1),
    }),
    m2: youtubeChat('youtube:m2', '=HYPERLINK("http://evil.example","click me")', {
      author: { id: 'UC-MAL', name: '-Mallory', badges: [] },
      permalink: null,
    }),
    m3: chat('slack:C-ASK:3', 'great talk', { permalink: slack(3) }),
    m8: chat('slack:C-ASK:8', 'spam', { permalink: slack(8) }),
    m4: chat('slack:C-ASK:4', 'Why group by and not a window?', {
      author: { id: 'U-BOB', name: 'Bob', badges: [] },
      permalink: slack(4),
    }),
    m5: youtubeChat('youtube:m5', 'why groupby instead of window functions?\nasking for a friend', {
      author: { id: 'UC-CAROL', name: 'Carol, PhD', badges: [] },
      permalink: 'https://www.youtube.com/watch?v=abc&lc=m5',
    }),
    m6: chat('slack:C-ASK:6', 'coffee time', { permalink: slack(6) }),
    m7: chat('slack:C-ASK:7', '@here lightning!', { permalink: slack(7) }),
  };
  return [
    { type: 'rundownImported', show: SHOW_INFO, segments: reportSegments() },
    { type: 'streamStateRecorded', active: true, at: STREAM_START },
    { type: 'segmentStarted', segmentId: 'keynote', at: KEYNOTE.start },
    ingest([upsert(m.m1), upsert(m.m2), upsert(m.m3), upsert(m.m8)], KEYNOTE.start + MIN),
    ingest(
      [
        { kind: 'reaction', id: m.m1.id, reaction: '+1', userId: 'U-1', added: true },
        { kind: 'reaction', id: m.m1.id, reaction: '+1', userId: 'U-2', added: true },
        { kind: 'reaction', id: m.m1.id, reaction: 'question', userId: 'U-3', added: true },
        { kind: 'delete', id: m.m8.id },
      ],
      KEYNOTE.start + 2 * MIN,
    ),
    question(
      'q1',
      'How do you version the data?',
      'keynote',
      'answered',
      [{ messageId: m.m1.id, source: 'slack', authorName: 'Alice', permalink: slack(1) }],
      { moderatorVotes: 1, createdAt: T0 + 3 * MIN },
    ),
    question(
      'q2',
      "@SUM(1+1)*cmd|' /C calc'!A0",
      'keynote',
      'dismissed',
      [{ messageId: m.m2.id, source: 'youtube', authorName: '-Mallory', permalink: null }],
      { createdAt: T0 + 4 * MIN },
    ),
    { type: 'segmentEnded', segmentId: 'keynote', at: KEYNOTE.end },
    { type: 'segmentStarted', segmentId: 'talk', at: TALK.start },
    ingest([upsert(m.m4), upsert(m.m5)], TALK.start + MIN),
    question(
      'q3',
      'Why group by rather than window functions?',
      'talk',
      'answered',
      [
        { messageId: m.m4.id, source: 'slack', authorName: 'Bob', permalink: slack(4) },
        {
          messageId: m.m5.id,
          source: 'youtube',
          authorName: 'Carol, PhD',
          permalink: 'https://www.youtube.com/watch?v=abc&lc=m5',
        },
      ],
      { createdAt: TALK.start + 2 * MIN },
    ),
    question('q4', '\tTab-led "quoted" question', 'talk', 'queued', [], {
      staff: true,
      createdAt: TALK.start + 3 * MIN,
    }),
    { type: 'segmentEnded', segmentId: 'talk', at: TALK.end },
    ingest([upsert(m.m6)], TALK.end + 10 * SEC),
    { type: 'segmentStarted', segmentId: 'break', at: BREAK.start },
    { type: 'segmentEnded', segmentId: 'break', at: BREAK.end },
    { type: 'segmentStarted', segmentId: 'lightning', at: LIGHTNING.start },
    ingest([upsert(m.m7)], LIGHTNING.start + MIN),
    question('q5', 'What would you tell\nyour younger self?', null, 'answered', [], {
      staff: true,
      createdAt: T0 - 10 * MIN,
    }),
    { type: 'segmentEnded', segmentId: 'lightning', at: LIGHTNING.end },
    { type: 'showEnded', at: SHOW_END },
    { type: 'streamStateRecorded', active: false, at: STREAM_END },
  ];
}

export function reportShow(): ShowState {
  return applyEvents(emptyShowState(REPORT_SHOW_ID), reportEvents());
}

/**
 * A show run the way a core runs one, for the report's schedule columns: each record is what
 * decide() (a producer's command) or the scheduler (automaticEvents) journals, so every start
 * carries the `expectedAt` the core computed from the state before it. Two sessions:
 *
 * - Morning: welcome 07:30 (10 min), then talk-a with no start of its own (planned 07:40, 20 min);
 * - Afternoon: panel, a hard start at 08:10 (30 min), then qa (planned 08:40, 10 min).
 *
 * What happens: welcome starts a minute early (07:29; expected 07:30, the plan, as the show had
 * not started); at 07:35 the producer adds 3 min (its end moves to 07:42); at 07:41 "next" starts
 * talk-a (expected 07:42, when welcome's timer said it would end; 1 min late against the plan);
 * talk-a runs on past its 08:01 end until the scheduler's hard start of panel at 08:10
 * (expected 08:10: Morning ends 08:10, 10 min over its plan); the show ends at 08:35, qa never
 * started (Afternoon ends 08:35, 15 min before its plan).
 */
export function scheduleReportSegments(): Segment[] {
  return [
    segment({ id: 'welcome', session: 'Morning', plannedStart: T0, durationMs: 10 * MIN }),
    segment({ id: 'talk-a', session: 'Morning', plannedStart: null, durationMs: 20 * MIN }),
    segment({
      id: 'panel',
      session: 'Afternoon',
      plannedStart: T0 + 40 * MIN,
      durationMs: 30 * MIN,
      startMode: 'hard',
    }),
    segment({ id: 'qa', session: 'Afternoon', plannedStart: null, durationMs: 10 * MIN }),
  ];
}

export interface ScriptedRecord {
  t: number;
  events: ShowEvent[];
}

export function scheduleReportRecords(): ScriptedRecord[] {
  let state = emptyShowState(REPORT_SHOW_ID);
  const records: ScriptedRecord[] = [];
  const append = (t: number, events: ShowEvent[]) => {
    state = applyEvents(state, events);
    records.push({ t, events });
  };
  const command = (t: number, cmd: ShowCommand) => {
    const decision = decide(state, cmd, ctx(t));
    if (!decision.ok) throw new Error(`${cmd.type} at ${t}: ${decision.error}`);
    append(t, decision.events);
  };
  append(T0 - 30 * MIN, [{ type: 'rundownImported', show: SHOW_INFO, segments: scheduleReportSegments() }]);
  command(T0 - MIN, { type: 'startSegment', segmentId: 'welcome' });
  command(T0 + 5 * MIN, { type: 'adjustTime', deltaMs: 3 * MIN });
  command(T0 + 11 * MIN, { type: 'nextSegment' });
  const hardStart = T0 + 40 * MIN;
  const due = dueAction(state, hardStart);
  if (due?.segmentId !== 'panel') throw new Error('the hard start of panel is not due');
  append(hardStart, automaticEvents(state, due, hardStart)!);
  command(T0 + 65 * MIN, { type: 'endShow' });
  return records;
}

export function scheduleReportShow(): ShowState {
  return applyEvents(
    emptyShowState(REPORT_SHOW_ID),
    scheduleReportRecords().flatMap((r) => r.events),
  );
}
