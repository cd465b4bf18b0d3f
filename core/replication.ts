import { createHash } from 'node:crypto';
import type { Namespace, Server } from 'socket.io';
import type { PrimaryBeat, RecordMessage, ReplicationServerEvents } from '../shared/protocol.js';
import { readHandshake, REPLICATION_NAMESPACE } from '../shared/protocol.js';
import type { Role } from '../shared/roles.js';
import { SHOW_CONTROL_ROLES } from '../shared/roles.js';
import type { AuthRateLimiter } from './authRateLimit.js';
import type { CoreRole } from './runtime/coreRole.js';
import type { ShowCore } from './showCore.js';
import type { TokenStore } from './tokens.js';

/** How often a primary tells its followers where it is, so they can show their lag. */
export const BEAT_MS = 1000;
/** How long a follower may take to write one catch-up batch before it counts as gone. */
const CATCH_UP_ACK_MS = 60_000;

/** The digest a follower sends of its last record, and the primary checks (ReplicationAuth). */
export function recordDigest(record: RecordMessage): string {
  return createHash('sha256')
    .update(JSON.stringify({ seq: record.seq, t: record.t, events: record.events }))
    .digest('hex');
}

type ReplicationNamespace = Namespace<Record<string, never>, ReplicationServerEvents>;

/**
 * The primary's side of backup takeover: a follower connects to `/replication` with a backup
 * (or producer) token and the last record it has, and gets every durable record after it, in
 * order, then each new one as it becomes durable, with a beat every second. The crew
 * protocol's window of recent records is not enough here: a backup started mid-show, or one
 * that was away for an hour, must get everything, so older records are read from the journal.
 */
export class ReplicationServer {
  private readonly nsp: ReplicationNamespace;
  private readonly beat: NodeJS.Timeout;

  constructor(
    io: Server,
    private readonly options: {
      core: ShowCore;
      /** A replaced core drops its followers: its records are no longer the show's. */
      role: CoreRole;
      tokens: TokenStore;
      rateLimiter: AuthRateLimiter;
      now: () => number;
      log: (line: string) => void;
    },
  ) {
    const { core, tokens, rateLimiter } = options;
    this.nsp = io.of(REPLICATION_NAMESPACE) as ReplicationNamespace;
    this.nsp.use((socket, next) => {
      const address = socket.handshake.address;
      const { token, showId } = readHandshake('replication', socket.handshake.auth);
      const role: Role | null = token ? tokens.roleFor(token) : null;
      if (rateLimiter.attempt(address, role !== null) > 0)
        return next(new Error('too many failed attempts; wait and retry'));
      if (!role) {
        return next(new Error('this token may not replicate the show (it is not valid here)'));
      }
      if (!SHOW_CONTROL_ROLES.includes(role)) {
        return next(new Error(`a ${role} token may not replicate the show; use the backup token`));
      }
      if (showId !== undefined && showId !== core.showId) {
        return next(new Error(`this core runs show "${core.showId}", not "${showId}"`));
      }
      if (core.mode !== 'primary') {
        return next(new Error(`this core is not the primary (it is ${core.mode}); follow the primary`));
      }
      (socket.data as { token?: string }).token = token;
      next();
    });
    this.nsp.on('connection', (socket) => {
      const { lastSeq = 0, lastDigest } = readHandshake('replication', socket.handshake.auth);
      // Live records are held back until the catch-up is out, then sent in order after it.
      const held: RecordMessage[] = [];
      let live = false;
      let sent = lastSeq;
      const send = (record: RecordMessage) => {
        if (record.seq <= sent) return;
        sent = record.seq;
        socket.emit('record', record);
      };
      const onRecord = (record: RecordMessage) => (live ? send(record) : held.push(record));
      core.on('record', onRecord);
      socket.on('disconnect', () => core.off('record', onRecord));
      socket.emit('replicaHello', {
        showId: core.showId,
        term: core.term,
        seq: core.seq,
        tokens: tokens.all,
      });
      const diverged = (why: string) => {
        options.log(`replication: follower refused: ${why}`);
        socket.emit('diverged', why);
        socket.disconnect(true);
      };
      if (lastSeq > core.seq) {
        diverged(`it has records up to ${lastSeq}, past this primary's ${core.seq}`);
        return;
      }
      // From the follower's last record on, so that record can be checked against ours.
      const catchUp = async () => {
        let checked = lastSeq === 0;
        let unacknowledged: Promise<unknown> = Promise.resolve();
        for await (const batch of core.durableRecordsSince(Math.max(0, lastSeq - 1))) {
          // Gone: leaving the loop closes the journal file instead of reading the rest for nobody.
          if (!socket.connected) return;
          if (!checked) {
            const mine = batch[0];
            if (
              !mine ||
              mine.seq !== lastSeq ||
              (lastDigest !== undefined && recordDigest(mine) !== lastDigest)
            ) {
              diverged(`its record ${lastSeq} is not this primary's record ${lastSeq}`);
              return;
            }
            checked = true;
          }
          // Each batch goes out before the next is read, and the next is read only once the
          // follower has the one before it: memory holds two batches, not the journal, however
          // slow the follower's network or disk.
          for (const record of batch) send(record);
          const mark = socket.timeout(CATCH_UP_ACK_MS).emitWithAck('catchUpMark', sent);
          // Awaited below; until then a follower that left must not make it an unhandled rejection.
          mark.catch(() => undefined);
          await unacknowledged;
          unacknowledged = mark;
        }
        await unacknowledged;
        if (!checked) {
          diverged(`its record ${lastSeq} is not this primary's record ${lastSeq}`);
          return;
        }
        for (const record of held.splice(0)) send(record);
        live = true;
        socket.emit('beat', this.beatNow());
        void socket.join('followers');
      };
      catchUp().catch((error: unknown) => {
        options.log(`replication: cannot read the journal for a follower: ${(error as Error).message}`);
        socket.disconnect(true);
      });
    });
    this.beat = setInterval(() => this.nsp.to('followers').emit('beat', this.beatNow()), BEAT_MS);
    this.beat.unref();
    tokens.on('rotated', () => this.tokensChanged());
    options.role.on('change', (state) => {
      if (state.mode === 'superseded') this.disconnectAll();
    });
  }

  private beatNow(): PrimaryBeat {
    return { seq: this.options.core.seq, at: this.options.now() };
  }

  /**
   * The tokens changed (a role was revoked): a backup whose own token was revoked is dropped at
   * once; the others take the new tokens, so the crew's new links work after a takeover.
   */
  tokensChanged(): void {
    const { tokens } = this.options;
    for (const socket of this.nsp.sockets.values()) {
      const token = (socket.data as { token?: string }).token;
      if (!token || !tokens.roleFor(token)) socket.disconnect(true);
    }
    this.nsp.to('followers').emit('tokens', tokens.all);
  }

  /** Cuts every follower's connection as a network fault would (they reconnect and catch up). */
  cutFollowers(): void {
    for (const socket of this.nsp.sockets.values()) socket.conn.close();
  }

  /** Drops every follower (this core stopped being the primary). */
  disconnectAll(): void {
    this.nsp.disconnectSockets(true);
  }

  /** Shutting down: the connections drop (as in a crash), so the followers keep trying to come back. */
  close(): void {
    clearInterval(this.beat);
    this.cutFollowers();
  }
}
