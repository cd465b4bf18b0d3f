import { z } from 'zod';
import { ChatIngest, ChatMessage, ChatSource } from './chat.js';
import { CrewActor } from './crew.js';
import type { ShowEvent } from './events.js';
import type { FeedEntry, FeedMessages } from './feedMessages.js';
import type { ShowState } from './model.js';
import { MESSAGE_PRESETS, Segment, ShowInfo } from './model.js';
import { ObsCommand } from './obs.js';
import type { Question } from './questions.js';
import { QUESTION_STATUSES } from './questions.js';
import { ROLES } from './roles.js';
import { Actor, CrewSignalKind } from './signalCommands.js';

/**
 * Schemas for the show's state and its journal events, as they travel in `snapshot` and
 * `record` pushes (protocol.ts) and in replication. The types stay the interfaces of
 * model.ts and events.ts (the reducer's vocabulary); each schema is checked against its type
 * at compile time (`satisfies z.ZodType<…>`), so the two cannot drift apart.
 *
 * Objects are loose (unknown keys pass through untouched): a screen must never drop a field
 * that a newer core of the same protocol added, and what a field means is checked where it is
 * required. Fields that older states lack are optional here exactly as the model reads them
 * (`crewSignalsOf`, `acksOf`, `controlHolder`).
 */

const Instant = z.number();
const Count = z.number().int().nonnegative();
const Id = z.string().min(1).max(300);
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable();

const Acknowledgement = z.looseObject({ by: Actor, at: Instant });
const ControlHolder = z.looseObject({ role: z.enum(ROLES), name: z.string().nullable(), since: Instant });
const CrewSignal = z.looseObject({
  id: Id,
  kind: CrewSignalKind,
  from: Actor,
  at: Instant,
  ack: nullable(Acknowledgement),
});
const MessagePreset = z.enum([
  ...(Object.keys(MESSAGE_PRESETS) as (keyof typeof MESSAGE_PRESETS)[]),
  'custom',
]);
const SentMessage = z.looseObject({
  id: Id,
  text: z.string(),
  preset: MessagePreset,
  sentAt: Instant,
  from: z.string(),
  fromName: z.string().nullable().optional(),
});
const CrewMessage = SentMessage.extend({ acks: z.array(Acknowledgement) });

const Timer = z.looseObject({
  segmentId: Id,
  startedAt: Instant,
  pausedAt: nullable(Instant),
  pausedTotalMs: z.number(),
  addedMs: z.number(),
  media: z
    .looseObject({
      inputName: z.string(),
      state: z.enum(['playing', 'paused', 'ended']),
      at: Instant,
      cursorMs: z.number(),
      durationMs: z.number(),
    })
    .optional(),
});
const AutomaticReason = z.looseObject({
  kind: z.enum(['hardStart', 'endAction', 'follow', 'mediaEnded']),
  dueAt: Instant,
});

const FeedEntrySchema = ChatMessage.loose().extend({
  segmentId: z.string().nullable(),
  reactions: z.record(z.string(), z.array(z.string())),
  looksLikeQuestion: z.boolean(),
  moderatorMark: z.boolean().nullable().optional(),
  questionId: z.string().nullable(),
  receivedAt: Instant,
}) satisfies z.ZodType<FeedEntry>;

const FeedMessagesSchema = z.looseObject({
  size: Count,
  pages: z.array(z.array(z.string())),
  buckets: z.array(z.array(FeedEntrySchema).nullable()),
}) satisfies z.ZodType<FeedMessages>;

const QuestionSchema = z.looseObject({
  id: Id,
  text: z.string(),
  origins: z.array(
    z.looseObject({
      messageId: z.string(),
      source: ChatSource,
      authorName: z.string(),
      permalink: z.string().nullable(),
    }),
  ),
  segmentId: z.string().nullable(),
  status: z.enum(QUESTION_STATUSES),
  staff: z.boolean(),
  moderatorVotes: z.number().int(),
  createdAt: Instant,
  updatedAt: Instant,
}) satisfies z.ZodType<Question>;

