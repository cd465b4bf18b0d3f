import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { Command } from '../../shared/commands.js';
import type {
  ClientToServerEvents,
  CommandResult,
  HandshakeAuth,
  Hello,
  NoticeMessage,
  RecordMessage,
  ServerToClientEvents,
  SnapshotMessage,
} from '../../shared/protocol.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import { ShowReplica } from '../../shared/replica.js';
import type { ConnectionTarget } from '../connectionTarget.js';
import { isStale } from '../store/selectors.js';
import type { ShowStoreApi } from '../store/showStore.js';
import { ClockSync } from '../../shared/clockSync.js';
import { readCommandResult } from './commandResult.js';
import { readConnectRefusal } from './connectRefusal.js';
import { listenForPushes, noticeToast } from './pushes.js';

type CoreSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const COMMAND_TIMEOUT_MS = 10_000;
const STALE_CHECK_MS = 1_000;
/** A second gap this soon after a resync means catching up by records is not working: take a snapshot. */
const GAP_STORM_MS = 10_000;
/** Notice ids remembered, so one the core repeats after a reconnect is not shown twice. */
const SEEN_NOTICES_LIMIT = 200;
/** After a record or snapshot that did not fit the protocol, ask for the state again after 2–4 s. */
const MISMATCH_RESYNC_MS = 2_000;

/** A record and a snapshot both carry the show's state: either one read fine heals the other. */
function sameKind(a: string, b: string): boolean {
  const state = (name: string) => name === 'record' || name === 'snapshot';
  return a === b || (state(a) && state(b));
}

/**
 * Owns the link to the core: the socket.io connection (jittered backoff), the replica of the
 * show, the clock estimate, and the watchdog that marks the screen stale. It writes to the
 * store with plain setState calls, outside React.
 */
export class CrewSocket {
  private readonly socket: CoreSocket;
  private readonly replica = new ShowReplica();
  private readonly clock: ClockSync;
  private readonly watchdog: ReturnType<typeof setInterval>;
  private everConnected = false;
  private lastResyncAt = 0;
  private wantSnapshot = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  /** What this socket last told the core about thumbnails; the core forgets it on every reconnect. */
  private watchingThumbnails = false;
  private readonly seenNotices = new Set<string>();
  /** The core closed this screen on purpose (kicked, revoked): stay down and say why. */
  private closedByCore = false;
  private readonly unsubscribeStore: () => void;

  constructor(
    private readonly store: ShowStoreApi,
    private readonly target: ConnectionTarget,
  ) {
    const options = {
      // A function, so every reconnect sends the seq we have now, and the core sends only what we missed.
      auth: (cb: (auth: HandshakeAuth) => void) => cb(this.handshakeAuth()),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      // ±50 %: forty crew screens that lost the core together must not come back in lockstep.
      randomizationFactor: 0.5,
      timeout: 5_000,
      autoConnect: false,
      // Another core of the join link (not this page's origin): HTTP long-polling would need CORS,
      // which the core does not grant; a WebSocket needs none, and the token is the gate anyway.
      ...(target.url && target.url !== window.location.origin ? { transports: ['websocket'] } : {}),
    };
    this.socket = target.url ? io(target.url, options) : io(options);
    this.clock = new ClockSync(this.socket, {
      onSample: (estimator, receivedAt) => {
        this.store.getState().setClock(estimator.offsetMs, estimator.bestRttMs, estimator.sampleCount);
        this.heardFromCore(receivedAt);
        // The producer's crew list shows each screen's clock offset, as the screen itself measured it.
        if (this.socket.connected)
          this.socket.emit('clockReport', { offsetMs: estimator.offsetMs, rttMs: estimator.bestRttMs });
      },
      onReady: (ready) => this.store.getState().setClockSyncing(!ready),
    });
    this.listen();
    this.unsubscribeStore = this.store.subscribe((now, before) => {
      if (now.obsThumbnailWatchers !== before.obsThumbnailWatchers) this.syncThumbnailWatch();
      if (now.clockOffsetMs !== before.clockOffsetMs || now.clockSyncing !== before.clockSyncing)
        this.publishClockDiagnostics();
    });
    this.watchdog = setInterval(() => this.refreshStale(), STALE_CHECK_MS);
    window.addEventListener('offline', this.onBrowserOffline);
    window.addEventListener('online', this.onBrowserOnline);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  connect(): void {
    if (!this.target.token) {
      this.store.getState().setRefused({
        reason: 'missing-token',
        message: 'This link has no token. Ask the producer for your join link.',
      });
      return;
    }
    this.socket.connect();
  }

  /** Sends one command; never throws. A command is never queued while offline: a late "Next" is worse than none. */
  async send(command: Command): Promise<CommandResult> {
    if (!this.socket.connected) {
      return {
        ok: false,
        status: 503,
        error: 'Not connected to the core; nothing was sent. Try again when the status says Connected.',
      };
    }
    try {
      const answer: unknown = await this.socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck('command', command);
      return readCommandResult(answer);
    } catch {
      return {
        ok: false,
        status: 503,
        error: `The core did not answer within ${COMMAND_TIMEOUT_MS / 1000} s. The command may or may not have run: check the rundown before retrying.`,
      };
    }
  }

  close(): void {
    clearInterval(this.watchdog);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.resyncTimer !== null) clearTimeout(this.resyncTimer);
    this.clock.stop();
    this.unsubscribeStore();
    window.removeEventListener('offline', this.onBrowserOffline);
    window.removeEventListener('online', this.onBrowserOnline);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.socket.disconnect();
  }

