import type { IncomingMessage, ServerResponse } from 'node:http';
import { mayRun } from '../shared/commandTable.js';
import type { HealthResponse, StateResponse, WorkbookSheetsResponse } from '../shared/protocol.js';
import { PROTOCOL_VERSION, WorkbookSheetsRequest } from '../shared/protocol.js';
import { describeZodError } from '../shared/zodErrors.js';
import type { Role } from '../shared/roles.js';
import { SHOW_CONTROL_ROLES } from '../shared/roles.js';
import { APP_VERSION } from '../shared/version.js';
import { ClientName } from '../shared/signalCommands.js';
import type { AuthRateLimiter } from './authRateLimit.js';
import { isReportPath, REPORT_PATHS, reportDownload } from './reportDownloads.js';
import type { ShowCore } from './showCore.js';
import type { TokenStore } from './tokens.js';
import { listWorkbookSheets } from './xlsx/readWorkbook.js';

const MAX_BODY_BYTES = 6 * 1024 * 1024;

export interface HttpApiOptions {
  core: ShowCore;
  tokens: TokenStore;
  rateLimiter: AuthRateLimiter;
  startedAt: number;
  now?: () => number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, `body is not JSON: ${(error as Error).message}`);
  }
}

/**
 * A script or Stream Deck names itself with `X-Client-Name` (it then counts as that client for
 * show control); without one it is its role's unnamed client. A malformed name is ignored.
 */
function clientNameOf(req: IncomingMessage): string | null {
  const parsed = ClientName.safeParse(req.headers['x-client-name']);
  return parsed.success ? parsed.data : null;
}

/**
 * The HTTP face of the same core: health for monitors, state and commands for scripts and a
 * Stream Deck (Companion's generic HTTP module). Same schemas and roles as the socket.
 * Returns false for paths that are not the API, so the caller can serve the web UI.
 */
export function createHttpApi(options: HttpApiOptions) {
  const { core, tokens, rateLimiter } = options;
  const now = options.now ?? Date.now;

  function authenticate(req: IncomingMessage): Role {
    const address = req.socket.remoteAddress ?? 'unknown';
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match)
      throw new HttpError(401, 'missing "Authorization: Bearer <token>" header', {
        'www-authenticate': 'Bearer',
      });
    const role = tokens.roleFor(match[1]!);
    const blockedMs = rateLimiter.attempt(address, role !== null);
    if (blockedMs > 0) {
      const seconds = Math.ceil(blockedMs / 1000);
      throw new HttpError(429, `too many failed attempts; try again in ${seconds} s`, {
        'retry-after': String(seconds),
      });
    }
    if (!role) {
      throw new HttpError(401, 'token not valid for this show', { 'www-authenticate': 'Bearer' });
    }
    return role;
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (pathname === '/api/health' && req.method === 'GET') {
      const body: HealthResponse = {
        app: 'showcaller',
        version: APP_VERSION,
        protocol: PROTOCOL_VERSION,
        uptimeMs: now() - options.startedAt,
        showId: core.showId,
        seq: core.seq,
        serverTime: now(),
        term: core.term,
        mode: core.mode,
      };
      // Public and secret-free: a crew page served by one core may probe the others in its link.
      sendJson(res, 200, body, { 'access-control-allow-origin': '*' });
      return;
    }
    if (pathname === '/api/state' && req.method === 'GET') {
      authenticate(req);
      const body: StateResponse = {
        showId: core.showId,
        seq: core.seq,
        serverTime: now(),
        state: core.state,
      };
      sendJson(res, 200, body);
      return;
    }
    if (pathname === '/api/commands' && req.method === 'POST') {
      const role = authenticate(req);
      const payload = parseJson(await readBody(req));
      const givenName = clientNameOf(req);
      const result = await core.execute(payload, role, { clientId: null, name: givenName, givenName });
      if (result.ok) sendJson(res, 200, result);
      else sendJson(res, result.status, result);
      return;
    }
    if (pathname === '/api/workbook-sheets' && req.method === 'POST') {
      // Only for whoever may import a rundown: reading a workbook costs the core some work.
      const role = authenticate(req);
      if (!mayRun(role, 'importRundown'))
        throw new HttpError(403, `the ${role} role may not import a rundown`);
      const request = WorkbookSheetsRequest.safeParse(parseJson(await readBody(req)));
      if (!request.success) throw new HttpError(400, describeZodError(request.error));
      const listed = await listWorkbookSheets(request.data.text);
      if (!listed.ok) throw new HttpError(400, listed.error);
      const body: WorkbookSheetsResponse = listed;
      sendJson(res, 200, body);
      return;
    }
    if (isReportPath(pathname) && req.method === 'GET') {
      // The report names the audience and their questions: for whoever runs the show.
      const role = authenticate(req);
      if (!SHOW_CONTROL_ROLES.includes(role))
        throw new HttpError(403, `the ${role} role may not download the show report`);
      const download = await reportDownload(pathname, query, core.state, {
        showId: core.showId,
        questionReaction: core.questionReaction,
      });
      if (!download.ok) throw new HttpError(download.status, download.error);
      res.writeHead(200, {
        'content-type': download.contentType,
        'content-disposition': `attachment; filename="${download.filename}"`,
        'content-length': Buffer.byteLength(download.body),
        'cache-control': 'no-store',
      });
      res.end(download.body);
      return;
    }
    const known = [
      '/api/health',
      '/api/state',
      '/api/commands',
      '/api/workbook-sheets',
      ...REPORT_PATHS,
    ].includes(pathname);
    throw new HttpError(
      known ? 405 : 404,
      known ? `${req.method ?? ''} not allowed here` : `no API at ${pathname}`,
    );
  }

  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://core');
    if (!pathname.startsWith('/api/')) return false;
    try {
      await route(req, res, pathname, searchParams);
    } catch (error) {
      if (error instanceof HttpError)
        sendJson(res, error.status, { ok: false, status: error.status, error: error.message }, error.headers);
      else sendJson(res, 500, { ok: false, status: 500, error: 'internal error' });
    }
    return true;
  };
}
