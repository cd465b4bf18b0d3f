import { z } from 'zod';
import { DEFAULT_DAILY_QUOTA_UNITS, QUOTA_PRIORITIES } from './youtubeQuota.js';
import { parseVideoId } from './youtubeVideo.js';

/**
 * The settings of the two chat sources, as the producer enters them. They hold secrets (tokens,
 * API keys): the core keeps them and never sends them to a screen or writes them to the journal.
 */

export const SLACK_CHANNEL_ID = /^[CG][A-Z0-9]{2,30}$/;
const REACTION_NAME = /^[a-z0-9_+'-]{1,100}$/;

export const SlackSettings = z.object({
  /** App-level token (Basic Information → App-Level Tokens) with `connections:write`. */
  appToken: z.string().trim().startsWith('xapp-', 'the app-level token starts with xapp-').max(500),
  /** Bot token (OAuth & Permissions → Bot User OAuth Token). */
  botToken: z.string().trim().startsWith('xoxb-', 'the bot token starts with xoxb-').max(500),
  /** Channel ids (C…, or G… for old private channels), not names: names change, ids do not. */
  channels: z
    .array(z.string().trim().regex(SLACK_CHANNEL_ID, 'a Slack channel id looks like C0123ABCD'))
    .min(1)
    .max(20)
    .transform((ids) => [...new Set(ids)]),
  /** The reaction that marks a question, without colons. The core decides what it means. */
  questionReaction: z
    .string()
    .trim()
    .transform((name) => name.replace(/^:+|:+$/g, ''))
    .pipe(z.string().regex(REACTION_NAME, 'a reaction name like question or raised_hand'))
    .default('question'),
  /**
   * The Web API root, for a Slack that is not slack.com (GovSlack: https://slack-gov.com/api/)
   * and for tests (a local fake); both client libraries accept it.
   */
  slackApiUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** On the very first start (no saved position), how many recent messages per channel to load. */
  initialBackfill: z.number().int().min(0).max(1000).default(100),
  /**
   * After a gap, threads whose parent was posted this long before the last seen message are
   * checked for replies that arrived during the gap (one extra history call per channel).
   */
  threadLookbackMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(120),
});
export type SlackSettings = z.infer<typeof SlackSettings>;
export type SlackSettingsInput = z.input<typeof SlackSettings>;

const YouTubeFields = z.object({
  /** A Data API key (read-only access to public streams). */
  apiKey: z.string().trim().min(1).optional(),
  /** An OAuth 2.0 access token, sent as a Bearer token; used when both are given. */
  oauthToken: z.string().trim().min(1).optional(),
  /** The stream: a YouTube URL or the 11-character video id. */
  video: z
    .string()
    .trim()
    .min(1, "the stream's video URL or id is required")
    .superRefine((value, ctx) => {
      try {
        parseVideoId(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  /** The Data API root, for an API gateway or proxy; tests point it at a fake. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The project's daily quota in units. */
  dailyQuota: z.number().int().positive().default(DEFAULT_DAILY_QUOTA_UNITS),
  /** The show's planned end (epoch ms, from the rundown): the quota is spread until then. */
  showEndsAt: z.number().int().nullable().default(null),
  /** The producer's bounds for the time between polls. */
  minIntervalMs: z.number().int().min(0).max(3_600_000).default(1_000),
  maxIntervalMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
  priority: z.enum(QUOTA_PRIORITIES).default('duration'),
  /** How often to look again (videos.list, 1 unit) while the stream has not started. */
  liveCheckIntervalMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
});

const intervalsInOrder = (s: { minIntervalMs: number; maxIntervalMs: number }) =>
  s.minIntervalMs <= s.maxIntervalMs;
const INTERVALS_MESSAGE = {
  error: 'minIntervalMs must not be above maxIntervalMs',
  path: ['minIntervalMs'],
};

export const YouTubeSettings = YouTubeFields.refine(
  (s) => s.apiKey !== undefined || s.oauthToken !== undefined,
  { error: 'an API key or an OAuth token is required', path: ['apiKey'] },
).refine(intervalsInOrder, INTERVALS_MESSAGE);
export type YouTubeSettings = z.output<typeof YouTubeSettings>;
export type YouTubeSettingsInput = z.input<typeof YouTubeSettings>;

/**
 * What the settings dialog sends. The core never sends a token or key back, so a secret left
 * out keeps the one this core has saved: the producer retypes a token only to change it.
 */
export const SlackSettingsUpdate = SlackSettings.extend({
  appToken: SlackSettings.shape.appToken.optional(),
  botToken: SlackSettings.shape.botToken.optional(),
});
export type SlackSettingsUpdate = z.input<typeof SlackSettingsUpdate>;

/** As YouTubeSettings; with neither an API key nor an OAuth token, the saved one is kept. */
export const YouTubeSettingsUpdate = YouTubeFields.refine(intervalsInOrder, INTERVALS_MESSAGE);
export type YouTubeSettingsUpdate = z.input<typeof YouTubeSettingsUpdate>;

export interface ChatSettingsUpdate {
  slack: SlackSettingsUpdate | null;
  youtube: YouTubeSettingsUpdate | null;
}

/**
 * Fills the secrets an update left out from the saved settings. A secret that is neither in
 * the update nor saved is an error that says which; the result still goes through the full
 * schemas. A YouTube update with a key or token replaces both saved ones (one way to sign in).
 */
export function withSavedSecrets(
  update: ChatSettingsUpdate,
  saved: {
    slack: { appToken: string; botToken: string; slackApiUrl?: string } | null;
    youtube: { apiKey?: string; oauthToken?: string; baseUrl?: string } | null;
  },
): { ok: true; settings: ChatSettingsUpdate } | { ok: false; error: string } {
  // A saved secret goes only where it went before: an update that points a source at another
  // API URL must bring its own, or anyone with a producer link could have the core send the
  // saved tokens to a server of their choosing.
  const savedSlack =
    saved.slack && saved.slack.slackApiUrl === update.slack?.slackApiUrl ? saved.slack : null;
  const savedYouTube =
    saved.youtube && saved.youtube.baseUrl === update.youtube?.baseUrl ? saved.youtube : null;
  const moved = (had: unknown, kept: unknown) =>
    had && !kept ? ' (a saved one is kept only for the same API URL: type it again for the new URL)' : '';
  let slack = update.slack;
  if (slack) {
    const appToken = slack.appToken ?? savedSlack?.appToken;
    const botToken = slack.botToken ?? savedSlack?.botToken;
    const why = moved(saved.slack, savedSlack);
    if (appToken === undefined)
      return { ok: false, error: `Slack: the app-level token (xapp-…) is required${why}` };
    if (botToken === undefined)
      return { ok: false, error: `Slack: the bot token (xoxb-…) is required${why}` };
    slack = { ...slack, appToken, botToken };
  }
  let youtube = update.youtube;
  if (youtube && youtube.apiKey === undefined && youtube.oauthToken === undefined) {
    const { apiKey, oauthToken } = savedYouTube ?? {};
    if (apiKey === undefined && oauthToken === undefined) {
      return {
        ok: false,
        error: `YouTube: an API key or an OAuth token is required${moved(saved.youtube, savedYouTube)}`,
      };
    }
    youtube = {
      ...youtube,
      ...(apiKey !== undefined ? { apiKey } : {}),
      ...(oauthToken !== undefined ? { oauthToken } : {}),
    };
  }
  return { ok: true, settings: { slack, youtube } };
}
