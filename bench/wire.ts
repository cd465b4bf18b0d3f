/**
 * What checking a snapshot against the wire contract costs a screen. A real core runs the demo
 * show with a question feed of 50,000 messages (filled as bench/feedScroll.ts does); its
 * snapshot push is serialised as socket.io would, then timed on the receiving side:
 *   (a) JSON.parse of the frame alone, the baseline: socket.io does it before any check;
 *   (b) the full zod parse of `SnapshotMessage`, feed included, on the parsed object;
 *   (c) what a screen does today: `readPush('snapshot', …)` (renderer/connection/pushes.ts).
 * The same for a viewer's snapshot (no chat: stage timer, overlays) and one chat record.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCore } from '../core/server.js';
import { readPush, RecordMessage, SnapshotMessage } from '../shared/protocol.js';
import { stateWithoutChat } from '../shared/replica.js';
import { fillFeed } from '../tests/chat/fakes/syntheticChat.js';
import { median, monoMs } from './stats.js';

export interface WireCase {
  name: string;
  bytes: number;
  /** Medians of `runs` parses, ms. */
  jsonParseMs: number;
  zodParseMs: number;
  readPushMs: number;
}

export interface WireBenchResult {
  messages: number;
  runs: number;
  /** How many chat messages the timed record carries. */
  recordMessages: number;
  cases: WireCase[];
}

/**
 * Median ms of each function over `runs` rounds, after `warmup` untimed ones. The functions take
 * turns within a round, so whatever else the machine does falls on all of them alike.
 */
function timeTogether(fns: readonly (() => unknown)[], runs: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) for (const fn of fns) fn();
  const samples = fns.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const started = monoMs();
      fn();
      samples[k]!.push(monoMs() - started);
    });
  }
  return samples.map(median);
}

function measure(name: string, frame: string, kind: 'snapshot' | 'record', runs: number): WireCase {
  const parsed: unknown = JSON.parse(frame);
  const schema = kind === 'snapshot' ? SnapshotMessage : RecordMessage;
  // A frame that does not fit would time zod's error path, not the one screens take.
  const read = readPush(kind, parsed);
  if (!read.ok) throw new Error(`the benchmark's ${name} does not fit the protocol: ${read.error}`);
  const [jsonParseMs, zodParseMs, readPushMs] = timeTogether(
    [(): unknown => JSON.parse(frame), () => schema.safeParse(parsed), () => readPush(kind, parsed)],
    runs,
    Math.max(2, Math.ceil(runs / 5)),
  );
  return {
    name,
    bytes: Buffer.byteLength(frame),
    jsonParseMs: jsonParseMs!,
    zodParseMs: zodParseMs!,
    readPushMs: readPushMs!,
  };
}

export async function runWireBench(options: {
  messages: number;
  runs: number;
  log: (line: string) => void;
}): Promise<WireBenchResult> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'showcaller-bench-wire-'));
  const running = await startCore({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    obs: false,
    chat: false,
    log: () => undefined,
  });
  try {
    const { core } = running;
    await fillFeed(core, options.messages);
    // What the core emits (core/crewHub.ts) and socket.io serialises: the moderator's and the viewer's.
    const full = JSON.stringify({ showId: core.showId, seq: core.seq, state: core.state });
    const lean = JSON.stringify({ showId: core.showId, seq: core.seq, state: stateWithoutChat(core.state) });
    const last = core.recordsSince(core.seq - 1)?.[0];
    if (!last) throw new Error('the core has no last record');
    const recordMessages = last.events.reduce(
      (n, e) => n + (e.type === 'chatIngested' ? e.operations.length : 0),
      0,
    );
    const cases = [
      measure(
        `snapshot, ${options.messages.toLocaleString('en-US')}-message feed`,
        full,
        'snapshot',
        options.runs,
      ),
      measure("viewer's snapshot (no chat)", lean, 'snapshot', options.runs * 10),
      measure('record, one chat batch', JSON.stringify(last), 'record', options.runs * 10),
    ];
    for (const c of cases) {
      options.log(
        `wire: ${c.name} (${(c.bytes / 1e6).toFixed(2)} MB): JSON.parse ${c.jsonParseMs.toFixed(3)} ms, ` +
          `zod ${c.zodParseMs.toFixed(3)} ms (${(c.zodParseMs / c.jsonParseMs).toFixed(2)}×), readPush ${c.readPushMs.toFixed(3)} ms`,
      );
    }
    return { messages: options.messages, runs: options.runs, recordMessages, cases };
  } finally {
    await running.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
