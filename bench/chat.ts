/**
 * Chat benchmarks (targets in docs/targets.md):
 *
 * 1. Ingest throughput: synthetic chat (tests/chat/fakes/syntheticChat.ts) operations into the core (check with zod, batch, classify, dedupe,
 *    journal with fdatasync, apply, broadcast to 10 crew sockets) as fast as they come, until
 *    every client's replica holds every message. The 10 clients are real socket.io clients
 *    with full replicas, in a process of their own (bench/chatClients.ts), as screens on
 *    other machines are; on this 2-core machine they still share the cores with the core. Baseline in the same run: the same batches
 *    appended to a bare Journal with a no-op reducer (the disk and serialisation alone).
 *    Target ≥ 20,000 messages/s.
 * 2. Latency at a steady 200 messages/s: a message posted into the fake Slack (Socket Mode
 *    envelope over a websocket, the real SocketModeClient in the core) → on the moderator's
 *    screen (its socket.io replica has applied it). Target p99 ≤ 50 ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Journal } from '../core/journal/index.js';
import type { FromChatClients, ToChatClients } from './chatClients.js';
import { Child } from './child.js';
import type { RunningCore } from '../core/server.js';
import { startCore } from '../core/server.js';
import type { ChatIngest } from '../shared/chat.js';
import { CrewClient } from '../tests/core/harness.js';
import { chatSettingsFor } from '../tests/chat/fakes/chatSettings.js';
import { FakeSlack } from '../tests/chat/fakes/fakeSlack.js';
import { syntheticMessage } from '../tests/chat/fakes/syntheticChat.js';
import type { Summary } from './stats.js';
import { median, sleep, summarize } from './stats.js';

export interface ChatBenchResult {
  messages: number;
  /** Messages per second until all 10 replicas held every message, per run. */
  ingestPerSecond: number[];
  ingestMedian: number;
  /**
   * Messages per second until the core had journaled and broadcast the last one, per run.
   * Absent in a report saved before they were measured (read back by `bench/run.ts --merge`).
   */
  corePerSecond?: number[];
  coreMedian?: number;
  /** The same batches into a bare Journal (no reducer, no broadcast). */
  journalPerSecond: number[];
  journalMedian: number;
  /** Records the core wrote for them (batching). */
  records: number;
  latency: { ratePerSecond: number; messages: number; ms: Summary };
}

/** Crew sockets the ingest benchmark broadcasts to (docs/targets.md: "broadcast to 10 crew clients"). */
export const INGEST_CLIENTS = 10;

