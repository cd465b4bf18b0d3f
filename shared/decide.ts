import type { CommandOf, ShowCommand } from './commands.js';
import type { ShowEvent } from './events.js';
import type { SentMessage, Segment, ShowState } from './model.js';
import { MESSAGE_PRESETS, Rundown } from './model.js';
import type { Decision, DecideContext } from './decision.js';
import { accept, conflict, invalid } from './decision.js';
import type { SheetTable } from './rundownImport.js';
import {
  formatImportErrors,
  importRundownCsv,
  importRundownJson,
  importRundownSheet,
} from './rundownImport.js';
import { describeZodError } from './zodErrors.js';
import { decideQuestion } from './decideQuestion.js';
import { decideTalkList } from './decideTalkList.js';
import { actorOf, decideTakeControl } from './control.js';
import { decideSignal } from './signals.js';
import { nextSegmentOf } from './rundownOrder.js';
import { endLive, startEvents } from './segmentStart.js';

export { nextSegmentOf };

function findSegment(state: ShowState, segmentId: string): Segment | undefined {
  return state.segments.find((s) => s.id === segmentId);
}

function checkThresholds(segment: Segment): string | null {
  if (segment.dangerMs > segment.warningMs)
    return 'the danger threshold must not be above the warning threshold';
  return null;
}

/** The whole rundown after an edit must still be one (ids, thresholds, hard starts that fit). */
function checkRundown(state: ShowState, segments: Segment[]): string | null {
  const checked = Rundown.safeParse({ show: state.show, segments });
  if (checked.success) return null;
  const issue = checked.error.issues[0];
  const index = issue?.path[1];
  const segment = typeof index === 'number' ? segments[index] : undefined;
  return segment && issue ? `segment "${segment.id}": ${issue.message}` : describeZodError(checked.error);
}

type SegmentUpdate = CommandOf<'updateSegments'>['updates'][number];

/** One or several segment edits, checked against the whole rundown as it would be, all or none. */
function decideUpdates(state: ShowState, updates: readonly SegmentUpdate[]): Decision {
  const byId = new Map<string, Segment>();
  for (const { segmentId, changes } of updates) {
    const segment = byId.get(segmentId) ?? findSegment(state, segmentId);
    if (!segment) return conflict(`no segment "${segmentId}"`);
    const named = (problem: string) =>
      invalid(updates.length > 1 ? `segment "${segmentId}": ${problem}` : problem);
    if (Object.keys(changes).length === 0) return named('nothing to change');
    const updated = { ...segment, ...changes };
    const problem = checkThresholds(updated);
    if (problem) return named(problem);
    byId.set(segmentId, updated);
  }
  const segments = state.segments.map((s) => byId.get(s.id) ?? s);
  const problem = checkRundown(state, segments);
  if (problem) return invalid(problem);
  return accept(...[...byId.values()].map((segment): ShowEvent => ({ type: 'segmentUpdated', segment })));
}

function importOf(state: ShowState, cmd: CommandOf<'importRundown'>, sheet: SheetTable | undefined) {
  switch (cmd.format) {
    case 'csv':
      return importRundownCsv(cmd.text, { show: cmd.show ?? state.show });
    case 'json':
      return importRundownJson(cmd.text);
    case 'xlsx':
      return sheet ? importRundownSheet(sheet, { show: cmd.show ?? state.show }) : null;
    default:
      return cmd.format satisfies never;
  }
}

function decideImport(state: ShowState, cmd: CommandOf<'importRundown'>, sheet?: SheetTable): Decision {
  if (state.live.currentSegmentId !== null) {
    return conflict('a segment is live; end it (or the show) before replacing the rundown');
  }
  const result = importOf(state, cmd, sheet);
  if (result === null) return invalid('an xlsx workbook must be read by the core before it is decided');
  if (!result.ok) return invalid(formatImportErrors(result.errors));
  return accept({ type: 'rundownImported', show: result.rundown.show, segments: result.rundown.segments });
}

