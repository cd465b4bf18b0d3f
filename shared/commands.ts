import { z } from 'zod';
import { MAX_DURATION_MS, Segment, SegmentId, ShowInfo } from './model.js';
import { SlackSettingsUpdate, YouTubeSettingsUpdate } from './chatSettings.js';
import { SIGNAL_COMMAND_SCHEMAS } from './signalCommands.js';
import { CREW_COMMAND_SCHEMAS } from './crew.js';
import { OBS_COMMAND_SCHEMAS, ObsSettings } from './obs.js';
import { DEFAULT_TALK_MIN, MAX_TALK_MIN, MIN_TALK_MIN } from './rundownImport/talkList.js';

/** 5 MB of rundown text is far more than any real schedule; more is garbage or a mistake. */
export const MAX_IMPORT_CHARS = 5 * 1024 * 1024;
export const MAX_ADJUST_MS = 60 * 60_000;
export const MAX_MESSAGE_CHARS = 140;

const SegmentChanges = Segment.omit({ id: true }).partial().strict();
const NewSegment = Segment.omit({ id: true }).extend({ id: SegmentId.optional() }).strict();

/**
 * Every change to a show is one of these commands, from the producer's window, a crew
 * browser, the HTTP API or a Stream Deck. The schema is the boundary: anything that does not
 * parse is rejected with the zod reason and changes nothing.
 */
const SHOW_COMMAND_SCHEMAS = [
  z
    .object({
      type: z.literal('importRundown'),
      format: z.enum(['csv', 'json', 'xlsx']),
      /** The file's text; for xlsx, the workbook's bytes in base64 (the core reads it: core/xlsx/). */
      text: z.string().max(MAX_IMPORT_CHARS),
      /** For CSV and xlsx: the show's name and time zones (a CSV carries only segments). */
      show: ShowInfo.optional(),
      /** For xlsx: the sheet to read (by name); absent means the first sheet. */
      sheet: z.string().min(1).max(31).optional(),
    })
    .strict(),
  /**
   * A list of talks with no times (a lightning session: speaker,title[,duration_min]) added as a
   * block after a segment, or as a new session at the end; decideTalkList.ts.
   */
  z
    .object({
      type: z.literal('importTalkList'),
      text: z.string().max(MAX_IMPORT_CHARS),
      placement: z.union([
        z.object({ after: SegmentId }).strict(),
        z.object({ newSession: z.object({ title: z.string().trim().min(1).max(120) }).strict() }).strict(),
      ]),
      /** Minutes for each talk whose row gives no duration_min. */
      defaultDurationMin: z.number().int().min(MIN_TALK_MIN).max(MAX_TALK_MIN).default(DEFAULT_TALK_MIN),
    })
    .strict(),
  z.object({ type: z.literal('updateShow'), changes: ShowInfo.partial().strict() }).strict(),
  z.object({ type: z.literal('updateSegment'), segmentId: SegmentId, changes: SegmentChanges }).strict(),
  /** Several segments changed as one edit (a schedule recovery shortens breaks together), all or none. */
  z
    .object({
      type: z.literal('updateSegments'),
      updates: z
        .array(z.object({ segmentId: SegmentId, changes: SegmentChanges }).strict())
        .min(1)
        .max(2000),
    })
    .strict(),
  /** The show-wide switch for automatic starts and ends (hard starts, end actions, follows). */
  z.object({ type: z.literal('setAutomation'), paused: z.boolean() }).strict(),
  z
    .object({ type: z.literal('insertSegment'), afterSegmentId: SegmentId.nullable(), segment: NewSegment })
    .strict(),
  z.object({ type: z.literal('removeSegment'), segmentId: SegmentId }).strict(),
  z.object({ type: z.literal('startSegment'), segmentId: SegmentId }).strict(),
  z.object({ type: z.literal('nextSegment') }).strict(),
  z.object({ type: z.literal('pauseTimer') }).strict(),
  z.object({ type: z.literal('resumeTimer') }).strict(),
  z
    .object({
      type: z.literal('adjustTime'),
      deltaMs: z
        .number()
        .int()
        .min(-MAX_ADJUST_MS)
        .max(MAX_ADJUST_MS)
        .refine((ms) => ms !== 0, 'deltaMs must not be 0'),
    })
    .strict(),
  z.object({ type: z.literal('endShow') }).strict(),
  z
    .object({
      type: z.literal('sendMessage'),
      preset: z.enum(['wrapUp', 'oneMinute', 'stretch', 'custom']),
      /** Required for "custom"; ignored for the presets, whose wording is fixed. */
      text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS).optional(),
    })
    .strict()
    .refine((cmd) => cmd.preset !== 'custom' || cmd.text !== undefined, {
      error: 'a custom message needs text',
      path: ['text'],
    }),
  z.object({ type: z.literal('clearMessage') }).strict(),
] as const;

