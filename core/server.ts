import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import type { ObsSettings } from '../shared/obs.js';
import type { ChatSettingsInput } from '../shared/protocol.js';
import { readHealth } from '../shared/protocol.js';
import type { Role } from '../shared/roles.js';
import { ROLES } from '../shared/roles.js';
import { formatJoinLink, normaliseCoreAddresses } from '../shared/joinLink.js';
import { AuthRateLimiter } from './authRateLimit.js';
import { coreAddresses } from './coreAddresses.js';
import { CrewControl } from './crewControl.js';
import { CrewHub } from './crewHub.js';
import { createCrewServer } from './crewServer.js';
import { DEMO_RUNDOWN_CSV, DEMO_SHOW_ID, DEMO_SHOW_INFO } from './demoShow.js';
import { createHttpApi } from './httpApi.js';
import { ChatService } from './chat/chatService.js';
import { ObsService } from './obs/obsService.js';
import { Follower } from './follower.js';
import { ReplicationServer } from './replication.js';
import { runAutomations } from './runtime/automations.js';
import { CoreRole } from './runtime/coreRole.js';
import { systemClock } from './runtime/scheduler.js';
import { watchTerms } from './termWatch.js';
import { ShowCore } from './showCore.js';
import type { ShowLock } from './showLock.js';
import { lockShowFolder } from './showLock.js';
import type { RoleTokens } from './tokens.js';
import { TokenStore } from './tokens.js';

/** How long a closing core waits for HTTP requests in flight before it ends their connections. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Closes the crew hub and the HTTP side for good. socket.io's close waits for every HTTP
 * connection to end, so a client that sent half a request (or a download in flight) held the
 * core open: requests in flight get the grace period, then every connection ends.
 */
async function closeHttp(hub: CrewHub, server: HttpServer, graceMs: number): Promise<void> {
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await hub.close();
  } finally {
    clearTimeout(force);
    server.closeAllConnections();
  }
}

/** Fixed, so crew links keep working across restarts. */
export const DEFAULT_PORT = 4747;
export const DEFAULT_HOST = '0.0.0.0';

const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../dist/renderer/', import.meta.url));

/**
 * Served with every page: the web UI loads nothing from anywhere else, runs no inline script,
 * and may not be framed. OBS browser sources and crew browsers get the same policy.
 */
function securityHeaders(coreOrigins: readonly string[]): Record<string, string> {
  // The other cores of a join link: a screen served by this core may have to reach them.
  const cores = coreOrigins.length > 0 ? ` ${coreOrigins.join(' ')}` : '';
  return {
    'content-security-policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:${cores}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    host: string,
  ) {
    super(
      `port ${port} on ${host} is already in use (another Showcaller core?). Stop it, or choose another port with --port and another --data-dir.`,
    );
    this.name = 'PortInUseError';
  }
}

/** Fails with PortInUseError when `port` cannot be listened on right now (it is let go at once). */
function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host) : error),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export interface CoreOptions {
  dataDir: string;
  port?: number;
  host?: string;
  showId?: string;
  staticDir?: string;
  snapshotEvery?: number;
  log?: (line: string) => void;
  now?: () => number;
  /**
   * OBS: `false` runs without it (tests that don't need it); `{ settings }` uses those without
   * saving them; omitted, the settings saved in the data folder (or 127.0.0.1:4455).
   */
  obs?: false | { settings?: ObsSettings };
  /** Slack and YouTube: `false` runs without them; `{ settings }` uses those unsaved; omitted, DATA/chat.json. */
  chat?: false | { settings?: ChatSettingsInput };
  /**
   * More core addresses for join links, after this core's own (`--advertise`): the backup
   * laptop's core, a name that resolves on the venue network. Each `http(s)://HOST:PORT`.
   */
  advertise?: readonly string[];
  /**
   * Run as a backup: replicate the primary at `url` (with a backup or producer token) into this
   * core's own journal, serve the crew read-only, and start OBS and chat only when promoted.
   * The show is the primary's (`showId` is ignored).
   */
  follow?: { url: string; token: string; waitMs?: number };
}

