// Longer than 500 lines on purpose: one fake of one documented API (videos.list and
// liveChatMessages.list, their errors and quota answers), kept together so its wire shapes are
// checked side by side against the reference pages.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local YouTube Data API v3 for tests: GET /videos and GET /liveChat/messages (under
 * /youtube/v3, like the real root), speaking the JSON of the reference pages (videoListResponse,
 * liveChatMessageListResponse, liveChatMessage resources, and the documented error body). The
 * chat is an append-only log; a page token is a position in it. Errors are injected on cue, and
 * every call is logged with its query, its credentials and the fake's clock.
 */

export interface FakeAuthor {
  channelId: string;
  displayName: string;
  isChatOwner?: boolean;
  isChatModerator?: boolean;
  isChatSponsor?: boolean;
  isVerified?: boolean;
}

export const DEFAULT_AUTHOR: FakeAuthor = {
  channelId: 'UCviewer00000000000000001',
  displayName: 'Ada Viewer',
};
const OWNER: FakeAuthor = {
  channelId: 'UCnormconf0000000000000001',
  displayName: 'NormConf',
  isChatOwner: true,
};

export type FakeError =
  | 'quotaExceeded'
  | 'rateLimitExceeded'
  | 'liveChatEnded'
  | 'liveChatNotFound'
  | 'liveChatDisabled'
  | 'pageTokenInvalid'
  | '500'
  | '503'
  | '401'
  | 'forbidden'
  | 'keyInvalid';

export interface FakeCall {
  /** "videos", "liveChat/messages", or whatever else was asked (e.g. "search"). */
  path: string;
  query: Record<string, string>;
  /** "key" (query), "bearer" (header) or null. */
  auth: 'key' | 'bearer' | null;
  at: number;
  status: number;
}

export interface FakeYouTubeOptions {
  apiKey?: string;
  oauthToken?: string;
  videoId?: string;
  liveChatId?: string;
  title?: string;
  pollingIntervalMillis?: number;
  /** maxResults default of the real API. */
  pageSize?: number;
  /** The clock stamped on calls and on messages (publishedAt). */
  now?: () => number;
  /** The stream starts in this state. */
  stream?: 'upcoming' | 'live' | 'ended';
}

interface LogEntry {
  resource: Record<string, unknown>;
  /** Deleted with no event in the lists read from now on (see `vanish`). */
  hidden?: boolean;
}

const PREFIX = '/youtube/v3/';

export class FakeYouTube {
  readonly apiKey: string;
  readonly oauthToken: string;
  readonly videoId: string;
  readonly liveChatId: string;
  title: string;
  pollingIntervalMillis: number;
  pageSize: number;
  stream: 'upcoming' | 'live' | 'ended';
  /** Every call, in order. */
  readonly calls: FakeCall[] = [];
  /** Until this instant (fake clock) every call answers 403 quotaExceeded; null = quota left. */
  quotaExhaustedUntil: number | null = null;
  private readonly now: () => number;
  private readonly log: LogEntry[] = [];
  private readonly injected: { error: FakeError; path: string | null }[] = [];
  private chatEnded = false;
  private seq = 0;
  private server: Server | null = null;

  constructor(options: FakeYouTubeOptions = {}) {
    this.apiKey = options.apiKey ?? 'AIza-fake-key';
    this.oauthToken = options.oauthToken ?? 'ya29.fake-token';
    this.videoId = options.videoId ?? 'dQw4w9WgXcQ';
    this.liveChatId = options.liveChatId ?? 'KicKGFVDbm9ybWNvbmYwMDAwMDAwMDAwMDAwMRILZFF3NHc5V2dYY1E';
    this.title = options.title ?? 'NormConf 2022 — live';
    this.pollingIntervalMillis = options.pollingIntervalMillis ?? 5_000;
    this.pageSize = options.pageSize ?? 500;
    this.now = options.now ?? Date.now;
    this.stream = options.stream ?? 'live';
  }