  private handshakeAuth(): HandshakeAuth {
    const auth: HandshakeAuth = { token: this.target.token ?? '' };
    if (this.target.name) auth.clientName = this.target.name;
    // The highest term this screen has seen of its show: a core that missed a takeover learns of it here.
    const known = readKnownTerm();
    if (known && (!this.replica.showId || this.replica.showId === known.showId)) {
      auth.showId ??= known.showId;
      auth.knownTerm = known.term;
    }
    if (this.replica.state && this.replica.showId && !this.wantSnapshot) {
      auth.showId = this.replica.showId;
      auth.lastSeq = this.replica.seq;
    }
    this.wantSnapshot = false;
    return auth;
  }

  private listen(): void {
    const socket = this.socket;
    socket.on('connect', () => {
      this.everConnected = true;
      // The estimate starts again on each connection (the core may be another machine now);
      // until its first pong, nothing that needs the clock may pass for live (the overlays).
      this.forgetClockSamples();
      this.store.getState().setConnectionStatus('connected');
      this.store.getState().setOwnClientId(socket.id ?? null);
      this.heardFromCore(Date.now());
      this.clock.start();
      this.syncThumbnailWatch();
    });
    socket.on('disconnect', (reason) => {
      this.clock.stop();
      this.forgetClockSamples();
      // Not syncing any more: a lost core greys the timers (stale), it does not blank them.
      this.store.getState().setClockSyncing(false);
      this.watchingThumbnails = false;
      if (reason === 'io client disconnect' || this.closedByCore) return;
      this.setLost(`Lost the core (${reason}).`);
      // The core closed us on purpose (restart, show switch): socket.io will not retry by itself.
      if (reason === 'io server disconnect') this.retryAfter(1_000 + Math.random() * 2_000);
    });
    socket.on('connect_error', (error) => {
      const refusal = readConnectRefusal(error);
      if (!refusal) {
        this.setLost(`Cannot reach the core: ${error.message}`);
        return;
      }
      this.store.getState().setRefused(refusal);
      // A bad token stays bad: retrying would only trip the core's rate limiter. A rate limit lifts.
      if (refusal.reason === 'rate-limited' && refusal.retryAfterMs !== undefined) {
        this.retryAfter(refusal.retryAfterMs + Math.random() * 2_000);
      }
    });
    listenForPushes(
      socket,
      {
        hello: (hello) => this.onHello(hello),
        coreStatus: (status) => {
          const showId = this.replica.showId ?? this.store.getState().showId;
          if (showId) noteKnownTerm(showId, status.term);
          this.store.getState().setCoreStatus(status);
        },
        snapshot: (snapshot) => this.onSnapshot(snapshot),
        record: (record) => this.onRecord(record),
        obs: (obs) => {
          const at = Date.now();
          this.store.getState().receiveObs(obs.state, obs.settings, at);
          this.heardFromCore(at);
        },
        chat: (chat) => {
          const at = Date.now();
          this.store.getState().receiveChat(chat, at);
          this.heardFromCore(at);
        },
        obsThumbnail: (thumbnail) => this.store.getState().receiveObsThumbnail(thumbnail),
        crew: (crew) => this.store.getState().receiveCrew(crew),
        disconnectedBy: (notice) => {
          // Not "reconnecting": a kicked screen that came straight back would make the kick pointless,
          // and a revoked link would only be refused. The screen says why and waits for its person.
          this.closedByCore = true;
          this.clock.stop();
          this.store.getState().setClosedBy(notice);
        },
        notice: (notice) => this.onNotice(notice),
      },
      {
        mismatch: (push, error) => {
          this.store.getState().noteProtocolMismatch({ push, error, at: Date.now() });
          // A record or snapshot that was not applied leaves the replica behind the show: ask again,
          // but not in a loop (a core of another version would send the same thing back at once).
          if (push === 'record' || push === 'snapshot') this.resyncSoon();
        },
        readFine: (push) => {
          const mismatch = this.store.getState().protocolMismatch;
          if (mismatch && sameKind(mismatch.push, push)) this.store.getState().noteProtocolMismatch(null);
        },
      },
    );
  }

