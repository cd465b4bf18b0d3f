import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { ClockSync } from '../../shared/clockSync.js';
import type { Command } from '../../shared/commands.js';
import type { JoinLink } from '../../shared/joinLink.js';
import type { ObsState } from '../../shared/obs.js';
import type { CoreChoice } from '../../shared/coreChoice.js';
import { chooseCore, fetchHealth, watchForBetterCore } from '../../shared/coreChoice.js';
import type {
  ClientToServerEvents,
  CommandResult,
  CoreMode,
  CrewPushName,
  Hello,
  ServerToClientEvents,
} from '../../shared/protocol.js';
import { CommandResult as CommandResultSchema, ConnectRefusal, readPush } from '../../shared/protocol.js';
import { ShowReplica } from '../../shared/replica.js';
import type { ShowView } from './show.js';
import { redact } from './show.js';

/**
 * The module's link to a Showcaller core over the crew protocol, the way a crew screen holds it
 * (renderer/connection/crewSocket.ts, coreFailover.ts): socket.io with the join link's token,
 * a replica kept from the snapshot and records (resuming from its seq on reconnect), OBS and
 * core status pushes, the core's clock by clockPing, and the join link's `cores` list: while it
 * cannot reach its core, or its core is not the primary, it asks every core's /api/health and
 * moves to the primary with the highest term (a promoted backup). No Companion here.
 */

type CoreSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LinkLevel = 'debug' | 'info' | 'warn' | 'error';
export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused' | 'closed';

/** Gaps closer together than this mean the seq is not to be trusted: ask for a snapshot. */
const GAP_STORM_MS = 10_000;
const COMMAND_TIMEOUT_MS = 10_000;

export interface LinkOptions {
  link: JoinLink;
  /** How the module introduces itself in the crew list and the journal ("Stream Deck"). */
  clientName: string;
  /** Every line goes through redact(): the token never reaches it. */
  log?: (level: LinkLevel, message: string) => void;
  /** Called after anything the feedbacks or variables read changed. */
  onChange?: () => void;
}

export class ShowcallerLink {
  readonly replica = new ShowReplica();
  obs: ObsState | null = null;
  hello: Hello | null = null;
  mode: CoreMode | null = null;
  status: LinkStatus = 'connecting';
  statusText = 'Connecting…';
  /** The core this link is on now (one of the join link's `cores`). */
  origin: string;
  private socket: CoreSocket | null = null;
  /** The screens' clock measurement (shared/clockSync.ts), one per socket. */
  private clock: ClockSync | null = null;
  /** The core's clock from its hello, until the first pong: one network leg off at most. */
  private helloOffsetMs = 0;
  /** The next handshake asks for a snapshot (no lastSeq): another core, or a resync storm. */
  private wantSnapshot = false;
  private lastResyncAt = 0;
  private stopWatching: (() => void) | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(private readonly options: LinkOptions) {
    this.origin = options.link.cores[0] ?? '';
  }

  /** Connects to the best core of the link (asks them all first) and keeps at it until close(). */
  async start(): Promise<void> {
    const best = await this.bestCore();
    if (this.closed) return;
    this.connectTo(best?.origin ?? this.origin);
    // While lost, or on a core that is not the primary: move to a better core of the link.
    this.stopWatching = watchForBetterCore({
      candidates: this.options.link.cores,
      current: () => this.origin,
      pageOrigin: this.options.link.cores[0] ?? '',
      probe: fetchHealth,
      shouldLook: () =>
        !this.closed &&
        this.status !== 'refused' &&
        (this.status !== 'connected' || (this.mode !== null && this.mode !== 'primary')),
      moveTo: (best) => {
        if (this.closed) return;
        this.log('info', `moving to ${best.origin} (${best.mode ?? 'unknown'}, term ${best.term ?? '?'})`);
        this.connectTo(best.origin);
      },
    });
  }

  /** The show as the feedbacks and variables read it, at the core's now. */
  view(): ShowView {
    const estimator = this.clock?.estimator;
    const now = Date.now();
    return {
      state: this.replica.state,
      obs: this.obs,
      now: estimator && estimator.sampleCount > 0 ? estimator.serverNow(now) : now + this.helloOffsetMs,
    };
  }

  /** Sends one command; never throws, never queues one while offline (a late "Next" is worse than none). */
  async send(command: Command): Promise<CommandResult> {
    const socket = this.socket;
    if (!socket?.connected) {
      return { ok: false, status: 503, error: 'Not connected to the core; nothing was sent.' };
    }
    try {
      const answer: unknown = await socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck('command', command);
      const read = CommandResultSchema.safeParse(answer);
      const result: CommandResult = read.success
        ? read.data
        : { ok: false, status: 500, error: 'the core answered something that is not a command result' };
      if (!result.ok) this.log('warn', `${command.type} refused: ${result.error}`);
      return result;
    } catch {
      return {
        ok: false,
        status: 503,
        error: `The core did not answer within ${COMMAND_TIMEOUT_MS / 1000} s; the command may or may not have run.`,
      };
    }
  }

  close(): void {
    this.closed = true;
    this.setStatus('closed', 'Closed');
    this.stopWatching?.();
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.stopClock();
    this.socket?.close();
    this.socket = null;
  }

  private log(level: LinkLevel, message: string): void {
    this.options.log?.(level, redact(message, this.options.link.token));
  }

  private changed(): void {
    this.options.onChange?.();
  }

  private setStatus(status: LinkStatus, text: string): void {
    if (this.status === status && this.statusText === text) return;
    this.status = status;
    this.statusText = redact(text, this.options.link.token);
    this.log(status === 'connected' ? 'info' : 'warn', `${status}: ${text}`);
    this.changed();
  }

