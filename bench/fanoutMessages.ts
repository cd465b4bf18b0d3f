/** What bench/fanout.ts (the server side) and bench/fanoutClients.ts (the clients' process) say to each other. */

import type { ChildError } from './child.js';

/** Who answers the producer's command and broadcasts the record. */
export type ServerKind = 'ws' | 'socket.io' | 'core';

/**
 * How the N listening clients are implemented:
 * - `ws`: a `ws` WebSocket that JSON-parses each frame (the baseline's clients);
 * - `socket.io-client`: the real client library, as crew screens use it;
 * - `sio-wire`: a `ws` WebSocket speaking the socket.io wire protocol by hand (engine.io v4
 *   open/ping/pong, namespace connect with the token, `42[...]` events). It does the same work
 *   per frame as the `ws` clients, so it shows the server side's cost without the client library's.
 */
export type ListenerKind = 'ws' | 'socket.io-client' | 'sio-wire';

/** One variant: a server, N listeners of one kind, and a producer. */
export interface GroupJob {
  server: ServerKind;
  listeners: ListenerKind;
  /** http://127.0.0.1:port */
  url: string;
  listenerToken: string;
  producerToken: string;
}

/**
 * Every group is connected at once and their commands are interleaved (one command every
 * `intervalMs`, groups in a shuffled order each round), so a noisy neighbour hurts them all
 * alike instead of whichever variant happened to run at the time.
 */
export interface ClientJob {
  groups: GroupJob[];
  clients: number;
  warmup: number;
  /** Measured commands per group. */
  commands: number;
  intervalMs: number;
  seed: number;
}

export type ToClients = { type: 'ping'; sentAt: number } | { type: 'job'; job: ClientJob } | { type: 'go' };

export interface GroupResult {
  /** Seq of the first measured command's record; command k has seq firstSeq + k. */
  firstSeq: number;
  /** Per command k: when the producer emitted it (monotonic ms). */
  sentAt: Float64Array;
  /** Per command k: when the producer got the ack. */
  ackAt: Float64Array;
  /** recvAt[k * clients + i]: when listener i had record k (NaN if it never came). */
  recvAt: Float64Array;
  /** Acks whose seq was not firstSeq + k (should be 0). */
  seqMismatches: number;
}

export interface ClientResult {
  type: 'result';
  groups: GroupResult[];
  /** CPU time this process used from 'go' to the result, ms. */
  cpuMs: number;
}

export type FromClients =
  | { type: 'pong'; oneWayMs: number; childNow: number }
  /** Per group: how long connecting its N listeners and producer took. */
  | { type: 'ready'; connectMs: number[] }
  | ClientResult
  | ChildError;

/** To a server process (bench/fanoutServerProcess.ts). */
export type ToServer =
  | { type: 'start'; kind: ServerKind }
  /** Start counting CPU time and fdatasync calls. */
  | { type: 'record' }
  | { type: 'collect' }
  | { type: 'stop' };

export interface ServerTimes {
  type: 'collected';
  /** seq → when the server had the record and was about to broadcast it. */
  readyAt: Map<number, number>;
  /** seq → when the broadcast call returned. */
  sentAt: Map<number, number>;
  frameBytes: number;
  /** Duration of every FileHandle.datasync() since 'record', ms (the core's journal). */
  datasync: number[];
  /** CPU time this process used since 'record', ms. */
  cpuMs: number;
}

export type FromServer =
  { type: 'started'; url: string; listenerToken: string; producerToken: string } | ServerTimes | ChildError;