  private onNotice(notice: NoticeMessage): void {
    if (this.seenNotices.has(notice.id)) return;
    this.seenNotices.add(notice.id);
    if (this.seenNotices.size > SEEN_NOTICES_LIMIT) {
      const oldest = this.seenNotices.values().next().value;
      if (oldest !== undefined) this.seenNotices.delete(oldest);
    }
    this.store.getState().pushToast(noticeToast(notice));
  }

  /**
   * Thumbnails cost OBS a screenshot a second: ask for them only while a scene panel is on
   * screen in a visible tab, and say so again after every reconnect (the core starts each new
   * connection not watching).
   */
  private syncThumbnailWatch(): void {
    if (!this.socket.connected) {
      this.watchingThumbnails = false;
      return;
    }
    const want =
      this.store.getState().obsThumbnailWatchers > 0 &&
      (typeof document === 'undefined' || document.visibilityState === 'visible');
    if (want === this.watchingThumbnails) return;
    this.watchingThumbnails = want;
    this.socket.emit('obsThumbnails', want);
  }

  private onHello(hello: Hello): void {
    const state = this.store.getState();
    state.receiveHello(hello);
    this.heardFromCore(Date.now());
    // Until the first pong, the hello's own timestamp is a fair guess (off by one network leg),
    // far better than trusting a local clock that may be minutes wrong.
    if (this.clock.estimator.sampleCount === 0) state.setClock(hello.serverTime - Date.now(), null, 0);
    if (hello.protocol !== PROTOCOL_VERSION) {
      state.pushToast({
        kind: 'error',
        title: 'Version mismatch',
        text: `The core speaks protocol ${hello.protocol} (Showcaller ${hello.serverVersion}); this screen speaks ${PROTOCOL_VERSION}. Reload, or update this app.`,
      });
    }
  }

  private onSnapshot(snapshot: SnapshotMessage): void {
    this.replica.applySnapshot(snapshot);
    this.publish();
    // Pongs that overlapped the snapshot waited behind it: measure again from here.
    this.clock.afterSnapshot(Date.now());
  }

  /**
   * The estimate this screen displays from, on the page's root element (`data-clock-offset-ms`,
   * `data-clock-syncing`): what support reads in devtools when a screen's second looks wrong,
   * and what the clock tests compare with the offset they set.
   */
  private publishClockDiagnostics(): void {
    if (typeof document === 'undefined') return;
    const { clockOffsetMs, clockSyncing } = this.store.getState();
    document.documentElement.dataset.clockOffsetMs = String(clockOffsetMs);
    document.documentElement.dataset.clockSyncing = String(clockSyncing);
  }