/** The whole show as a snapshot carries it. */
export const ShowStateSchema: z.ZodType<ShowState> = z.looseObject({
  showId: z.string().min(1),
  show: ShowInfo.loose(),
  segments: z.array(Segment.loose()),
  live: z.looseObject({
    currentSegmentId: z.string().nullable(),
    timer: nullable(Timer),
    showStartedAt: nullable(Instant),
    showEndedAt: nullable(Instant),
  }),
  actuals: z.record(
    z.string(),
    z.looseObject({
      startedAt: nullable(Instant),
      endedAt: nullable(Instant),
      expectedAt: Instant.optional(),
    }),
  ),
  activeMessage: nullable(CrewMessage),
  messages: z.array(CrewMessage),
  feed: z.looseObject({
    messages: FeedMessagesSchema,
    questions: z.record(z.string(), QuestionSchema),
    queue: z.array(z.string()),
    onAir: z.string().nullable(),
    fillerRequestedAt: nullable(Instant),
  }),
  control: nullable(ControlHolder),
  crewSignals: z.array(CrewSignal),
  streamRuns: z.array(z.looseObject({ startedAt: Instant, endedAt: nullable(Instant) })).optional(),
  term: z.number().int().positive(),
  automation: z.looseObject({ paused: z.boolean(), by: Actor, at: Instant }).optional(),
});

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.looseObject({ type: z.literal(type), ...shape });

const SEGMENT_EVENTS = [
  event('rundownImported', { show: ShowInfo.loose(), segments: z.array(Segment.loose()) }),
  event('showUpdated', { show: ShowInfo.loose() }),
  event('segmentUpdated', { segment: Segment.loose() }),
  event('segmentInserted', { segment: Segment.loose(), index: Count }),
  event('segmentRemoved', { segmentId: Id }),
  event('segmentStarted', {
    segmentId: Id,
    at: Instant,
    expectedAt: Instant.optional(),
    auto: AutomaticReason.optional(),
  }),
  event('segmentEnded', { segmentId: Id, at: Instant, auto: AutomaticReason.optional() }),
  event('timerPaused', { at: Instant }),
  event('timerResumed', { at: Instant }),
  event('timeAdjusted', { deltaMs: z.number() }),
  event('mediaTimerSynced', {
    segmentId: Id,
    inputName: z.string(),
    state: z.enum(['playing', 'paused', 'ended']),
    at: Instant,
    cursorMs: z.number().nonnegative(),
    durationMs: z.number().positive(),
  }),
  event('showEnded', { at: Instant }),
  event('automationSet', { paused: z.boolean(), by: Actor, at: Instant }),
] as const;

const PEOPLE_EVENTS = [
  event('messageSent', { message: SentMessage }),
  event('messageCleared', { messageId: Id, at: Instant, by: Actor.optional() }),
  event('controlTaken', { holder: ControlHolder, previous: nullable(ControlHolder), implicit: z.boolean() }),
  event('messageAcknowledged', { messageId: Id, by: Actor, at: Instant }),
  event('crewSignalRaised', { signal: CrewSignal }),
  event('crewSignalAcknowledged', { signalId: Id, by: Actor, at: Instant }),
  event('crewSignalCleared', { signalId: Id, by: Actor, at: Instant }),
  event('tokenRevoked', { role: z.enum(ROLES), by: CrewActor, at: Instant, disconnected: Count }),
  event('clientKicked', {
    clientId: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    by: CrewActor,
    at: Instant,
  }),
  event('termStarted', { term: z.number().int().positive(), at: Instant }),
] as const;

const FEED_EVENTS = [
  event('obsCommandApplied', { command: ObsCommand, at: Instant }),
  event('chatIngested', { operations: z.array(ChatIngest), questionReaction: z.string(), at: Instant }),
  event('messageMarked', { messageId: Id, question: z.boolean() }),
  event('questionSaved', { question: QuestionSchema }),
  event('questionRemoved', { questionId: Id }),
  event('questionQueueSet', { queue: z.array(z.string()), onAir: z.string().nullable() }),
  event('fillerRequested', { at: nullable(Instant) }),
  event('streamStateRecorded', { active: z.boolean(), at: Instant }),
] as const;

/** One journal event; an unknown type is refused (the reducer would not know what to do with it). */
const EventUnion = z.discriminatedUnion('type', [...SEGMENT_EVENTS, ...PEOPLE_EVENTS, ...FEED_EVENTS]);
export const ShowEventSchema: z.ZodType<ShowEvent> = EventUnion;

/** Fails to compile when an event type of events.ts has no schema here. */
type EventTypesWithoutSchema = Exclude<ShowEvent['type'], z.infer<typeof EventUnion>['type']>;
const _everyEventTypeHasASchema: [EventTypesWithoutSchema] extends [never] ? true : false = true;
