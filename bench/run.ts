/**
 * `npm run bench`: runs the benchmarks, prints the tables, and (for a full run of everything)
 * writes docs/benchmarks.md. Options:
 *   --quick                 fewer commands and samples
 *   --only=fanout|restore   one benchmark (or BENCH_ONLY=…): fanout, restore, journal,
 *                           throughput, obs, chat, feed, wire, schedule
 *   --clients=10,100,500    fan-out client counts
 *   --max-wait=SECONDS      how long to wait for other processes to quiet down before each
 *                           measurement (default 120, 0 in quick mode)
 *   --write / --no-write    force writing docs/benchmarks.md, or not
 *   --merge                 keep the other benchmarks' results from the last saved run and
 *                           write docs/benchmarks.md with this run's selected ones replaced
 *   --from-json=FILE        print (and with --write, write) the report of a saved run instead of
 *                           measuring; every run saves its results to $TMPDIR/showcaller-bench-last.json
 *                           (`--from-json=` alone reads that)
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errCode, errMessage } from '../core/journal/files.js';
import type { CatchUpResult } from './catchUp.js';
import { runCatchUp } from './catchUp.js';
import type { FanoutResult } from './fanout.js';
import { runFanout } from './fanout.js';
import type { ChatBenchResult } from './chat.js';
import { runChatBench } from './chat.js';
import type { FeedScrollResult } from './feedScroll.js';
import { runFeedScroll } from './feedScroll.js';
import type { ObsBenchResult } from './obs.js';
import { runObsBench } from './obs.js';
import { loadAverage, readMachine, waitForQuiet } from './machine.js';
import type { BenchReport } from './report.js';
import { consoleReport, writeMarkdown } from './report.js';
import type { RestoreResult } from './restore.js';
import type { ScheduleBenchResult } from './schedule.js';
import { runScheduleBench } from './schedule.js';
import { runRestore } from './restore.js';
import type { ThroughputResult } from './throughput.js';
import { runThroughput } from './throughput.js';
import type { WireBenchResult } from './wire.js';
import { runWireBench } from './wire.js';
import { monoMs } from './stats.js';

const BENCHMARKS = [
  'fanout',
  'restore',
  'journal',
  'throughput',
  'obs',
  'chat',
  'feed',
  'wire',
  'schedule',
] as const;
type Benchmark = (typeof BENCHMARKS)[number];

/** Other processes' share of all cores below which the machine counts as quiet enough to measure. */
const QUIET_OTHER_PCT = 25;

const DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
/** The last run's results, so the report can be rendered again (`--from-json`) without measuring. */
const LAST_RUN = path.join(tmpdir(), 'showcaller-bench-last.json');