  private onRecord(record: RecordMessage): void {
    const outcome = this.replica.applyRecord(record);
    if (outcome === 'applied') this.publish();
    else if (outcome === 'gap') this.resync();
  }

  private publish(): void {
    const { state, seq, showId } = this.replica;
    this.heardFromCore(Date.now());
    if (state && showId) this.store.getState().receiveReplica(state, seq, showId);
  }

  /** A record went missing: reconnect, which asks for everything after our seq (or a snapshot). */
  private resync(snapshot = false): void {
    if (!this.socket.connected) return;
    const now = Date.now();
    this.wantSnapshot = snapshot || now - this.lastResyncAt < GAP_STORM_MS;
    this.lastResyncAt = now;
    this.setLost('Missed an update; catching up…');
    this.socket.disconnect().connect();
  }

  /** A resync after a push that could not be read: at most one pending, a few seconds out. */
  private resyncSoon(): void {
    if (this.resyncTimer !== null) return;
    this.resyncTimer = setTimeout(
      () => {
        this.resyncTimer = null;
        this.resync(true);
      },
      MISMATCH_RESYNC_MS + Math.random() * MISMATCH_RESYNC_MS,
    );
  }

  private retryAfter(delayMs: number): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.socket.connected && !this.closedByCore) this.socket.connect();
    }, delayMs);
  }

  private setLost(reason: string): void {
    if (this.closedByCore) return;
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    const status = offline ? 'offline' : this.everConnected ? 'reconnecting' : 'connecting';
    this.store.getState().setConnectionStatus(status, offline ? 'This computer is offline.' : reason);
    this.refreshStale();
  }

  /** Keeps the last offset (better than none for crew screens) but says no sample backs it now. */
  private forgetClockSamples(): void {
    const { clockOffsetMs, setClock } = this.store.getState();
    setClock(clockOffsetMs, null, 0);
  }

  private heardFromCore(at: number): void {
    this.store.getState().noteMessageFromCore(at);
    this.refreshStale();
  }

  private refreshStale(): void {
    const { connectionStatus, lastMessageAt, setStale } = this.store.getState();
    setStale(isStale(connectionStatus, lastMessageAt, Date.now()));
  }

  // A hidden tab's timers are throttled (to once a minute after a while): pings lapse and the
  // screen would come back showing "stale" for no reason. Ping as soon as it is visible again.
  private readonly onVisibilityChange = () => {
    if (document.visibilityState === 'visible' && this.socket.connected) this.clock.pingNow();
    this.syncThumbnailWatch();
  };

  private readonly onBrowserOffline = () => {
    if (!this.socket.connected) this.setLost('This computer is offline.');
  };

  private readonly onBrowserOnline = () => {
    if (this.store.getState().connectionStatus === 'offline') this.setLost('Back online; reconnecting…');
    const status = this.store.getState().connectionStatus;
    if (!this.socket.active && status !== 'refused' && status !== 'closed') this.socket.connect();
  };
}

const KNOWN_TERM_KEY = 'showcaller.knownTerm';

/** The highest term this tab has seen, and of which show (it survives moving to another core). */
function readKnownTerm(): { showId: string; term: number } | null {
  try {
    const value = JSON.parse(window.sessionStorage.getItem(KNOWN_TERM_KEY) ?? 'null') as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const { showId, term } = value as Record<string, unknown>;
    return typeof showId === 'string' && typeof term === 'number' && Number.isSafeInteger(term)
      ? { showId, term }
      : null;
  } catch {
    return null;
  }
}

function noteKnownTerm(showId: string, term: number): void {
  try {
    const known = readKnownTerm();
    if (known?.showId === showId && known.term >= term) return;
    window.sessionStorage.setItem(KNOWN_TERM_KEY, JSON.stringify({ showId, term }));
  } catch {
    // Storage off (private mode): the screen still follows terms by probing.
  }
}
