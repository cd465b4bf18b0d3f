import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type {
  FollowerStatus,
  RecordMessage,
  ReplicaHello,
  ReplicationPushName,
  ReplicationServerEvents,
} from '../shared/protocol.js';
import { readWire, REPLICATION_NAMESPACE, REPLICATION_PUSHES } from '../shared/protocol.js';
import type { Role } from '../shared/roles.js';
import { recordDigest } from './replication.js';
import type { ShowCore } from './showCore.js';

/** Screens hear of the lag at most this often (a busy primary sends many records a second). */
const STATUS_EVERY_MS = 250;

export interface FollowerOptions {
  primaryUrl: string;
  token: string;
  core: Pick<ShowCore, 'showId' | 'seq' | 'recordsSince' | 'appendReplicated'>;
  /** Told how it is keeping up: connected, lag, errors (the core's role shows it to screens). */
  onStatus: (status: FollowerStatus) => void;
  /** The primary's tokens, to keep as this core's own so the crew's links work after a takeover. */
  adoptTokens: (tokens: Record<Role, string>) => Promise<void>;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * The backup's side of replication: keeps the primary's records in this core's journal, with
 * the same seq and time, so promoting it loses nothing the primary had streamed. Reconnects on
 * its own (socket.io's backoff) and asks for what it missed from its last record on; the primary
 * refuses a journal that is not a prefix of its own.
 */
export class Follower {
  private readonly socket: Socket<ReplicationServerEvents>;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private primarySeq = 0;
  /** Local time since which a record we lack has been known to exist (or the primary lost). */
  private behindSince: number | null = null;
  private connected = false;
  private error: string | null = null;
  private lastRecord: RecordMessage | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private lastStatusAt = -Infinity;
  private stopped = false;
  private writing: Promise<void> = Promise.resolve();
  /** The primary refused this journal (diverged): no retrying. */
  private refused = false;
  private retry: NodeJS.Timeout | null = null;
  private greeted!: () => void;
  /** Resolves once the primary has greeted this follower and its tokens are this core's. */
  readonly ready: Promise<void> = new Promise((resolve) => (this.greeted = resolve));

  constructor(private readonly options: FollowerOptions) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => console.log(line));
    const { core } = options;
    this.primarySeq = core.seq;
    this.lastRecord = core.recordsSince(core.seq - 1)?.at(-1) ?? null;
    this.socket = io(new URL(REPLICATION_NAMESPACE, options.primaryUrl).href, {
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
      auth: (cb) => {
        cb({
          token: options.token,
          showId: core.showId,
          lastSeq: core.seq,
          lastDigest:
            this.lastRecord && this.lastRecord.seq === core.seq ? recordDigest(this.lastRecord) : undefined,
        });
      },
    });
    this.socket.on('connect', () => {
      this.connected = true;
      this.error = null;
      this.report(true);
    });
    this.socket.on('disconnect', (reason) => {
      this.connected = false;
      this.behindSince ??= this.now();
      this.report(true);
      // socket.io does not come back by itself after the server ended the session (a primary
      // shutting down, a revoked token, a read error). Keep trying unless refused for good.
      if (reason === 'io server disconnect' && !this.stopped && !this.refused) {
        this.retry = setTimeout(() => {
          this.retry = null;
          if (!this.stopped) this.socket.connect();
        }, 1000);
      }
    });
    this.socket.on('connect_error', (error) => {
      const said = `cannot follow ${options.primaryUrl}: ${error.message}`;
      if (said !== this.error) this.log(`follower: ${said}`);
      this.error = said;
      this.behindSince ??= this.now();
      this.report(true);
    });
    this.socket.on('replicaHello', (message) =>
      this.checked('replicaHello', message, (hello) => void this.hello(hello)),
    );
    this.socket.on('record', (message) => this.checked('record', message, (record) => this.receive(record)));
    // Acknowledged once the records before it are written (or refused): the primary's pace.
    this.socket.on('catchUpMark', (_seq, ack) => {
      void this.writing.finally(() => ack());
    });
    this.socket.on('beat', (message) =>
      this.checked('beat', message, (beat) => {
        this.primarySeq = Math.max(beat.seq, this.primarySeq);
        this.settle();
      }),
    );
    this.socket.on('tokens', (message) =>
      this.checked('tokens', message, (tokens) => void this.adopt(tokens)),
    );
    this.socket.on('diverged', (reason) => {
      this.refused = true;
      this.error = `the primary refused this backup's journal: ${reason}. Move this show's folder aside and follow again.`;
      this.log(`follower: ${this.error}`);
      this.socket.io.opts.reconnection = false;
      this.report(true);
    });
  }