  /** Listens on 127.0.0.1 and returns the API root to give the client as its base URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    return this.baseUrl;
  }

  get baseUrl(): string {
    if (!this.server) throw new Error('FakeYouTube is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/youtube/v3`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // -------------------------------------------------------------------------------------------
  // The audience and the moderators.

  /** A textMessageEvent; returns the message id. */
  post(text: string, author: FakeAuthor = DEFAULT_AUTHOR): string {
    return this.append('textMessageEvent', author, text, { textMessageDetails: { messageText: text } });
  }

  /** A superChatEvent: amountDisplay like "$5.00"; the comment is the user's text. */
  superChat(comment: string, amountDisplay = '$5.00', author: FakeAuthor = DEFAULT_AUTHOR): string {
    const amount = Number(amountDisplay.replace(/[^0-9.]/g, '')) || 5;
    return this.append(
      'superChatEvent',
      author,
      `${amountDisplay} from ${author.displayName}: "${comment}"`,
      {
        superChatDetails: {
          amountMicros: String(Math.round(amount * 1_000_000)),
          currency: 'USD',
          amountDisplayString: amountDisplay,
          userComment: comment,
          tier: 2,
        },
      },
    );
  }

  /**
   * The message stops being listed, and no messageDeletedEvent is listed for it either: what a
   * client that was not reading when it was deleted can count on (a deleted message no longer
   * appears; the documentation promises no replay of deletions to a first request).
   */
  vanish(messageId: string): void {
    const entry = this.log.find((e) => e.resource['id'] === messageId);
    if (!entry) throw new Error(`no message ${messageId}`);
    entry.hidden = true;
  }

  /** A messageDeletedEvent for an earlier message, by the channel owner. */
  deleteMessage(messageId: string): string {
    return this.append('messageDeletedEvent', OWNER, '', {
      messageDeletedDetails: { deletedMessageId: messageId },
    });
  }

  /** A userBannedEvent (permanent) for a viewer's channel, by the channel owner. */
  ban(channelId: string, displayName = 'Banned Viewer'): string {
    return this.append('userBannedEvent', OWNER, '', {
      userBannedDetails: {
        bannedUserDetails: {
          channelId,
          channelUrl: `http://www.youtube.com/channel/${channelId}`,
          displayName,
          profileImageUrl: 'https://yt3.ggpht.example/banned.jpg',
        },
        banType: 'permanent',
      },
    });
  }

  /** A chatEndedEvent; after the page that carries it, the chat answers 403 liveChatEnded. */
  endChat(): string {
    const id = this.append('chatEndedEvent', OWNER, '', {});
    this.chatEnded = true;
    return id;
  }

  /** Any other liveChatMessage type (e.g. "newSponsorEvent"), which the client should ignore. */
  other(type: string, details: Record<string, unknown> = {}): string {
    return this.append(type, DEFAULT_AUTHOR, '', details);
  }

  /** The next `count` calls (to `path`, or to any path) fail with `error`. */
  failNext(error: FakeError, count = 1, path: 'videos' | 'liveChat/messages' | null = null): void {
    for (let i = 0; i < count; i++) this.injected.push({ error, path });
  }

  /** Ids of the text and super chat messages in the log, oldest first. */
  get messageIds(): string[] {
    return this.log
      .filter((entry) => {
        const type = (entry.resource.snippet as { type: string }).type;
        return type === 'textMessageEvent' || type === 'superChatEvent';
      })
      .map((entry) => entry.resource.id as string);
  }

  /** Calls to one path. */
  callsTo(path: string): FakeCall[] {
    return this.calls.filter((call) => call.path === path);
  }

