import { z } from 'zod';
import { clipText } from '../../../shared/text.js';
import { describeZodError } from '../../../shared/zodErrors.js';

/**
 * The two YouTube Data API v3 calls live chat needs, over global fetch, every answer parsed with
 * zod. Secrets (the API key, the OAuth token) go on the wire and nowhere else: they are never
 * part of an error message, and URLs are never logged.
 */

export const DEFAULT_YOUTUBE_BASE_URL = 'https://www.googleapis.com/youtube/v3';
const DEFAULT_TIMEOUT_MS = 30_000;

export type YouTubeAuth = { kind: 'apiKey'; apiKey: string } | { kind: 'oauth'; token: string };

// ---------------------------------------------------------------------------------------------
// Errors

/** YouTube answered with an error: `status` is the HTTP status, `reason` errors[0].reason. */
export class YouTubeApiError extends Error {
  override readonly name = 'YouTubeApiError';
  constructor(
    readonly status: number,
    readonly reason: string | null,
    readonly domain: string | null,
    readonly detail: string,
  ) {
    super(`YouTube answered ${status}${reason ? ` ${reason}` : ''}: ${detail}`);
  }
}

/** No answer: DNS, connection refused, reset, timeout. */
export class YouTubeNetworkError extends Error {
  override readonly name = 'YouTubeNetworkError';
}

/** An answer that is not the documented JSON. */
export class YouTubeResponseError extends Error {
  override readonly name = 'YouTubeResponseError';
}

/** The documented error body: {error: {code, message, errors: [{domain, reason, message}]}}. */
const ErrorBody = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z
      .array(
        z.object({
          domain: z.string().optional(),
          reason: z.string().optional(),
          message: z.string().optional(),
        }),
      )
      .optional(),
  }),
});

// ---------------------------------------------------------------------------------------------
// videos.list?part=snippet,liveStreamingDetails

const Timestamp = z.string().refine((value) => Number.isFinite(Date.parse(value)), 'not a date-time');

export const VideoListResponse = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        snippet: z.object({ title: z.string().optional() }).optional(),
        liveStreamingDetails: z
          .object({
            actualStartTime: Timestamp.optional(),
            actualEndTime: Timestamp.optional(),
            scheduledStartTime: Timestamp.optional(),
            activeLiveChatId: z.string().min(1).optional(),
          })
          .optional(),
      }),
    )
    .default([]),
});
export type VideoListResponse = z.infer<typeof VideoListResponse>;

// ---------------------------------------------------------------------------------------------
// liveChatMessages.list (GET /liveChat/messages)

/** Items are parsed one by one (LiveChatItem) so one odd item cannot cost a whole page. */
export const LiveChatMessageListResponse = z.object({
  nextPageToken: z.string().min(1).optional(),
  pollingIntervalMillis: z.number().int().nonnegative().optional(),
  offlineAt: Timestamp.optional(),
  items: z.array(z.unknown()).default([]),
});
export type LiveChatMessageListResponse = z.infer<typeof LiveChatMessageListResponse>;

/** int64 fields arrive as JSON strings. */
const Int64 = z.union([z.string(), z.number()]);

export const LiveChatAuthorDetails = z.object({
  channelId: z.string().min(1),
  displayName: z.string().default(''),
  isVerified: z.boolean().optional(),
  isChatOwner: z.boolean().optional(),
  isChatSponsor: z.boolean().optional(),
  isChatModerator: z.boolean().optional(),
});