const MessageId = z.string().min(1).max(300);
const QuestionId = z.string().min(1).max(100);
export const MAX_QUESTION_CHARS = 1000;
const QuestionText = z.string().trim().min(1).max(MAX_QUESTION_CHARS);

/** Curating the question feed (moderators), and running it on air (MCs, producer). */
const QUESTION_COMMAND_SCHEMAS = [
  z.object({ type: z.literal('markMessage'), messageId: MessageId, question: z.boolean() }).strict(),
  z
    .object({ type: z.literal('approveMessage'), messageId: MessageId, text: QuestionText.optional() })
    .strict(),
  z
    .object({ type: z.literal('addStaffQuestion'), text: QuestionText, segmentId: SegmentId.nullable() })
    .strict(),
  z.object({ type: z.literal('editQuestion'), questionId: QuestionId, text: QuestionText }).strict(),
  z
    .object({ type: z.literal('assignQuestion'), questionId: QuestionId, segmentId: SegmentId.nullable() })
    .strict(),
  z.object({ type: z.literal('queueQuestion'), questionId: QuestionId }).strict(),
  z
    .object({ type: z.literal('moveQuestion'), questionId: QuestionId, toIndex: z.number().int().min(0) })
    .strict(),
  z.object({ type: z.literal('putQuestionOnAir'), questionId: QuestionId }).strict(),
  z.object({ type: z.literal('nextQuestion') }).strict(),
  z.object({ type: z.literal('answerQuestion'), questionId: QuestionId }).strict(),
  z.object({ type: z.literal('dismissQuestion'), questionId: QuestionId }).strict(),
  z.object({ type: z.literal('restoreQuestion'), questionId: QuestionId }).strict(),
  z.object({ type: z.literal('voteQuestion'), questionId: QuestionId }).strict(),
  z.object({ type: z.literal('mergeQuestions'), intoId: QuestionId, fromId: QuestionId }).strict(),
  z.object({ type: z.literal('requestFiller') }).strict(),
  z.object({ type: z.literal('clearFillerRequest') }).strict(),
] as const;

/** The commands decide() turns into show events. */
export const ShowCommand = z.discriminatedUnion('type', [
  ...SHOW_COMMAND_SCHEMAS,
  ...QUESTION_COMMAND_SCHEMAS,
  ...SIGNAL_COMMAND_SCHEMAS,
]);
export type ShowCommand = z.infer<typeof ShowCommand>;

/**
 * Connection settings for this core's OBS. Handled by the core itself and never journaled or
 * echoed: the password stays on this machine (a backup has its own).
 */
export const ObsConfigureCommand = z
  .object({ type: z.literal('obsConfigure'), settings: ObsSettings })
  .strict();

/** The chat sources' settings (tokens, keys): kept by the core, never journaled or echoed. */
export const ChatConfigureCommand = z
  .object({
    type: z.literal('chatConfigure'),
    /** Secrets left out keep the ones the core has saved (see SlackSettingsUpdate). */
    settings: z
      .object({ slack: SlackSettingsUpdate.nullable(), youtube: YouTubeSettingsUpdate.nullable() })
      .strict(),
  })
  .strict();

/**
 * Makes a follower (a backup core replicating the primary) the primary, with a higher term.
 * Handled by the core itself; refused on a core that is not following.
 */
export const PromoteCommand = z.object({ type: z.literal('promote') }).strict();

export const Command = z.discriminatedUnion('type', [
  ...SHOW_COMMAND_SCHEMAS,
  ...QUESTION_COMMAND_SCHEMAS,
  ...SIGNAL_COMMAND_SCHEMAS,
  ...OBS_COMMAND_SCHEMAS,
  ObsConfigureCommand,
  ChatConfigureCommand,
  ...CREW_COMMAND_SCHEMAS,
  PromoteCommand,
]);
export type Command = z.infer<typeof Command>;
/** A command as a client writes it: fields with defaults may be left out. */
export type CommandInput = z.input<typeof Command>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

export { MAX_DURATION_MS };
