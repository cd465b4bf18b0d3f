/**
 * The clients' process of the fan-out benchmark: N listening clients plus one producer, all
 * on this process's event loop so they do not take CPU from the server's. Started by
 * bench/fanout.ts; not meant to be run by hand.
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import type { RawData } from 'ws';
import type {
  ClientToServerEvents,
  CommandResult,
  RecordMessage,
  ServerToClientEvents,
} from '../shared/protocol.js';
import { parentChannel, runChild } from './child.js';
import type { ClientJob, ClientResult, FromClients, GroupJob, ToClients } from './fanoutMessages.js';
import { ownCpuMs } from './machine.js';
import { monoMs, sleep } from './stats.js';

type CrewSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Connection {
  ready: Promise<void>;
  close(): void;
}

interface Producer extends Connection {
  /** Emits an adjustTime command; `onAck` gets the record's seq. */
  send(deltaMs: number, onAck: (seq: number) => void): void;
}

const READY_TIMEOUT_MS = 20_000;
const CONNECT_BATCH = 25;

const channel = parentChannel<ToClients, FromClients>();

function wsUrl(url: string, path = '/'): string {
  return url.replace(/^http/, 'ws') + path;
}

function withTimeout(promise: Promise<void>, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what}: not ready within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** `42["name",payload]` → [name, payload], or null for any other frame. */
function parseEventFrame(text: string): [string, unknown] | null {
  if (!text.startsWith('42')) return null;
  const parsed = JSON.parse(text.slice(2)) as unknown;
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string') return null;
  return [parsed[0], parsed[1]];
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString();
  return Buffer.isBuffer(data) ? data.toString() : Buffer.from(data).toString();
}

function socketIoClient(
  group: GroupJob,
  token: string,
  onRecord: (record: RecordMessage) => void,
): Connection & { socket: CrewSocket } {
  const socket: CrewSocket = io(group.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  socket.on('record', onRecord);
  // The core greets with a snapshot; the bare socket.io server has none, so connected is ready.
  const ready = new Promise<void>((resolve, reject) => {
    if (group.server === 'core') socket.once('snapshot', () => resolve());
    else socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, ready, close: () => void socket.close() };
}

function wsClient(
  group: GroupJob,
  onRecord: (record: RecordMessage) => void,
  onAck?: (text: string) => void,
): Connection & { socket: WebSocket } {
  const ws = new WebSocket(wsUrl(group.url), { perMessageDeflate: false });
  ws.on('message', (data) => {
    const text = rawText(data);
    if (onAck && text.startsWith('43')) {
      onAck(text);
      return;
    }
    const event = parseEventFrame(text);
    if (event && event[0] === 'record') onRecord(event[1] as RecordMessage);
  });
  const ready = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { socket: ws, ready, close: () => ws.terminate() };
}

/** socket.io's wire protocol (engine.io v4 over a bare websocket), by hand. */
function sioWireClient(
  group: GroupJob,
  token: string,
  onRecord: (record: RecordMessage) => void,
): Connection {
  const ws = new WebSocket(wsUrl(group.url, '/socket.io/?EIO=4&transport=websocket'), {
    perMessageDeflate: false,
  });
  let markReady: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    fail = reject;
  });
  ws.on('error', (error) => fail(error));
  ws.on('message', (data) => {
    const text = rawText(data);
    switch (text.charAt(0)) {
      case '0': // engine.io open: connect to the main namespace with the token
        ws.send(`40${JSON.stringify({ token })}`);
        break;
      case '2': // engine.io ping
        ws.send('3');
        break;
      case '4': {
        if (text[1] === '4') {
          fail(new Error(`connect refused: ${text.slice(2)}`));
          break;
        }
        if (text[1] === '0' && group.server !== 'core') {
          markReady();
          break;
        }
        const event = parseEventFrame(text);
        if (!event) break;
        if (event[0] === 'record') onRecord(event[1] as RecordMessage);
        else if (event[0] === 'snapshot') markReady();
        break;
      }
      default:
        break;
    }
  });
  return { ready, close: () => ws.terminate() };
}

function producerFor(group: GroupJob): Producer {
  if (group.server === 'ws') {
    const pending: Array<(seq: number) => void> = [];
    const ws = wsClient(
      group,
      () => undefined,
      (text) => {
        // `430[{"ok":true,"seq":N}]`, in order: the server handles one message at a time.
        const [result] = JSON.parse(text.slice(3)) as [CommandResult];
        pending.shift()?.(result.ok ? result.seq : NaN);
      },
    );
    return {
      ready: ws.ready,
      close: () => ws.close(),
      send(deltaMs, onAck) {
        pending.push(onAck);
        ws.socket.send(JSON.stringify({ type: 'adjustTime', deltaMs }));
      },
    };
  }
  const client = socketIoClient(group, group.producerToken, () => undefined);
  return {
    ready: client.ready,
    close: () => client.close(),
    send(deltaMs, onAck) {
      client.socket.emit('command', { type: 'adjustTime', deltaMs }, (result: CommandResult) => {
        if (!result.ok) console.error(`fanout: command refused: ${result.status} ${result.error}`);
        onAck(result.ok ? result.seq : NaN);
      });
    },
  };
}