/** A liveChatMessage resource, the fields this client reads. */
export const LiveChatItem = z.object({
  id: z.string().min(1),
  snippet: z.object({
    type: z.string(),
    liveChatId: z.string().optional(),
    authorChannelId: z.string().optional(),
    publishedAt: Timestamp,
    hasDisplayContent: z.boolean().optional(),
    displayMessage: z.string().optional(),
    textMessageDetails: z.object({ messageText: z.string() }).optional(),
    superChatDetails: z
      .object({
        amountMicros: Int64.optional(),
        currency: z.string().optional(),
        amountDisplayString: z.string(),
        userComment: z.string().optional(),
        tier: z.number().optional(),
      })
      .optional(),
    messageDeletedDetails: z.object({ deletedMessageId: z.string().min(1) }).optional(),
    userBannedDetails: z
      .object({
        bannedUserDetails: z.object({ channelId: z.string().min(1), displayName: z.string().optional() }),
        banType: z.string().optional(),
        banDurationSeconds: Int64.optional(),
      })
      .optional(),
  }),
  authorDetails: LiveChatAuthorDetails.optional(),
});
export type LiveChatItem = z.infer<typeof LiveChatItem>;

// ---------------------------------------------------------------------------------------------

export interface YouTubeApiOptions {
  baseUrl?: string;
  auth: YouTubeAuth;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export class YouTubeApi {
  private readonly baseUrl: string;
  private readonly auth: YouTubeAuth;
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly timeoutMs: number;

  constructor(options: YouTubeApiOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_YOUTUBE_BASE_URL).replace(/\/+$/, '');
    this.auth = options.auth;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** videos.list (1 unit): the stream's title and live details. */
  async videosList(videoId: string, signal: AbortSignal): Promise<VideoListResponse> {
    const body = await this.get('videos', { part: 'snippet,liveStreamingDetails', id: videoId }, signal);
    return parse(VideoListResponse, body, 'videos.list');
  }

  /** liveChatMessages.list (5 units): one page of chat, oldest first. */
  async liveChatMessagesList(
    params: { liveChatId: string; pageToken: string | null },
    signal: AbortSignal,
  ): Promise<LiveChatMessageListResponse> {
    const query: Record<string, string> = { liveChatId: params.liveChatId, part: 'snippet,authorDetails' };
    if (params.pageToken) query.pageToken = params.pageToken;
    const body = await this.get('liveChat/messages', query, signal);
    return parse(LiveChatMessageListResponse, body, 'liveChatMessages.list');
  }

  private async get(path: string, query: Record<string, string>, signal: AbortSignal): Promise<unknown> {
    const url = new URL(`${this.baseUrl}/${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.auth.kind === 'apiKey') url.searchParams.set('key', this.auth.apiKey);
    else headers.authorization = `Bearer ${this.auth.token}`;

    // One signal for "stop" and "took too long"; AbortSignal.any is not in every typing yet.
    const request = new AbortController();
    const onAbort = (): void => request.abort();
    if (signal.aborted) request.abort();
    else signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => request.abort(), this.timeoutMs);
    try {
      let response: Response;
      let text: string;
      try {
        response = await this.fetchFn(url, { headers, signal: request.signal });
        text = await response.text();
      } catch (error) {
        if (signal.aborted) throw error;
        const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : null;
        throw new YouTubeNetworkError(
          request.signal.aborted
            ? `no answer from YouTube within ${Math.round(this.timeoutMs / 1000)} s`
            : `cannot reach YouTube (${cause?.message ?? String(error)})`,
        );
      }
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        if (response.ok)
          throw new YouTubeResponseError(`YouTube sent ${response.status} with a body that is not JSON`);
      }
      if (!response.ok) throw apiError(response.status, body);
      return body;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
  }
}

function apiError(status: number, body: unknown): YouTubeApiError {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return new YouTubeApiError(status, null, null, `HTTP ${status}`);
  const first = parsed.data.error.errors?.[0];
  const detail = clipText(parsed.data.error.message ?? first?.message ?? `HTTP ${status}`, 300);
  return new YouTubeApiError(status, first?.reason ?? null, first?.domain ?? null, detail);
}

function parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new YouTubeResponseError(
    `YouTube's answer to ${what} is not as documented: ${describeZodError(result.error)}`,
  );
}