async function withCore<T>(
  run: (core: RunningCore, moderator: CrewClient) => Promise<T>,
  chat?: unknown,
): Promise<T> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'showcaller-bench-chat-'));
  const running = await startCore({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    log: () => undefined,
    obs: false,
    chat: chat ?? false,
  });
  const moderator = await new CrewClient(running.url, running.tokens.moderator).ready();
  try {
    return await run(running, moderator);
  } finally {
    moderator.close();
    await running.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * `perSecond`: until all 10 replicas hold every message. `corePerSecond`: until the core has
 * journaled and broadcast the last of them (the clients may still be decoding).
 */
async function ingestRun(
  count: number,
  offeredBatch: number,
): Promise<{ perSecond: number; corePerSecond: number; records: number }> {
  const crew = new Child<FromChatClients, ToChatClients>(new URL('./chatClients.ts', import.meta.url));
  const reply = async (): Promise<FromChatClients> => {
    const message = await crew.next(180_000);
    if (message.type === 'error') throw new Error(`chat clients failed:\n${message.message}`);
    return message;
  };
  try {
    return await withCore(async (running) => {
      const { moderator, mc, producer } = running.tokens;
      // The moderator's own client from withCore is one of the ten.
      const tokens = Array.from({ length: INGEST_CLIENTS - 1 }, (_, i) => [moderator, mc, producer][i % 3]!);
      crew.send({ type: 'connect', url: running.url, tokens });
      await reply();
      const startSeq = running.core.seq;
      const start = performance.now();
      // The sources hand over what they have as it comes: here, as fast as the event loop allows.
      for (let i = 0; i < count; i += offeredBatch) {
        const ops: ChatIngest[] = [];
        for (let j = i; j < Math.min(count, i + offeredBatch); j++) ops.push(syntheticMessage(j, count));
        running.core.ingestChat(ops);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await running.core.flushChat();
      const coreSeconds = (performance.now() - start) / 1000;
      crew.send({ type: 'until', seq: running.core.seq, messages: count });
      const caughtUp = await reply();
      const seconds = (performance.now() - start) / 1000;
      if (caughtUp.type === 'caughtUp' && caughtUp.problems.length > 0)
        throw new Error(caughtUp.problems.join('; '));
      return {
        perSecond: count / seconds,
        corePerSecond: count / coreSeconds,
        records: running.core.seq - startSeq,
      };
    });
  } finally {
    crew.kill();
    await crew.exit;
  }
}

async function journalRun(count: number, batch: number): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'showcaller-bench-journal-'));
  try {
    const journal = await Journal.open<number, ChatIngest>({
      dir,
      initialState: () => 0,
      apply: (state, events) => state + events.length,
      log: () => undefined,
    });
    const start = performance.now();
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < count; i += batch) {
      const ops: ChatIngest[] = [];
      for (let j = i; j < Math.min(count, i + batch); j++) ops.push(syntheticMessage(j, count));
      pending.push(journal.append(ops));
    }
    await Promise.all(pending);
    const seconds = (performance.now() - start) / 1000;
    await journal.close();
    return count / seconds;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function latencyRun(ratePerSecond: number, messages: number): Promise<Summary> {
  const slack = await FakeSlack.start();
  try {
    const settings = chatSettingsFor({ slack });
    return await withCore(
      async (running, moderator) => {
        while (running.chat?.live.sources[0]?.state !== 'connected') await sleep(10);
        const postedAt = new Map<string, number>();
        const latencies: number[] = [];
        moderator.socket.on('record', (record) => {
          const now = performance.now();
          for (const event of record.events) {
            if (event.type !== 'chatIngested') continue;
            for (const op of event.operations) {
              if (op.kind !== 'upsert') continue;
              const sent = postedAt.get(op.message.text);
              if (sent !== undefined) latencies.push(now - sent);
            }
          }
        });
        const interval = 1000 / ratePerSecond;
        const start = performance.now();
        for (let i = 0; i < messages; i++) {
          const due = start + i * interval;
          const wait = due - performance.now();
          if (wait > 1) await sleep(wait);
          const text = `Latency probe ${i}?`;
          postedAt.set(text, performance.now());
          slack.post('C0ASK', text, { user: 'U0ADA' });
        }
        const deadline = performance.now() + 10_000;
        while (latencies.length < messages && performance.now() < deadline) await sleep(10);
        if (latencies.length < messages)
          throw new Error(`only ${latencies.length} of ${messages} messages arrived`);
        return summarize(latencies);
      },
      { settings },
    );
  } finally {
    await slack.close();
  }
}

export async function runChatBench(options: {
  messages: number;
  runs: number;
  latencyMessages: number;
  log: (line: string) => void;
}): Promise<ChatBenchResult> {
  const ingestPerSecond: number[] = [];
  const corePerSecond: number[] = [];
  const journalPerSecond: number[] = [];
  let records = 0;
  for (let run = 0; run < options.runs; run++) {
    const ingest = await ingestRun(options.messages, 50);
    ingestPerSecond.push(ingest.perSecond);
    corePerSecond.push(ingest.corePerSecond);
    records = ingest.records;
    // The core's own batches average messages/records operations; the baseline uses the same size.
    const batch = Math.max(1, Math.round(options.messages / Math.max(1, ingest.records)));
    journalPerSecond.push(await journalRun(options.messages, batch));
    options.log(
      `chat: run ${run + 1}: ${Math.round(ingest.perSecond)} msg/s to 10 replicas ` +
        `(core done at ${Math.round(ingest.corePerSecond)} msg/s) in ${ingest.records} records; ` +
        `bare journal ${Math.round(journalPerSecond.at(-1)!)} msg/s`,
    );
  }
  const ms = await latencyRun(200, options.latencyMessages);
  options.log(
    `chat: Slack → moderator at 200 msg/s: p50 ${ms.p50.toFixed(1)} ms, p99 ${ms.p99.toFixed(1)} ms`,
  );
  return {
    messages: options.messages,
    ingestPerSecond,
    ingestMedian: median(ingestPerSecond),
    corePerSecond,
    coreMedian: median(corePerSecond),
    journalPerSecond,
    journalMedian: median(journalPerSecond),
    records,
    latency: { ratePerSecond: 200, messages: options.latencyMessages, ms },
  };
}