/** Turns a parsed, authorised command into the events that record it, or says why it cannot run now. */
export function decide(state: ShowState, cmd: ShowCommand, ctx: DecideContext): Decision {
  const { now } = ctx;
  switch (cmd.type) {
    case 'importRundown':
      return decideImport(state, cmd, ctx.sheet);
    case 'importTalkList':
      return decideTalkList(state, cmd, ctx);
    case 'updateShow':
      if (Object.keys(cmd.changes).length === 0) return invalid('nothing to change');
      return accept({ type: 'showUpdated', show: { ...state.show, ...cmd.changes } });
    case 'updateSegment':
      return decideUpdates(state, [{ segmentId: cmd.segmentId, changes: cmd.changes }]);
    case 'updateSegments':
      return decideUpdates(state, cmd.updates);
    case 'setAutomation':
      if ((state.automation?.paused ?? false) === cmd.paused) {
        return conflict(
          cmd.paused ? 'automatic starts are already paused' : 'automatic starts are already on',
        );
      }
      return accept({ type: 'automationSet', paused: cmd.paused, by: actorOf(ctx), at: now });
    case 'insertSegment': {
      const index =
        cmd.afterSegmentId === null ? 0 : state.segments.findIndex((s) => s.id === cmd.afterSegmentId) + 1;
      if (index === 0 && cmd.afterSegmentId !== null) return conflict(`no segment "${cmd.afterSegmentId}"`);
      const id = cmd.segment.id ?? ctx.newId();
      if (findSegment(state, id)) return conflict(`a segment "${id}" exists already`);
      const segment: Segment = { ...cmd.segment, id };
      const segments = [...state.segments];
      segments.splice(index, 0, segment);
      const problem = checkThresholds(segment) ?? checkRundown(state, segments);
      return problem ? invalid(problem) : accept({ type: 'segmentInserted', segment, index });
    }
    case 'removeSegment':
      if (!findSegment(state, cmd.segmentId)) return conflict(`no segment "${cmd.segmentId}"`);
      if (state.live.currentSegmentId === cmd.segmentId)
        return conflict('the live segment cannot be removed');
      return accept({ type: 'segmentRemoved', segmentId: cmd.segmentId });
    case 'startSegment':
      if (!findSegment(state, cmd.segmentId)) return conflict(`no segment "${cmd.segmentId}"`);
      if (state.live.currentSegmentId === cmd.segmentId) return conflict('that segment is already live');
      return accept(...startEvents(state, cmd.segmentId, now));
    case 'nextSegment': {
      const next = nextSegmentOf(state);
      if (!next) {
        return conflict(
          state.live.currentSegmentId === null
            ? 'every segment has run'
            : 'this is the last segment; end the show instead',
        );
      }
      return accept(...startEvents(state, next.id, now));
    }
    case 'pauseTimer': {
      const timer = state.live.timer;
      if (!timer) return conflict('no segment is live');
      if (timer.pausedAt !== null) return conflict('the timer is already paused');
      return accept({ type: 'timerPaused', at: now });
    }
    case 'resumeTimer': {
      const timer = state.live.timer;
      if (!timer) return conflict('no segment is live');
      if (timer.pausedAt === null) return conflict('the timer is not paused');
      return accept({ type: 'timerResumed', at: now });
    }
    case 'adjustTime': {
      const timer = state.live.timer;
      const segment = timer && findSegment(state, timer.segmentId);
      if (!timer || !segment) return conflict('no segment is live');
      if (segment.durationMs + timer.addedMs + cmd.deltaMs < 0) {
        return conflict('cannot remove more time than the segment has');
      }
      // Elapsed time is untouched: adding time moves the deadline, it never rewinds the talk.
      return accept({ type: 'timeAdjusted', deltaMs: cmd.deltaMs });
    }
    case 'endShow':
      if (state.live.showStartedAt === null) return conflict('the show has not started');
      if (state.live.showEndedAt !== null) return conflict('the show has already ended');
      return accept(...endLive(state, now), { type: 'showEnded', at: now });
    case 'sendMessage': {
      const text = cmd.preset === 'custom' ? (cmd.text ?? '') : MESSAGE_PRESETS[cmd.preset];
      const message: SentMessage = { id: ctx.newId(), text, preset: cmd.preset, sentAt: now, from: ctx.role };
      if (ctx.name) message.fromName = ctx.name;
      return accept({ type: 'messageSent', message });
    }
    case 'markMessage':
    case 'approveMessage':
    case 'addStaffQuestion':
    case 'editQuestion':
    case 'assignQuestion':
    case 'queueQuestion':
    case 'moveQuestion':
    case 'putQuestionOnAir':
    case 'nextQuestion':
    case 'answerQuestion':
    case 'dismissQuestion':
    case 'restoreQuestion':
    case 'voteQuestion':
    case 'mergeQuestions':
      return decideQuestion(state, cmd, ctx);
    case 'requestFiller':
    case 'clearFillerRequest':
    case 'acknowledgeMessage':
    case 'signalProducer':
    case 'acknowledgeSignal':
    case 'clearSignal':
      return decideSignal(state, cmd, ctx);
    case 'takeControl':
      return decideTakeControl(state, cmd, ctx);
    case 'clearMessage':
      if (!state.activeMessage) return conflict('no message is showing');
      return accept({ type: 'messageCleared', messageId: state.activeMessage.id, at: now, by: actorOf(ctx) });
    default:
      return cmd satisfies never;
  }
}
