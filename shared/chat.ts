import { z } from 'zod';
import { AdapterHealthFields, type HealthLevel } from './adapterHealth.js';

/**
 * Chat from the audience, from either source, in one shape. Adapters (core/chat/) turn their
 * wire formats into ChatIngest operations; the core journals them and builds the feed and the
 * question queue from them. Everything here is text: screens render it as text, never HTML.
 */

export const CHAT_SOURCES = ['slack', 'youtube'] as const;
export const ChatSource = z.enum(CHAT_SOURCES);
export type ChatSource = z.infer<typeof ChatSource>;

/** Long enough for any real chat line; longer is clipped by the adapter with "…". */
export const MAX_CHAT_TEXT = 4000;

export const ChatAuthor = z.object({
  /** Slack user id, YouTube channel id. */
  id: z.string().min(1).max(128),
  name: z.string().max(200),
  /** Channel owner, moderator, sponsor… as the source reports it. */
  badges: z.array(z.string().max(40)).max(8).default([]),
});
export type ChatAuthor = z.infer<typeof ChatAuthor>;

export const ChatMessage = z.object({
  /**
   * Stable across redelivery and restarts: `slack:<channel>:<ts>` or `youtube:<message id>`.
   * Dedupe is on this id.
   */
  id: z
    .string()
    .max(300)
    .regex(/^(slack|youtube):\S+$/, 'a chat message id is "slack:…" or "youtube:…"'),
  source: ChatSource,
  /** Slack channel id or YouTube liveChatId. */
  channel: z.string().min(1).max(200),
  /** "#ask-the-speaker", or the stream's title; for display only. */
  channelName: z.string().max(200),
  author: ChatAuthor,
  text: z.string().max(MAX_CHAT_TEXT),
  /** When the audience member sent it (the source's own timestamp), epoch ms. */
  sentAt: z.number().int(),
  permalink: z.string().max(2000).nullable(),
  /** The thread it belongs to (`slack:<channel>:<thread_ts>`), null for a top-level message. */
  threadId: z.string().max(300).nullable(),
  /** Fetched to fill a gap or on first load, not live: shown, but never flashed as new. */
  backfill: z.boolean(),
  /** YouTube Super Chat: the amount as YouTube displays it ("$5.00"). */
  superChat: z
    .object({ amountDisplay: z.string().max(40) })
    .nullable()
    .default(null),
  /** Edited at the source after it was first seen. */
  edited: z.boolean().default(false),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/**
 * What an adapter reports. `upsert` is both new and edited messages (same id); `reaction` is
 * the Slack reaction that marks a question, or a vote; `authorBanned` removes everything an
 * author wrote (YouTube userBannedEvent).
 */
export const ChatIngest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('upsert'), message: ChatMessage }),
  z.object({ kind: z.literal('delete'), id: z.string().min(1).max(300) }),
  z.object({
    kind: z.literal('reaction'),
    id: z.string().min(1).max(300),
    reaction: z.string().min(1).max(100),
    userId: z.string().min(1).max(128),
    added: z.boolean(),
  }),
  z.object({ kind: z.literal('authorBanned'), source: ChatSource, authorId: z.string().min(1).max(128) }),
]);
export type ChatIngest = z.infer<typeof ChatIngest>;

export const CHAT_SOURCE_STATES = [
  'off', // not configured
  'connecting',
  'backfilling',
  'connected',
  'reconnecting',
  'waiting', // backing off after an error it expects to recover from (5xx, quota)
  'stopped', // needs the producer: bad token, chat ended, quota gone for the day
] as const;
export type ChatSourceState = (typeof CHAT_SOURCE_STATES)[number];

/** Where each source state sits in the one health vocabulary of every adapter. */
export const CHAT_HEALTH: Record<ChatSourceState, HealthLevel> = {
  off: 'off',
  connecting: 'starting',
  backfilling: 'starting',
  connected: 'ok',
  reconnecting: 'retrying',
  waiting: 'retrying',
  stopped: 'stopped',
};

export interface ChatQuota {
  /** Units spent today (YouTube resets at midnight Pacific). */
  usedUnits: number;
  dailyUnits: number;
  /** Current time between polls. */
  intervalMs: number;
  /** When, at this interval, the quota runs out (epoch ms), or null if it lasts the day. */
  exhaustsAt: number | null;
  resetsAt: number;
}

/** `reason` is words for the producer: "invalid_auth: check the bot token", "quota exceeded until 09:00". */
export interface ChatSourceStatus extends AdapterHealthFields {
  source: ChatSource;
  state: ChatSourceState;
  quota: ChatQuota | null;
  /** Messages seen since start, for a sense of life. */
  received: number;
}

const ChatQuotaSchema = z.object({
  usedUnits: z.number(),
  dailyUnits: z.number(),
  intervalMs: z.number(),
  exhaustsAt: z.number().nullable(),
  resetsAt: z.number(),
}) satisfies z.ZodType<ChatQuota>;

const ChatSourceStatusSchema = AdapterHealthFields.extend({
  source: ChatSource,
  state: z.enum(CHAT_SOURCE_STATES),
  quota: ChatQuotaSchema.nullable(),
  received: z.number(),
}) satisfies z.ZodType<ChatSourceStatus>;

/**
 * The chat sources' health and their settings without secrets: live, not journaled, sent to
 * every screen. Screens check it with this schema (a typed socket says what the core should
 * send, not what arrived).
 */
export const ChatLiveMessage = z.object({
  sources: z.array(ChatSourceStatusSchema).max(10),
  settings: z.object({
    /** Tokens are always saved with a Slack source (it cannot run without them). */
    slack: z
      .object({
        channels: z.array(z.string()),
        questionReaction: z.string(),
        slackApiUrl: z.string().nullable(),
        initialBackfill: z.number(),
        threadLookbackMinutes: z.number(),
      })
      .nullable(),
    youtube: z
      .object({
        video: z.string(),
        videoId: z.string(),
        /** Which secret is saved; never the secret. */
        auth: z.enum(['apiKey', 'oauth']),
        dailyQuota: z.number(),
        priority: z.string(),
        showEndsAt: z.number().nullable(),
        minIntervalMs: z.number(),
        maxIntervalMs: z.number(),
        liveCheckIntervalMs: z.number(),
        baseUrl: z.string().nullable(),
      })
      .nullable(),
  }),
});
export type ChatLiveMessage = z.infer<typeof ChatLiveMessage>;