function usage(message: string): never {
  console.error(
    `${message}\nusage: npm run bench -- [--quick] [--only=${BENCHMARKS.join('|')}] [--clients=10,100,500] [--max-wait=SECONDS] [--write|--no-write] [--from-json=FILE]`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      clients: { type: 'string' },
      write: { type: 'boolean' },
      'max-wait': { type: 'string' },
      'from-json': { type: 'string' },
      'no-write': { type: 'boolean' },
      merge: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const only = values.only ?? process.env['BENCH_ONLY'];
  if (only !== undefined && !BENCHMARKS.includes(only as Benchmark)) usage(`unknown benchmark "${only}"`);
  const selected: readonly Benchmark[] = only ? [only as Benchmark] : BENCHMARKS;
  const clientCounts = (values.clients ?? '10,100,500').split(',').map(Number);
  if (clientCounts.some((n) => !Number.isSafeInteger(n) || n < 1)) usage(`bad --clients "${values.clients}"`);
  const quick = values.quick;
  const maxWaitS = Number(values['max-wait'] ?? (quick ? 0 : 120));
  if (!(maxWaitS >= 0)) usage(`bad --max-wait "${values['max-wait']}"`);
  const quiet = () => waitForQuiet(maxWaitS, QUIET_OTHER_PCT, log);
  const write = values['no-write']
    ? false
    : (values.write ?? ((!quick && selected.length === BENCHMARKS.length) || values.merge));

  if (values['from-json'] !== undefined) {
    const file = values['from-json'] || LAST_RUN;
    const text = await readFile(file, 'utf8').catch((err: unknown) =>
      usage(
        errCode(err) === 'ENOENT'
          ? file === LAST_RUN
            ? `no saved run at ${file} yet: run \`npm run bench\` first (each run saves its results there)`
            : `no file ${file}`
          : `cannot read ${file}: ${errMessage(err)}`,
      ),
    );
    let saved: BenchReport & { date: string };
    try {
      saved = JSON.parse(text) as BenchReport & { date: string };
    } catch (err) {
      usage(`${file} is not a saved bench run: ${errMessage(err)}`);
    }
    const report: BenchReport = { ...saved, date: new Date(saved.date) };
    console.log(`${consoleReport(report)}\n`);
    if (values.write) {
      await writeMarkdown(DOC, report);
      console.log(`wrote ${DOC} from ${file}`);
    }
    return;
  }

  const machine = readMachine();
  const log = (line: string) => console.log(line);
  log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB, ${machine.os}, Node ${machine.node}` +
      `; load average ${loadAverage().toFixed(2)}${quick ? '; quick mode' : ''}`,
  );
  const started = monoMs();
  const loadStart = loadAverage();

  let fanout: FanoutResult | null = null;
  let restore: RestoreResult | null = null;
  let throughput: ThroughputResult | null = null;
  if (selected.includes('fanout')) {
    fanout = await runFanout({
      clientCounts,
      commands: quick ? 60 : 200,
      warmup: quick ? 10 : 20,
      intervalMs: 30,
      fsyncSamples: quick ? 50 : 200,
      beforeEach: quiet,
      maxAttempts: quick ? 1 : 3,
      busyOtherPct: QUIET_OTHER_PCT,
      log,
    });
  }
  if (selected.includes('restore')) {
    restore = await runRestore({
      records: 100_000,
      snapshotEvery: 1000,
      runs: quick ? 3 : 5,
      beforeSamples: quiet,
      log,
    });
  }

  let journal: CatchUpResult | null = null;
  if (selected.includes('journal')) {
    await quiet();
    // About 200 MB: a long show's journal, where reading it whole into memory would hurt.
    journal = await runCatchUp({
      records: quick ? 50_000 : 200_000,
      payload: 1000,
      runs: quick ? 1 : 3,
      log,
    });
  }

  if (selected.includes('throughput')) {
    await quiet();
    throughput = await runThroughput({ commands: 2000, runs: quick ? 1 : 3, log });
  }

  let obs: ObsBenchResult | null = null;
  if (selected.includes('obs')) {
    await quiet();
    obs = await runObsBench({ commands: quick ? 30 : 200, restarts: quick ? 2 : 5, log });
  }

  let chat: ChatBenchResult | null = null;
  if (selected.includes('chat')) {
    await quiet();
    chat = await runChatBench({
      messages: quick ? 20_000 : 50_000,
      runs: quick ? 1 : 3,
      latencyMessages: quick ? 400 : 2000,
      log,
    });
  }

  let feed: FeedScrollResult | null = null;
  if (selected.includes('feed')) {
    await quiet();
    feed = await runFeedScroll({ messages: 50_000, seconds: quick ? 1 : 3, runs: quick ? 1 : 3, log });
  }

  let wire: WireBenchResult | null = null;
  if (selected.includes('wire')) {
    await quiet();
    wire = await runWireBench({ messages: 50_000, runs: quick ? 5 : 21, log });
  }

  let schedule: ScheduleBenchResult | null = null;
  if (selected.includes('schedule')) {
    await quiet();
    schedule = await runScheduleBench({ segments: 2000, runs: quick ? 1 : 5, log });
  }

  let kept: Partial<BenchReport> = {};
  if (values.merge) {
    const saved = JSON.parse(await readFile(LAST_RUN, 'utf8')) as BenchReport & { date: string };
    kept = {
      fanout: saved.fanout,
      restore: saved.restore,
      journal: saved.journal ?? null,
      throughput: saved.throughput,
      obs: saved.obs ?? null,
      chat: saved.chat ?? null,
      feed: saved.feed ?? null,
      wire: saved.wire ?? null,
      schedule: saved.schedule ?? null,
      mergedFrom: saved.mergedFrom ?? saved.date,
    };
  }
  const report: BenchReport = {
    date: new Date(),
    quick,
    machine,
    loadAverage: { start: loadStart, end: loadAverage() },
    durationS: (monoMs() - started) / 1000,
    fanout: fanout ?? kept.fanout ?? null,
    restore: restore ?? kept.restore ?? null,
    journal: journal ?? kept.journal ?? null,
    throughput: throughput ?? kept.throughput ?? null,
    obs: obs ?? kept.obs ?? null,
    chat: chat ?? kept.chat ?? null,
    feed: feed ?? kept.feed ?? null,
    wire: wire ?? kept.wire ?? null,
    schedule: schedule ?? kept.schedule ?? null,
    mergedFrom: kept.mergedFrom ?? null,
  };
  await writeFile(LAST_RUN, JSON.stringify(report));
  console.log(`\n${consoleReport(report)}\n`);
  if (write) {
    await writeMarkdown(DOC, report);
    console.log(`wrote ${DOC}`);
  } else {
    console.log(
      'docs/benchmarks.md not written (only a full run of everything writes it; --write forces it)',
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