  get status(): FollowerStatus {
    const seq = this.options.core.seq;
    const lagEvents = Math.max(0, this.primarySeq - seq);
    return {
      primaryUrl: this.options.primaryUrl,
      connected: this.connected,
      seq,
      primarySeq: this.primarySeq,
      lagEvents,
      lagMs: this.behindSince === null ? 0 : Math.max(0, this.now() - this.behindSince),
      error: this.error,
    };
  }

  /** Resolves once the records received so far are in this core's journal. */
  async idle(): Promise<void> {
    let last: Promise<void> | null = null;
    while (last !== this.writing) {
      last = this.writing;
      await last;
    }
  }

  /** Stops following (for a promotion or shutdown); waits for the records already received. */
  async stop(): Promise<void> {
    // No more records in, then every record already received written: a promotion keeps all.
    this.socket.close();
    if (this.retry) clearTimeout(this.retry);
    await this.idle();
    this.stopped = true;
    if (this.statusTimer) clearTimeout(this.statusTimer);
  }

  /**
   * What the primary sends is checked like any other door: a message that does not fit is
   * never kept (a record missing from the journal shows as a gap, and the follower asks again);
   * the status says why, so the backup operator sees a version mismatch, not silence.
   */
  private checked<K extends ReplicationPushName>(
    name: K,
    message: unknown,
    use: (value: Parameters<ReplicationServerEvents[K]>[0]) => void,
  ): void {
    const read = readWire(REPLICATION_PUSHES, name, message);
    if (read.ok) {
      use(read.value);
      return;
    }
    const said = `protocol mismatch with the primary: ${read.error}`;
    if (said !== this.error) this.log(`follower: ${said}`);
    this.error = said;
    this.report(true);
  }

  private async hello(hello: ReplicaHello): Promise<void> {
    if (hello.showId !== this.options.core.showId) {
      this.error = `the primary runs show "${hello.showId}", this backup holds "${this.options.core.showId}"`;
      this.socket.close();
      this.report(true);
      return;
    }
    this.primarySeq = Math.max(hello.seq, this.primarySeq);
    await this.adopt(hello.tokens);
    this.greeted();
    this.settle();
  }

  private async adopt(tokens: Record<Role, string>): Promise<void> {
    try {
      await this.options.adoptTokens(tokens);
    } catch (error) {
      this.log(`follower: could not save the primary's tokens: ${(error as Error).message}`);
    }
  }

  private receive(record: RecordMessage): void {
    if (this.stopped) return;
    this.primarySeq = Math.max(this.primarySeq, record.seq);
    this.behindSince ??= this.now();
    this.writing = this.writing.then(async () => {
      if (this.stopped || record.seq <= this.options.core.seq) return;
      try {
        await this.options.core.appendReplicated(record);
        this.lastRecord = record;
      } catch (error) {
        // A gap or a write failure: start again from the last record we have.
        this.log(`follower: record ${record.seq} not kept (${(error as Error).message}); resyncing`);
        this.socket.disconnect().connect();
        return;
      }
      this.settle();
    });
  }

  /** Caught up: the lag is zero until the next record we lack. */
  private settle(): void {
    if (this.connected && this.options.core.seq >= this.primarySeq) this.behindSince = null;
    this.report(false);
  }

  private report(now: boolean): void {
    if (this.stopped) return;
    const due = this.lastStatusAt + STATUS_EVERY_MS - this.now();
    if (now || due <= 0) {
      if (this.statusTimer) clearTimeout(this.statusTimer);
      this.statusTimer = null;
      this.lastStatusAt = this.now();
      this.options.onStatus(this.status);
      return;
    }
    this.statusTimer ??= setTimeout(() => {
      this.statusTimer = null;
      this.report(true);
    }, due);
  }
}