async function sleepUntil(at: number): Promise<void> {
  const wait = at - monoMs();
  if (wait > 0) await sleep(wait);
}

/** Deterministic shuffle (mulberry32), so runs are repeatable. */
function shuffler(seed: number): <T>(items: T[]) => T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (items) => {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
}

interface GroupState {
  job: GroupJob;
  producer: Producer;
  listeners: Connection[];
  recvAt: Float64Array;
  sentAt: Float64Array;
  ackAt: Float64Array;
  firstSeq: number;
  received: number;
  acks: number;
  seqMismatches: number;
}

async function connectGroup(job: ClientJob, group: GroupJob): Promise<GroupState> {
  const n = job.clients;
  const state: GroupState = {
    job: group,
    producer: producerFor(group),
    listeners: [],
    recvAt: new Float64Array(job.commands * n).fill(NaN),
    sentAt: new Float64Array(job.commands).fill(NaN),
    ackAt: new Float64Array(job.commands).fill(NaN),
    firstSeq: NaN,
    received: 0,
    acks: 0,
    seqMismatches: 0,
  };
  await withTimeout(state.producer.ready, 'producer');
  const listenerFor = (i: number) => (record: RecordMessage) => {
    const at = monoMs();
    const k = record.seq - state.firstSeq;
    if (k >= 0 && k < job.commands && Number.isNaN(state.recvAt[k * n + i])) {
      state.recvAt[k * n + i] = at;
      state.received++;
    }
  };
  for (let start = 0; start < n; start += CONNECT_BATCH) {
    const batch: Connection[] = [];
    for (let i = start; i < Math.min(n, start + CONNECT_BATCH); i++) {
      const onRecord = listenerFor(i);
      batch.push(
        group.listeners === 'ws'
          ? wsClient(group, onRecord)
          : group.listeners === 'sio-wire'
            ? sioWireClient(group, group.listenerToken, onRecord)
            : socketIoClient(group, group.listenerToken, onRecord),
      );
    }
    state.listeners.push(...batch);
    await Promise.all(batch.map((c, j) => withTimeout(c.ready, `${group.server} client ${start + j}`)));
  }
  return state;
}

// Alternating ±1 s leaves the timer where it was, however many commands run.
const deltaFor = (i: number) => (i % 2 === 0 ? 1000 : -1000);

async function warmUp(job: ClientJob, group: GroupState): Promise<void> {
  let lastSeq = NaN;
  for (let w = 0; w < job.warmup; w++) {
    const t = monoMs();
    await new Promise<void>((resolve) =>
      group.producer.send(deltaFor(w), (seq) => {
        lastSeq = seq;
        resolve();
      }),
    );
    await sleepUntil(t + job.intervalMs);
  }
  if (Number.isNaN(lastSeq)) throw new Error(`${group.job.server}: warm-up commands were refused`);
  group.firstSeq = lastSeq + 1;
}

async function run(job: ClientJob): Promise<ClientResult> {
  const groups: GroupState[] = [];
  const connectMs: number[] = [];
  for (const group of job.groups) {
    const start = monoMs();
    groups.push(await connectGroup(job, group));
    connectMs.push(monoMs() - start);
  }
  await channel.send({ type: 'ready', connectMs });
  const go = await channel.next();
  if (go.type !== 'go') throw new Error(`expected go, got ${go.type}`);
  const cpuAtGo = ownCpuMs();

  for (const group of groups) await warmUp(job, group);

  const shuffle = shuffler(job.seed);
  const schedule: Array<{ group: GroupState; k: number }> = [];
  for (let k = 0; k < job.commands; k++) {
    for (const group of shuffle(groups)) schedule.push({ group, k });
  }
  const start = monoMs();
  for (let slot = 0; slot < schedule.length; slot++) {
    const { group, k } = schedule[slot]!;
    await sleepUntil(start + slot * job.intervalMs);
    group.sentAt[k] = monoMs();
    group.producer.send(deltaFor(job.warmup + k), (seq) => {
      group.ackAt[k] = monoMs();
      group.acks++;
      if (seq !== group.firstSeq + k) group.seqMismatches++;
    });
  }
  const complete = () =>
    groups.every((g) => g.received === job.commands * job.clients && g.acks === job.commands);
  const deadline = monoMs() + 10_000;
  while (!complete() && monoMs() < deadline) await sleep(10);

  for (const group of groups) {
    for (const c of group.listeners) c.close();
    group.producer.close();
  }
  return {
    type: 'result',
    cpuMs: ownCpuMs() - cpuAtGo,
    groups: groups.map((g) => ({
      firstSeq: g.firstSeq,
      sentAt: g.sentAt,
      ackAt: g.ackAt,
      recvAt: g.recvAt,
      seqMismatches: g.seqMismatches,
    })),
  };
}

async function main(): Promise<void> {
  for (;;) {
    const message = await channel.next();
    if (message.type === 'ping') {
      const now = monoMs();
      await channel.send({ type: 'pong', oneWayMs: now - message.sentAt, childNow: now });
    } else if (message.type === 'job') {
      const result = await run(message.job);
      await channel.send(result);
      break;
    }
  }
}

runChild(channel.send, main);
