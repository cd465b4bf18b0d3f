import { ErrorCode } from '@slack/web-api';
import { z } from 'zod';
import { SLACK_TS } from './slackText.js';

/**
 * What Slack sends (events, Web API answers), parsed leniently: unknown fields are dropped and a
 * malformed item is skipped by the caller, never trusted. And what its errors mean for us.
 */

export const Ts = z.string().regex(SLACK_TS);

// ---------------------------------------------------------------------------------------------
// Wire formats

export const RawMessage = z.object({
  type: z.string().optional(),
  subtype: z.string().optional(),
  hidden: z.boolean().optional(),
  user: z.string().min(1).max(128).optional(),
  bot_id: z.string().nullish(),
  text: z.string().nullish(),
  ts: Ts,
  thread_ts: Ts.optional(),
  reply_count: z.number().optional(),
  latest_reply: Ts.optional(),
  edited: z.object({ user: z.string().optional(), ts: z.string().optional() }).optional(),
  reactions: z
    .array(
      z.object({
        name: z.string().min(1).max(100),
        users: z.array(z.string().min(1).max(128)).default([]),
        /** All who reacted; `users` may list fewer on a busy message. */
        count: z.number().int().nonnegative().optional(),
      }),
    )
    .optional(),
  files: z.array(z.object({ name: z.string().nullish(), title: z.string().nullish() })).optional(),
});
export type RawMessage = z.infer<typeof RawMessage>;

export const MessageEvent = RawMessage.extend({
  channel: z.string().min(1).max(40),
  message: z.unknown().optional(),
  previous_message: z.unknown().optional(),
  deleted_ts: Ts.optional(),
});

export const ReactionEvent = z.object({
  type: z.enum(['reaction_added', 'reaction_removed']),
  user: z.string().min(1).max(128),
  reaction: z.string().min(1).max(100),
  item: z.object({ type: z.string(), channel: z.string().optional(), ts: Ts.optional() }),
});

export const TokensRevokedEvent = z.object({
  tokens: z.object({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }).optional(),
});

export const EventCallback = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().min(1).max(200),
  event: z.looseObject({ type: z.string() }),
});
export type SlackEvent = z.infer<typeof EventCallback>['event'];

export const AuthTest = z.object({ url: z.string().optional(), user_id: z.string().optional() });

export const UserInfo = z.object({
  user: z.object({
    name: z.string().optional(),
    real_name: z.string().optional(),
    is_admin: z.boolean().optional(),
    is_owner: z.boolean().optional(),
    is_restricted: z.boolean().optional(),
    profile: z.object({ display_name: z.string().optional(), real_name: z.string().optional() }).optional(),
  }),
});

export const ConversationInfo = z.object({ channel: z.object({ name: z.string().optional() }) });

export const MessagePage = z.object({
  messages: z.array(z.unknown()).default([]),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Errors

/** Thrown to unwind work that belongs to a run that was stopped (or failed) meanwhile. */
export class Stale extends Error {
  override readonly name = 'SlackSourceStale';
}

interface SlackErrorShape {
  code?: unknown;
  data?: { error?: unknown; needed?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
  original?: { message?: unknown };
}

function errorShape(error: unknown): SlackErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

/** Slack's `error` string when Slack answered `ok: false`. */
export function platformCode(error: unknown): string | null {
  const shape = errorShape(error);
  return shape.code === ErrorCode.PlatformError && typeof shape.data?.error === 'string'
    ? shape.data.error
    : null;
}

export function rateLimitSeconds(error: unknown): number | null {
  const shape = errorShape(error);
  return shape.code === ErrorCode.RateLimitedError && typeof shape.retryAfter === 'number'
    ? Math.max(1, shape.retryAfter)
    : null;
}

export function describeError(error: unknown): string {
  if (error === undefined || error === null) return 'the connection to Slack closed before it was ready';
  const shape = errorShape(error);
  const code = platformCode(error);
  if (code) return `Slack answered ${code}`;
  if (shape.code === ErrorCode.RateLimitedError) return 'Slack is rate-limiting';
  if (shape.code === ErrorCode.HTTPError) return `Slack answered HTTP ${String(shape.statusCode)}`;
  if (shape.code === ErrorCode.RequestError) {
    const detail = typeof shape.original?.message === 'string' ? shape.original.message : 'network error';
    return `cannot reach Slack (${detail})`;
  }
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unexpected error';
}

export type TokenKind = 'bot token' | 'app-level token';

/** Errors that mean a token will not work until someone changes something: never retried. */
const TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'team_disabled',
  'user_removed_from_team',
  'ekm_access_denied',
]);

export function tokenErrorReason(code: string, token: TokenKind): string | null {
  if (!TOKEN_ERRORS.has(code)) return null;
  switch (code) {
    case 'invalid_auth':
      return `Slack refused the ${token} (invalid_auth): check it in the settings`;
    case 'not_authed':
      return `Slack received no ${token} (not_authed): enter it in the settings`;
    case 'account_inactive':
      return `Slack says the app's ${token} is no longer active (account_inactive): reinstall the app to the workspace and update the tokens in the settings`;
    case 'token_revoked':
    case 'token_expired':
      return `Slack revoked the ${token} (${code}): reinstall the app and update the tokens in the settings`;
    case 'not_allowed_token_type':
      return `Slack will not take this kind of token as the ${token} (not_allowed_token_type): the app-level token starts with xapp-, the bot token with xoxb-`;
    case 'team_disabled':
      return 'The Slack workspace has been disabled (team_disabled)';
    default:
      return `Slack refused the ${token} (${code}): check the settings`;
  }
}

/** Per-channel problems: that channel is skipped (with a reason), the others keep working. */
export const CHANNEL_ERRORS = new Set([
  'not_in_channel',
  'channel_not_found',
  'missing_scope',
  'access_denied',
  'no_permission',
  'team_access_not_granted',
  'is_archived',
]);

export function channelProblem(channelLabel: string, error: unknown): string {
  const code = platformCode(error) ?? 'error';
  const needed = errorShape(error).data?.needed;
  switch (code) {
    case 'not_in_channel':
      return `${channelLabel}: the app is not in the channel (not_in_channel): /invite it there`;
    case 'channel_not_found':
      return `${channelLabel}: no such channel, or the app cannot see it (channel_not_found)`;
    case 'missing_scope':
      return `${channelLabel}: the app lacks the ${typeof needed === 'string' ? needed : 'needed'} scope (missing_scope): add it and reinstall`;
    default:
      return `${channelLabel}: Slack answered ${code}`;
  }
}
