/**
 * The fan-out benchmark's servers: a bare ws broadcast, a bare socket.io broadcast, and a real
 * core. Each runs in its own process (bench/fanoutServerProcess.ts), timestamping when a record
 * is ready to broadcast and when the broadcast call returns, on the shared monotonic clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Server } from 'socket.io';
import { WebSocketServer } from 'ws';
import { startCore } from '../core/server.js';
import type {
  ClientToServerEvents,
  CommandResult,
  RecordMessage,
  ServerToClientEvents,
} from '../shared/protocol.js';
import type { ServerKind } from './fanoutMessages.js';
import { monoMs } from './stats.js';

export interface BenchServer {
  url: string;
  listenerToken: string;
  producerToken: string;
  /** seq → when the server had the record and was about to broadcast it. */
  readyAt: Map<number, number>;
  /** seq → when the broadcast call returned (every socket has the frame queued or written). */
  sentAt: Map<number, number>;
  frameBytes(): number;
  close(): Promise<void>;
}

const recordFrame = (record: RecordMessage): string => `42${JSON.stringify(['record', record])}`;

/** A record as the core makes it for adjustTime; the bare servers send the same shape. */
const adjustRecord = (seq: number, deltaMs: number): RecordMessage => ({
  seq,
  t: Date.now(),
  events: [{ type: 'timeAdjusted', deltaMs }],
});

function deltaOf(payload: unknown): number {
  const deltaMs = (payload as { deltaMs?: unknown } | null)?.deltaMs;
  return typeof deltaMs === 'number' ? deltaMs : 1000;
}

function listen(server: ReturnType<typeof createServer>): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

// The core starts with seq 1 (demo rundown) and 2 (startSegment); the bare servers count from
// there too so seqs, and so frames, have the same length.
const FIRST_BARE_SEQ = 2;

/**
 * What the bare servers share: the seq they count, when each record was ready and sent, and the
 * size of a record's frame. `command` answers one producer command: it makes the next record,
 * hands it to `broadcast` between the two timestamps, then acks the producer.
 */
function bareRecords() {
  const readyAt = new Map<number, number>();
  const sentAt = new Map<number, number>();
  let seq = FIRST_BARE_SEQ;
  let frameBytes = 0;
  return {
    command(
      payload: unknown,
      broadcast: (record: RecordMessage) => void,
      ack: (result: CommandResult) => void,
    ) {
      const record = adjustRecord(++seq, deltaOf(payload));
      readyAt.set(seq, monoMs());
      broadcast(record);
      sentAt.set(seq, monoMs());
      ack({ ok: true, seq });
      frameBytes ||= Buffer.byteLength(recordFrame(record));
    },
    /** The BenchServer at `url`: bare servers have no tokens. */
    server: (url: string, close: () => Promise<void>): BenchServer => ({
      url,
      listenerToken: '',
      producerToken: '',
      readyAt,
      sentAt,
      frameBytes: () => frameBytes,
      close,
    }),
  };
}

async function startWsServer(): Promise<BenchServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const records = bareRecords();
  wss.on('connection', (ws) => {
    ws.on('message', (data: Buffer) => {
      records.command(
        JSON.parse(data.toString()) as unknown,
        (record) => {
          const frame = recordFrame(record);
          for (const client of wss.clients) client.send(frame);
        },
        (result) => ws.send(`430${JSON.stringify([result])}`),
      );
    });
  });
  return records.server(
    await listen(http),
    () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => http.close(() => resolve()));
      }),
  );
}

async function startSocketIoServer(): Promise<BenchServer> {
  const http = createServer();
  // The options the core's CrewHub uses.
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, {
    maxHttpBufferSize: 6 * 1024 * 1024,
    serveClient: false,
    cors: { origin: false },
  });
  const records = bareRecords();
  io.on('connection', (socket) => {
    void socket.join('crew');
    socket.on('command', (payload, ack) => {
      records.command(payload, (record) => io.to('crew').emit('record', record), ack);
    });
  });
  return records.server(await listen(http), () => new Promise((resolve) => void io.close(() => resolve())));
}

async function startCoreServer(): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'showcaller-bench-fanout-'));
  const running = await startCore({ dataDir, port: 0, host: '127.0.0.1', log: () => undefined });
  const first = running.core.state.segments[0];
  if (!first) throw new Error('the demo show has no segments');
  const started = await running.core.execute({ type: 'startSegment', segmentId: first.id }, 'producer');
  if (!started.ok) throw new Error(`startSegment failed: ${started.error}`);
  const readyAt = new Map<number, number>();
  const sentAt = new Map<number, number>();
  let frameBytes = 0;
  // Observed from outside through the core's public 'record' event: prepended, this runs just
  // before the crew hub's broadcast listener; appended, just after it returns.
  running.core.prependListener('record', (record) => {
    readyAt.set(record.seq, monoMs());
  });
  running.core.on('record', (record) => {
    sentAt.set(record.seq, monoMs());
    frameBytes ||= Buffer.byteLength(recordFrame(record));
  });
  return {
    url: running.url,
    listenerToken: running.tokens.viewer,
    producerToken: running.tokens.producer,
    readyAt,
    sentAt,
    frameBytes: () => frameBytes,
    close: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function startServer(kind: ServerKind): Promise<BenchServer> {
  switch (kind) {
    case 'ws':
      return startWsServer();
    case 'socket.io':
      return startSocketIoServer();
    case 'core':
      return startCoreServer();
    default:
      return kind satisfies never;
  }
}