  private connectTo(origin: string): void {
    this.socket?.close();
    this.stopClock();
    // Another core (a promoted backup) may not have every record this replica has: a seq
    // from the old core means nothing there, so start over from its snapshot, as screens do.
    if (origin !== this.origin) this.wantSnapshot = true;
    this.origin = origin;
    const socket: CoreSocket = io(origin, {
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      randomizationFactor: 0.5,
      timeout: 5_000,
      auth: (cb) => {
        const { state, showId, seq } = this.replica;
        const resume = state !== null && showId !== null && !this.wantSnapshot;
        this.wantSnapshot = false;
        cb({
          token: this.options.link.token,
          clientName: this.options.clientName,
          ...(resume ? { showId, lastSeq: seq } : {}),
          ...(showId && this.hello ? { showId, knownTerm: this.hello.term } : {}),
        });
      },
    });
    this.socket = socket;
    socket.on('connect', () => {
      // Not "connected" yet: until the catch-up is in, the deck would show the last core's show.
      this.setStatus(this.hello ? 'reconnecting' : 'connecting', `Catching up with ${origin}`);
      // The estimate starts again on each connection: the core may be another machine now.
      this.clock = new ClockSync(socket, {
        onSample: () => {
          // The core answers the first ping after the hello and the snapshot or missed records
          // it queued on this socket, so the first sample means the replica is this core's show.
          const catchingUp = this.status === 'connecting' || this.status === 'reconnecting';
          if (catchingUp && this.socket === socket && !this.closed)
            this.setStatus('connected', `Connected to ${origin}`);
          this.changed();
        },
        onReady: () => this.changed(),
      });
      this.clock.start();
    });
    socket.on('disconnect', (reason) => {
      this.stopClock();
      // What OBS did while the core was away is unknown: no stale "on air" on the deck.
      this.obs = null;
      // Our own close (a resync, a move, a kick notice) says what happened itself.
      if (this.closed || this.socket !== socket || reason === 'io client disconnect') return;
      this.setStatus('reconnecting', `Lost the core (${reason})`);
      // Closed on purpose by the core (restart, show switch): socket.io does not retry by itself.
      if (reason === 'io server disconnect') this.retry(socket, 1_000 + Math.random() * 1_000);
    });
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      if (this.socket !== socket) return;
      const refusal = ConnectRefusal.safeParse(error.data);
      if (!refusal.success) {
        this.setStatus(
          this.hello ? 'reconnecting' : 'connecting',
          `Cannot reach ${origin}: ${error.message}`,
        );
        return;
      }
      this.setStatus('refused', refusal.data.message);
      if (refusal.data.reason === 'rate-limited' && refusal.data.retryAfterMs !== undefined)
        this.retry(socket, refusal.data.retryAfterMs + Math.random() * 1_000);
    });
    this.listen(socket, 'hello', (hello) => {
      this.hello = hello;
      this.mode = hello.mode;
      this.helloOffsetMs = hello.serverTime - Date.now();
      this.changed();
    });
    this.listen(socket, 'snapshot', (snapshot) => {
      this.replica.applySnapshot(snapshot);
      this.log('debug', `snapshot of ${snapshot.showId} at seq ${snapshot.seq} from ${origin}`);
      // Pongs that overlapped the snapshot waited behind it: measure again from here.
      this.clock?.afterSnapshot(Date.now());
      this.changed();
    });
    this.listen(socket, 'record', (record) => {
      const outcome = this.replica.applyRecord(record);
      if (outcome === 'applied') this.changed();
      else if (outcome === 'gap' || outcome === 'diverged') {
        this.log('info', `record ${record.seq} did not follow ${this.replica.seq}; catching up`);
        // A gap: reconnect from our seq and get what we missed. A record that does not fit,
        // or gaps in a row: the seq cannot be trusted, so a snapshot.
        const now = Date.now();
        this.wantSnapshot = outcome === 'diverged' || now - this.lastResyncAt < GAP_STORM_MS;
        this.lastResyncAt = now;
        socket.disconnect().connect();
      }
    });
    this.listen(socket, 'obs', (obs) => {
      this.obs = obs.state;
      this.changed();
    });
    this.listen(socket, 'coreStatus', (status) => {
      this.mode = status.mode;
      this.changed();
    });
    this.listen(socket, 'disconnectedBy', (notice) => {
      this.setStatus('refused', notice.message);
      socket.close();
    });
  }

  /** Takes a push off the wire only if it fits the protocol (shared/protocol.ts readPush). */
  private listen<K extends CrewPushName>(
    socket: CoreSocket,
    name: K,
    handle: (value: Extract<ReturnType<typeof readPush<K>>, { ok: true }>['value']) => void,
  ): void {
    (socket as unknown as Socket).on(String(name), (payload: unknown) => {
      if (this.socket !== socket) return;
      const read = readPush(name, payload);
      if (read.ok) handle(read.value);
      else this.log('warn', `ignored a "${name}" push that does not fit the protocol: ${read.error}`);
    });
  }

  private stopClock(): void {
    this.clock?.stop();
  }

  private retry(socket: CoreSocket, delayMs: number): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && this.socket === socket && !socket.connected) socket.connect();
    }, delayMs);
  }

  /** The link's best core now (shared/coreChoice.ts, as the screens choose), or null when none answers. */
  private async bestCore(): Promise<CoreChoice | null> {
    const { cores } = this.options.link;
    const choice = await chooseCore(cores, fetchHealth, cores[0] ?? '');
    return choice.reachable ? choice : null;
  }
}
