import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { CommandInput } from '../../shared/commands.js';
import type {
  ClientToServerEvents,
  CommandResult,
  ConnectRefusal,
  Hello,
  ServerToClientEvents,
  StateResponse,
} from '../../shared/protocol.js';
import { ShowReplica } from '../../shared/replica.js';
import type { CoreOptions, RunningCore } from '../../core/server.js';
import { startCore } from '../../core/server.js';

export type CrewClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function tempDir(prefix = 'showcaller-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startTestCore(
  dataDir: string,
  options: Partial<CoreOptions> = {},
): Promise<RunningCore> {
  return startCore({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    log: () => undefined,
    obs: false,
    chat: false,
    ...options,
  });
}

/**
 * A real socket.io crew client as a screen would run it: keeps a replica from the snapshot
 * and records, and resumes from its last seq on reconnect.
 */
export class CrewClient {
  readonly replica = new ShowReplica();
  readonly socket: CrewClientSocket;
  hello: Hello | null = null;
  snapshots = 0;
  records: number[] = [];
  gaps = 0;

  constructor(
    url: string,
    token: string,
    options: {
      reconnection?: boolean;
      name?: string;
      clientName?: string;
      /** With `showId`: the highest term this client has seen of that show. */
      knownTerm?: number;
      showId?: string;
    } = {},
  ) {
    this.socket = io(url, {
      transports: ['websocket'],
      reconnection: options.reconnection ?? false,
      auth: (cb) =>
        cb({
          token,
          clientName: options.clientName ?? options.name,
          knownTerm: options.knownTerm,
          showId: this.replica.showId ?? options.showId,
          lastSeq: this.replica.showId ? this.replica.seq : undefined,
        }),
    });
    this.socket.on('hello', (hello) => (this.hello = hello));
    this.socket.on('snapshot', (snapshot) => {
      this.snapshots += 1;
      this.replica.applySnapshot(snapshot);
    });
    this.socket.on('record', (record) => {
      const outcome = this.replica.applyRecord(record);
      if (outcome === 'applied') this.records.push(record.seq);
      if (outcome === 'gap' || outcome === 'diverged') this.gaps += 1;
    });
  }

  /** Resolves once connected and holding a state; rejects with the core's refusal. */
  ready(): Promise<this> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.replica.state) resolve(this);
        else setTimeout(check, 5);
      };
      this.socket.once('connect_error', (error: Error & { data?: ConnectRefusal }) => reject(error));
      check();
    });
  }

  send(command: CommandInput | Record<string, unknown>): Promise<CommandResult> {
    return this.socket.emitWithAck('command', command);
  }

  /** Waits until the replica has reached `seq`. */
  async until(seq: number, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.replica.seq < seq) {
      if (Date.now() > deadline) throw new Error(`replica stuck at ${this.replica.seq}, wanted ${seq}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  close(): void {
    this.socket.close();
  }
}

export async function connect(
  running: RunningCore,
  role: keyof RunningCore['tokens'],
  name?: string,
): Promise<CrewClient> {
  return new CrewClient(running.url, running.tokens[role], { name }).ready();
}

/** The error a refused connection reports. */
export function refusalOf(url: string, token: string): Promise<ConnectRefusal> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, auth: { token } });
    socket.on('connect', () => {
      socket.close();
      reject(new Error('connected, but a refusal was expected'));
    });
    socket.on('connect_error', (error: Error & { data?: ConnectRefusal }) => {
      socket.close();
      if (error.data) resolve(error.data);
      else reject(error);
    });
  });
}

/** A TCP port free right now on 127.0.0.1 (for cores that must know each other's address up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * One role's HTTP API on a core, as a script or a Stream Deck calls it. `core` is read at each
 * call, so a test that restarts its core keeps the same helpers.
 */
export function httpApiOf(core: () => RunningCore, role: keyof RunningCore['tokens'] = 'producer') {
  const authorization = () => `Bearer ${core().tokens[role]}`;
  return {
    /** POST /api/commands: the status and the parsed answer. */
    post: async (body: unknown) => {
      const res = await fetch(`${core().url}/api/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: authorization() },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as { ok: boolean; error?: string; seq?: number },
      };
    },
    /** GET /api/state. */
    state: async (): Promise<StateResponse> => {
      const res = await fetch(`${core().url}/api/state`, { headers: { authorization: authorization() } });
      return (await res.json()) as StateResponse;
    },
  };
}

/** A show's journal file in a core's data folder, as text. */
export function journalText(dataDir: string, showId: string): string {
  return readFileSync(path.join(dataDir, 'shows', showId, 'journal.ndjson'), 'utf8');
}
