import type { CommandOf } from './commands.js';
import type { Decision, DecideContext } from './decision.js';
import { conflict, invalid } from './decision.js';
import type { ShowEvent } from './events.js';
import type { Segment, ShowState } from './model.js';
import { Rundown } from './model.js';
import { plannedTimes } from './plannedTimes.js';
import { defaultThresholds } from './rundownImport/cells.js';
import { formatImportErrors } from './rundownImport/errors.js';
import { SEGMENTS_LIMIT } from './rundownImport/rowsImport.js';
import { parseTalkList } from './rundownImport/talkList.js';
import { describeZodError } from './zodErrors.js';
import { zonedParts } from './zonedParts.js';

const minutes = (ms: number): string => `${Number((ms / 60_000).toFixed(2))} min`;

/** "13:20", or "13:19:30" when the seconds are not zero (a refusal must not round a hard start). */
function clockIn(epochMs: number, timeZone: string): string {
  const p = zonedParts(epochMs, timeZone);
  const seconds = p['second'] ?? '00';
  return `${p['hour'] ?? '??'}:${p['minute'] ?? '??'}${seconds === '00' ? '' : `:${seconds}`}`;
}

/**
 * A lightning-talk list imported as a block (issue 11.3): the talks go after the given segment
 * (in its session) or at the end of the rundown as a new session. The block starts when the
 * segment before it is planned to end, each talk when the one before it is. The producer starts
 * the first talk; from there each talk starts the next when its time is up, so the block runs by
 * itself, and after the last one the show waits for the producer. Later segments with a
 * planned start the block now runs into are pushed back just enough, up to a hard start, which
 * is never moved: a block that would run into one is refused. All or nothing.
 */
export function decideTalkList(
  state: ShowState,
  cmd: CommandOf<'importTalkList'>,
  ctx: DecideContext,
): Decision {
  const parsed = parseTalkList(cmd.text, cmd.defaultDurationMin);
  if (!parsed.ok) return invalid(`talk list not imported:\n${formatImportErrors(parsed.errors)}`);
  const { talks } = parsed;

  const { placement } = cmd;
  let index: number;
  let session: string;
  if ('after' in placement) {
    index = state.segments.findIndex((s) => s.id === placement.after) + 1;
    const before = state.segments[index - 1];
    if (index === 0 || !before) return conflict(`no segment "${placement.after}" to put the talks after`);
    session = before.session;
  } else {
    index = state.segments.length;
    session = placement.newSession.title;
  }
  // Before what is live or has run, the talks would never come up with Next, and the shift
  // would rewrite the plan of segments that already ran (their start delay in the report).
  const lastRun = state.segments.findLastIndex(
    (s) => s.id === state.live.currentSegmentId || (state.actuals[s.id]?.startedAt ?? null) !== null,
  );
  if (index <= lastRun) {
    const ran = state.segments[lastRun]!;
    const what = ran.id === state.live.currentSegmentId ? 'is live' : 'has already run';
    return conflict(
      `the talks would go before "${ran.title}", which ${what}; put them after it or as a new session`,
    );
  }
  if (state.segments.length + talks.length > SEGMENTS_LIMIT) {
    return invalid(
      `the rundown has ${state.segments.length} segments; ${talks.length} talks more would pass its limit of ${SEGMENTS_LIMIT}`,
    );
  }

  const times = plannedTimes(state.segments);
  const blockStart = index > 0 ? (times[index - 1]?.end ?? null) : null;
  let at = blockStart;
  const inserted: Segment[] = talks.map((talk, i) => {
    const segment: Segment = {
      id: ctx.newId(),
      kind: 'lightning',
      session,
      title: talk.title,
      speakers: talk.speakers,
      plannedStart: at,
      durationMs: talk.durationMs,
      ...defaultThresholds(talk.durationMs),
      notes: talk.notes,
      // The producer starts the block (the MC introduces it); inside it each talk starts the
      // next when its time is up; after the last, the show waits for the producer again.
      startMode: i === 0 ? 'manual' : 'follow',
      endAction: i === talks.length - 1 ? 'none' : 'next',
    };
    if (at !== null) at += talk.durationMs;
    return segment;
  });
  const totalMs = talks.reduce((sum, t) => sum + t.durationMs, 0);

  // Push back what the block now runs into, until a planned start it leaves room for.
  const shifted: Segment[] = [];
  let end = at;
  for (const segment of state.segments.slice(index)) {
    if (end === null) break;
    if (segment.plannedStart !== null) {
      if (segment.plannedStart >= end) break;
      if (segment.startMode === 'hard') {
        const zone = state.show.timezone;
        return conflict(
          `with the ${talks.length} talks (${minutes(totalMs)}) the plan would reach the hard start of ` +
            `"${segment.title}" at ${clockIn(segment.plannedStart, zone)} (${zone}) only at ${clockIn(end, zone)}, ` +
            `${minutes(end - segment.plannedStart)} late; shorten the talks or put them elsewhere`,
        );
      }
      shifted.push({ ...segment, plannedStart: end });
    }
    end += segment.durationMs;
  }

  const shiftedById = new Map(shifted.map((s) => [s.id, s]));
  const segments = state.segments.map((s) => shiftedById.get(s.id) ?? s);
  segments.splice(index, 0, ...inserted);
  const checked = Rundown.safeParse({ show: state.show, segments });
  if (!checked.success) return invalid(`talk list not imported: ${describeZodError(checked.error)}`);

  const events: ShowEvent[] = [
    ...inserted.map((segment, i): ShowEvent => ({ type: 'segmentInserted', segment, index: index + i })),
    ...shifted.map((segment): ShowEvent => ({ type: 'segmentUpdated', segment })),
  ];
  return { ok: true, events };
}