  private append(
    type: string,
    author: FakeAuthor,
    displayMessage: string,
    details: Record<string, unknown>,
  ): string {
    this.seq += 1;
    const id = `LCC.fake${String(this.seq).padStart(6, '0')}`;
    this.log.push({
      resource: {
        kind: 'youtube#liveChatMessage',
        etag: `etag-${this.seq}`,
        id,
        snippet: {
          type,
          liveChatId: this.liveChatId,
          authorChannelId: author.channelId,
          publishedAt: new Date(this.now()).toISOString(),
          hasDisplayContent: displayMessage !== '',
          displayMessage,
          ...details,
        },
        authorDetails: {
          channelId: author.channelId,
          channelUrl: `http://www.youtube.com/channel/${author.channelId}`,
          displayName: author.displayName,
          profileImageUrl: 'https://yt3.ggpht.example/photo.jpg',
          isVerified: author.isVerified ?? false,
          isChatOwner: author.isChatOwner ?? false,
          isChatSponsor: author.isChatSponsor ?? false,
          isChatModerator: author.isChatModerator ?? false,
        },
      },
    });
    return id;
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const bearer = req.headers.authorization;
    const call: FakeCall = {
      path,
      query,
      auth: query.key !== undefined ? 'key' : bearer ? 'bearer' : null,
      at: this.now(),
      status: 0,
    };
    this.calls.push(call);
    const send = (status: number, body: unknown): void => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET')
      return send(405, errorBody(405, 'Method not allowed', 'global', 'httpMethodNotAllowed'));

    // Credentials, the way Google checks them.
    if (query.key !== undefined) {
      if (query.key !== this.apiKey) {
        return send(
          400,
          errorBody(400, 'API key not valid. Please pass a valid API key.', 'global', 'badRequest'),
        );
      }
    } else if (bearer !== undefined) {
      if (bearer !== `Bearer ${this.oauthToken}`) {
        return send(
          401,
          errorBody(
            401,
            'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
            'global',
            'authError',
          ),
        );
      }
    } else {
      return send(
        403,
        errorBody(
          403,
          "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
          'global',
          'forbidden',
        ),
      );
    }

    const injectedAt = this.injected.findIndex((entry) => entry.path === null || entry.path === path);
    if (injectedAt >= 0) {
      const [entry] = this.injected.splice(injectedAt, 1);
      if (entry) return send(...injectedError(entry.error));
    }
    if (this.quotaExhaustedUntil !== null && this.now() < this.quotaExhaustedUntil) {
      return send(...injectedError('quotaExceeded'));
    }

    if (path === 'videos') return send(200, this.videos(query));
    if (path === 'liveChat/messages') {
      const [status, body] = this.messages(query);
      return send(status, body);
    }
    return send(404, errorBody(404, 'Not Found', 'global', 'notFound'));
  }

  private videos(query: Record<string, string>): unknown {
    const ids = (query.id ?? '').split(',');
    const parts = (query.part ?? '').split(',');
    const items = ids.includes(this.videoId)
      ? [
          {
            kind: 'youtube#video',
            etag: 'video-etag',
            id: this.videoId,
            ...(parts.includes('snippet')
              ? {
                  snippet: {
                    title: this.title,
                    channelId: OWNER.channelId,
                    liveBroadcastContent:
                      this.stream === 'live' ? 'live' : this.stream === 'upcoming' ? 'upcoming' : 'none',
                  },
                }
              : {}),
            ...(parts.includes('liveStreamingDetails') ? { liveStreamingDetails: this.liveDetails() } : {}),
          },
        ]
      : [];
    return {
      kind: 'youtube#videoListResponse',
      etag: 'list-etag',
      items,
      pageInfo: { totalResults: items.length, resultsPerPage: items.length },
    };
  }

  private liveDetails(): Record<string, unknown> {
    const scheduledStartTime = '2022-12-15T14:00:00Z';
    if (this.stream === 'upcoming') return { scheduledStartTime };
    if (this.stream === 'ended') {
      return {
        scheduledStartTime,
        actualStartTime: '2022-12-15T14:01:07Z',
        actualEndTime: '2022-12-16T05:10:00Z',
      };
    }
    return {
      scheduledStartTime,
      actualStartTime: '2022-12-15T14:01:07Z',
      concurrentViewers: '740',
      ...(this.chatEnded ? {} : { activeLiveChatId: this.liveChatId }),
    };
  }

