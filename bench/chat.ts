/**
 * Chat benchmarks (DESIGN.md targets):
 *
 * 1. Ingest throughput: synthetic chat (tests/chat/fakes/syntheticChat.ts) operations into the core (check with zod, batch, classify, dedupe,
 *    journal with fdatasync, apply, broadcast to a moderator socket) as fast as they come, until
 *    the moderator's replica holds every message. Baseline in the same run: the same batches
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
import { Journal } from '../core/journal.js';
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
  /** Messages per second through the core to the moderator's screen, per run. */
  ingestPerSecond: number[];
  ingestMedian: number;
  /** The same batches into a bare Journal (no reducer, no broadcast). */
  journalPerSecond: number[];
  journalMedian: number;
  /** Records the core wrote for them (batching). */
  records: number;
  latency: { ratePerSecond: number; messages: number; ms: Summary };
}

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

async function ingestRun(
  count: number,
  offeredBatch: number,
): Promise<{ perSecond: number; records: number }> {
  return withCore(async (running, moderator) => {
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
    await moderator.until(running.core.seq, 60_000);
    const held = Object.keys(moderator.replica.state!.feed.messages).length;
    if (held < count) throw new Error(`the moderator holds ${held} of ${count} messages`);
    const seconds = (performance.now() - start) / 1000;
    return { perSecond: count / seconds, records: running.core.seq - startSeq };
  });
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
  const journalPerSecond: number[] = [];
  let records = 0;
  for (let run = 0; run < options.runs; run++) {
    const ingest = await ingestRun(options.messages, 50);
    ingestPerSecond.push(ingest.perSecond);
    records = ingest.records;
    // The core's own batches average messages/records operations; the baseline uses the same size.
    const batch = Math.max(1, Math.round(options.messages / Math.max(1, ingest.records)));
    journalPerSecond.push(await journalRun(options.messages, batch));
    options.log(
      `chat: run ${run + 1}: core ${Math.round(ingest.perSecond)} msg/s in ${ingest.records} records; ` +
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
    journalPerSecond,
    journalMedian: median(journalPerSecond),
    records,
    latency: { ratePerSecond: 200, messages: options.latencyMessages, ms },
  };
}