export interface RunningCore {
  /** Base URL for this machine (loopback when listening everywhere). */
  url: string;
  port: number;
  host: string;
  showId: string;
  core: ShowCore;
  /** Null without OBS, and on a backup until it is promoted. */
  readonly obs: ObsService | null;
  readonly chat: ChatService | null;
  /** On a backup: its replication of the primary (stopped once promoted). */
  follower: Follower | null;
  /** The primary's side of replication: backups connect to it. */
  replication: ReplicationServer;
  /** The current tokens (a revoked role has a new one; a backup's are the primary's). */
  readonly tokens: Readonly<RoleTokens>;
  /** Every core address a join link carries, in the order screens try them. */
  coreAddresses: string[];
  /** One link per role with its current token (see shared/joinLink.ts for the format). */
  readonly joinUrls: Record<Role, string>;
  close(): Promise<void>;
}

const formatHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** The show a primary runs, from its health endpoint; retried until it answers or `waitMs` passes. */
async function primaryShow(
  url: string,
  waitMs: number,
  log: (line: string) => void,
): Promise<{ showId: string; term: number }> {
  const deadline = Date.now() + waitMs;
  let said = false;
  for (;;) {
    try {
      const res = await fetch(new URL('/api/health', url), { signal: AbortSignal.timeout(3000) });
      const health = readHealth(await res.json());
      if (!health) throw new Error(`${url} is not a Showcaller core`);
      return { showId: health.showId, term: health.term };
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`cannot reach the primary at ${url}: ${(error as Error).message}`, { cause: error });
      }
      if (!said) log(`follower: waiting for the primary at ${url} (${(error as Error).message})`);
      said = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

export async function startCore(options: CoreOptions): Promise<RunningCore> {
  const host = options.host ?? DEFAULT_HOST;
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? Date.now;
  const following = options.follow ?? null;
  const primary = following ? await primaryShow(following.url, following.waitMs ?? 60_000, log) : null;
  const showId = primary ? primary.showId : (options.showId ?? DEMO_SHOW_ID);
  const showDir = path.join(options.dataDir, 'shows', showId);
  // A bad --advertise value stops the start with its reason, before anything opens.
  const advertise = options.advertise?.length ? normaliseCoreAddresses(options.advertise) : [];
  const port = options.port ?? DEFAULT_PORT;
  // A busy port stops the start before the show folder, its tokens or its journal are made.
  if (port !== 0) await assertPortFree(port, host);
  await mkdir(showDir, { recursive: true });
  // Before anything in the folder is written: one core per show folder (core/showLock.ts).
  const lock = await lockShowFolder(showDir, log);
  try {
    return await openCore(options, { host, log, now, following, primary, showId, showDir, advertise, lock });
  } catch (error) {
    await lock.release();
    throw error;
  }
}

interface OpenContext {
  host: string;
  log: (line: string) => void;
  now: () => number;
  following: CoreOptions['follow'] | null;
  primary: { showId: string; term: number } | null;
  showId: string;
  showDir: string;
  advertise: string[];
  lock: ShowLock;
}

/** The core on a show folder this process has locked. */
async function openCore(options: CoreOptions, context: OpenContext): Promise<RunningCore> {
  const { host, log, now, following, primary, showId, showDir, advertise, lock } = context;
  const tokens = await TokenStore.open(showDir);
  // OBS and the chat sources: opened with this machine's settings on every core, so a backup's
  // operator can enter them before a takeover, but started (connected) only on the primary.
  const obs =
    options.obs === false
      ? null
      : await ObsService.open({ dataDir: options.dataDir, settings: options.obs?.settings, log, now });
  const chat =
    options.chat === false
      ? null
      : await ChatService.open({ dataDir: options.dataDir, showDir, settings: options.chat?.settings, log });
  const role = new CoreRole({
    initial: following ? 'follower' : 'primary',
    log,
    adapters: {
      start: async () => {
        obs?.start();
        await chat?.start();
      },
      // Its records are no longer the show's: no chat into them (Slack must not deliver to two cores).
      stopReplaced: async () => {
        await chat?.dispose();
      },
    },
  });
  const rateLimiter = new AuthRateLimiter();
  const httpServer = createServer((req, res) => handle(req, res));
  const io = createCrewServer(httpServer);
  const core = await ShowCore.open({
    showId,
    showDir,
    snapshotEvery: options.snapshotEvery,
    log,
    now,
    seed: showId === DEMO_SHOW_ID ? { show: DEMO_SHOW_INFO, csv: DEMO_RUNDOWN_CSV } : undefined,
    role,
    obs,
    chat,
    crew: new CrewControl(io, tokens, now),
  });
  const automations = runAutomations({ core, obs, chat, clock: systemClock(now), log });
  const handleApi = createHttpApi({ core, tokens, rateLimiter, startedAt: now(), now });
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  const serveStatic = existsSync(path.join(staticDir, 'index.html'))
    ? sirv(staticDir, { single: true, etag: true, dev: false })
    : null;
  if (!serveStatic)
    log(
      `web UI not found in ${staticDir}; run \`npm run build:renderer\` (the API and crew protocol work without it)`,
    );

  // Known once the port is: set right after listen, before any request can arrive.
  let addresses: string[] = [];
  let headers = securityHeaders([]);
  const joinUrls = () =>
    Object.fromEntries(
      ROLES.map((role) => [role, formatJoinLink({ token: tokens.all[role], cores: addresses })]),
    ) as Record<Role, string>;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    void handleApi(req, res).then((handled) => {
      if (handled) return;
      if (serveStatic) {
        serveStatic(req, res);
        return;
      }
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The web UI is not built. Run `npm run build:renderer` and reload.\n');
    });
  };
  const hub = new CrewHub(io, { core, role, tokens, now, rateLimiter, obs, chat, joinLinks: joinUrls });
  const replication = new ReplicationServer(io, { core, role, tokens, rateLimiter, now, log });

  const port = await new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port ?? DEFAULT_PORT, host) : error);
    };
    httpServer.once('error', onError);
    httpServer.listen(options.port ?? DEFAULT_PORT, host, () => {
      httpServer.off('error', onError);
      resolve((httpServer.address() as AddressInfo).port);
    });
  }).catch(async (error: unknown) => {
    await automations.stop();
    await role.close();
    replication.close();
    await hub.close().catch(() => undefined);
    await obs?.dispose();
    await chat?.dispose();
    await core.close();
    throw error;
  });
  addresses = coreAddresses({ host, port, advertise });
  headers = securityHeaders(addresses);
  // A primary that was away while its backup took over finds out from the link's other cores.
  role.watchTerms(() =>
    watchTerms({
      showId,
      term: () => core.term,
      addresses: () => addresses,
      onHigherTerm: (term, url) => void role.supersede({ term, url }),
    }),
  );
  /** Everything this core runs, stopped in order; the show folder's lock goes last, whatever fails. */
  const shutdown = async () => {
    try {
      await automations.stop();
      await role.close();
      replication.close();
      await closeHttp(hub, httpServer, CLOSE_GRACE_MS);
      await obs?.dispose();
      await chat?.dispose();
      await core.close();
    } finally {
      await lock.release();
    }
  };
  let follower: Follower | null = null;
  try {
    if (following && primary && core.term > primary.term) {
      // Promoted before and restarted with --follow still set: this core runs the show.
      log(
        `this core was promoted (term ${core.term}); not following ${following.url} (term ${primary.term}): running as the primary`,
      );
      await role.resume();
    } else if (following) {
      follower = new Follower({
        primaryUrl: following.url,
        token: following.token,
        core,
        onStatus: (status) => role.setFollowerStatus(status),
        adoptTokens: (primaryTokens) => tokens.adopt(primaryTokens),
        now,
        log,
      });
      role.follow(follower);
      // The crew's links (printed by serve) must carry the primary's tokens, not this core's own.
      const greeted = await Promise.race([
        follower.ready.then(() => true),
        new Promise<boolean>((resolve) =>
          setTimeout(() => resolve(false), following.waitMs ?? 60_000).unref(),
        ),
      ]);
      if (!greeted) log(`follower: the primary at ${following.url} has not answered yet; still trying`);
    } else {
      await role.startPrimary();
    }
  } catch (error) {
    // Listening already: a start that fails here must not leave a server up without its lock.
    await shutdown().catch(() => undefined);
    throw error;
  }

  const localHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `http://${formatHost(localHost)}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    host,
    showId,
    core,
    get obs() {
      return obs;
    },
    get chat() {
      return role.mode === 'superseded' ? null : chat;
    },
    follower,
    replication,
    get tokens() {
      return tokens.all;
    },
    coreAddresses: addresses,
    get joinUrls() {
      return joinUrls();
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