  private messages(query: Record<string, string>): [number, unknown] {
    if (!query.liveChatId) {
      return [
        400,
        errorBody(
          400,
          'No filter selected. Expected one of: liveChatId',
          'youtube.parameter',
          'missingRequiredParameter',
        ),
      ];
    }
    if (query.liveChatId !== this.liveChatId) return injectedError('liveChatNotFound');
    const parts = (query.part ?? '').split(',');
    if (!parts.includes('snippet')) {
      return [400, errorBody(400, "'part' must include snippet", 'youtube.part', 'unknownPart')];
    }
    let start: number;
    if (query.pageToken === undefined) {
      // The first request returns recent history: at most one page of the latest messages.
      start = Math.max(0, this.log.length - this.pageSize);
    } else {
      const position = decodeToken(query.pageToken);
      if (position === null || position > this.log.length) return injectedError('pageTokenInvalid');
      start = position;
    }
    // The page that carried chatEndedEvent was read: the chat is gone now.
    if (this.chatEnded && start >= this.log.length) return injectedError('liveChatEnded');
    const slice = this.log.slice(start, start + this.pageSize);
    const items = slice
      .filter((entry) => !entry.hidden)
      .map((entry) => {
        const resource: Record<string, unknown> = {
          kind: entry.resource.kind,
          etag: entry.resource.etag,
          id: entry.resource.id,
        };
        if (parts.includes('snippet')) resource.snippet = entry.resource.snippet;
        if (parts.includes('authorDetails')) resource.authorDetails = entry.resource.authorDetails;
        return resource;
      });
    const next = start + slice.length;
    return [
      200,
      {
        kind: 'youtube#liveChatMessageListResponse',
        etag: `page-etag-${next}`,
        nextPageToken: encodeToken(next),
        pollingIntervalMillis: this.pollingIntervalMillis,
        pageInfo: { totalResults: items.length, resultsPerPage: items.length },
        items,
      },
    ];
  }
}

function encodeToken(position: number): string {
  return Buffer.from(`fake-position:${position}`).toString('base64url');
}

function decodeToken(token: string): number | null {
  const match = /^fake-position:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

function errorBody(code: number, message: string, domain: string, reason: string): unknown {
  return { error: { code, message, errors: [{ message, domain, reason }] } };
}

function injectedError(error: FakeError): [number, unknown] {
  switch (error) {
    case 'quotaExceeded':
      return [
        403,
        errorBody(
          403,
          'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
          'youtube.quota',
          'quotaExceeded',
        ),
      ];
    case 'rateLimitExceeded':
      return [
        403,
        errorBody(
          403,
          'The request was sent too soon after the previous one.',
          'youtube.liveChat',
          'rateLimitExceeded',
        ),
      ];
    case 'liveChatEnded':
      return [403, errorBody(403, 'The live chat is no longer live.', 'youtube.liveChat', 'liveChatEnded')];
    case 'liveChatDisabled':
      return [403, errorBody(403, 'The live chat is not enabled.', 'youtube.liveChat', 'liveChatDisabled')];
    case 'liveChatNotFound':
      return [
        404,
        errorBody(
          404,
          'The live chat that you are trying to retrieve cannot be found.',
          'youtube.liveChat',
          'liveChatNotFound',
        ),
      ];
    case 'pageTokenInvalid':
      return [400, errorBody(400, 'The page token is invalid.', 'youtube.parameter', 'pageTokenInvalid')];
    case '500':
      return [500, errorBody(500, 'Backend Error', 'global', 'backendError')];
    case '503':
      return [503, errorBody(503, 'The service is currently unavailable.', 'global', 'backendError')];
    case '401':
      return [401, errorBody(401, 'Request had invalid authentication credentials.', 'global', 'authError')];
    case 'forbidden':
      return [403, errorBody(403, 'The caller does not have permission', 'global', 'forbidden')];
    case 'keyInvalid':
      return [400, errorBody(400, 'API key not valid. Please pass a valid API key.', 'global', 'badRequest')];
    default:
      return error satisfies never;
  }
}
