/**
 * Turns benchmark results into the console tables and docs/benchmarks.md: what was measured
 * and how, on which machine, the numbers, the targets from docs/targets.md and whether they are met.
 */
import { writeFile } from 'node:fs/promises';
import * as prettier from 'prettier';
import type { CatchUpResult } from './catchUp.js';
import type { FanoutResult, FanoutRun, VariantId } from './fanout.js';
import { VARIANTS } from './fanout.js';
import type { Contention, MachineInfo, QuietWait } from './machine.js';
import type { RestoreCase, RestoreResult } from './restore.js';
import type { ScheduleBenchResult } from './schedule.js';
import type { Summary } from './stats.js';
import type { ChatBenchResult } from './chat.js';
import type { FeedScrollResult } from './feedScroll.js';
import type { ObsBenchResult } from './obs.js';
import type { ThroughputResult } from './throughput.js';
import type { WireBenchResult } from './wire.js';
import { fmtMs, fmtRatio } from './stats.js';

export interface BenchReport {
  date: Date;
  quick: boolean;
  machine: MachineInfo;
  loadAverage: { start: number; end: number };
  durationS: number;
  fanout: FanoutResult | null;
  restore: RestoreResult | null;
  /** Absent in reports saved before the journal catch-up benchmark existed. */
  journal?: CatchUpResult | null;
  throughput: ThroughputResult | null;
  /** Absent in reports saved before the OBS benchmark existed. */
  obs?: ObsBenchResult | null;
  chat?: ChatBenchResult | null;
  feed?: FeedScrollResult | null;
  wire?: WireBenchResult | null;
  schedule?: ScheduleBenchResult | null;
  /** With --merge: when the results kept from the earlier run were measured (ISO time). */
  mergedFrom?: string | null;
}

/** docs/targets.md, "Performance": keep the two in step. */
export const TARGETS = {
  fanoutClients: 500,
  fanoutP99Ms: 25,
  fanoutRatio: 1.5,
  restoreReadyMs: 1000,
  obsOverheadMs: 2,
  obsResyncMs: 2000,
  chatIngestPerSecond: 20_000,
  chatLatencyP99Ms: 50,
  feedFps: 55,
  scheduleRecordMs: 1,
} as const;

type Row = string[];

/** One frame at 60 Hz: what a screen may block its main thread for without dropping a frame. */
const FRAME_MS = 1000 / 60;

function markdownTable(header: Row, rows: Row[]): string {
  const line = (cells: Row) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The same table, padded for a terminal. */
function consoleTable(header: Row, rows: Row[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: Row) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const verdict = (met: boolean | null): string =>
  met === null ? 'not measured' : met ? '**met**' : '**not met**';

const p50p99 = (s: Summary): string => `${fmtMs(s.p50)} / ${fmtMs(s.p99)}`;

const pct = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} %` : '–');

/** The ratio target is judged on p99, like the latency target; a p50 ratio above it is worth saying. */
const p50Note = (ratio: number | undefined): string =>
  ratio !== undefined && Math.round(ratio * 100) / 100 > TARGETS.fanoutRatio
    ? ` on p99 (the p50 ratio, ${fmtRatio(ratio)}, is above)`
    : '';

const quietText = (q: QuietWait): string =>
  `${Math.round(q.waitedS)} s, ${q.quiet ? 'quiet' : 'still busy'} (others ${pct(q.otherPct)})`;

const contentionText = (c: Contention): string =>
  `the machine was ${pct(c.busyPct)} busy: this benchmark ${pct(c.oursPct)}, other processes ${pct(c.otherPct)}, ` +
  `hypervisor steal ${pct(c.stealPct)} (shares of all cores' time)`;

function run(result: FanoutResult, clients: number, id: VariantId): FanoutRun | undefined {
  return result.runs.find((r) => r.clients === clients && r.variant.id === id);
}

interface Ratios {
  clients: number;
  e2e: { p50: number; p99: number };
  broadcast: { p50: number; p99: number };
  wireBroadcast: { p50: number; p99: number };
  socketIo: { p50: number; p99: number };
}

function ratios(result: FanoutResult): Ratios[] {
  return result.options.clientCounts.flatMap((clients) => {
    const ws = run(result, clients, 'ws');
    const core = run(result, clients, 'core');
    const wire = run(result, clients, 'core-wire');
    const sio = run(result, clients, 'socket.io');
    if (!ws || !core || !wire || !sio) return [];
    return [
      {
        clients,
        e2e: { p50: core.allClients.p50 / ws.allClients.p50, p99: core.allClients.p99 / ws.allClients.p99 },
        broadcast: {
          p50: core.broadcastAll.p50 / ws.broadcastAll.p50,
          p99: core.broadcastAll.p99 / ws.broadcastAll.p99,
        },
        wireBroadcast: {
          p50: wire.broadcastAll.p50 / ws.broadcastAll.p50,
          p99: wire.broadcastAll.p99 / ws.broadcastAll.p99,
        },
        socketIo: {
          p50: sio.allClients.p50 / ws.allClients.p50,
          p99: sio.allClients.p99 / ws.allClients.p99,
        },
      },
    ];
  });
}

interface Tables {
  targets: { header: Row; rows: Row[] };
  fanoutLatency?: { header: Row; rows: Row[] };
  fanoutBreakdown?: { header: Row; rows: Row[] };
  fanoutRatios?: { header: Row; rows: Row[] };
  fanoutMachine?: { header: Row; rows: Row[] };
  restore?: { header: Row; rows: Row[] };
  journal?: { header: Row; rows: Row[] };
  throughput?: { header: Row; rows: Row[] };
  obs?: { header: Row; rows: Row[] };
  wire?: { header: Row; rows: Row[] };
  schedule?: { header: Row; rows: Row[] };
}

function tables(report: BenchReport): Tables {
  const targets: Row[] = [];
  const out: Tables = {
    targets: { header: ['target (docs/targets.md)', 'measured', 'verdict'], rows: targets },
  };
  const { fanout, restore, throughput } = report;
  const chat = report.chat ?? null;
  if (chat) {
    targets.push(
      [
        `chat ingest (check, batch, classify, dedupe, journal, broadcast to 10 clients) ≥ ${TARGETS.chatIngestPerSecond.toLocaleString('en-US')} messages/s`,
        `${Math.round(chat.coreMedian ?? 0).toLocaleString('en-US')}/s median into a feed grown to ${chat.messages.toLocaleString('en-US')}; ` +
          `until all 10 replicas (9 sharing one process) hold every message: ${Math.round(chat.ingestMedian).toLocaleString('en-US')}/s ` +
          `(bare journal ${Math.round(chat.journalMedian).toLocaleString('en-US')}/s)`,
        verdict((chat.coreMedian ?? 0) >= TARGETS.chatIngestPerSecond),
      ],
      [
        `Slack event → moderator screen at ${chat.latency.ratePerSecond} msg/s, p99 ≤ ${TARGETS.chatLatencyP99Ms} ms`,
        `p50 ${fmtMs(chat.latency.ms.p50)} ms, p99 ${fmtMs(chat.latency.ms.p99)} ms (${chat.latency.messages} messages)`,
        verdict(chat.latency.ms.p99 <= TARGETS.chatLatencyP99Ms),
      ],
    );
  }
  const feed = report.feed ?? null;
  if (feed) {
    targets.push([
      `question feed of ${feed.messages.toLocaleString('en-US')} messages in the browser scrolls at ≥ ${TARGETS.feedFps} fps`,
      `${feed.feedMedian.toFixed(1)} fps median (blank page ${feed.blankMedian.toFixed(1)} fps, ${fmtRatio(feed.feedMedian / feed.blankMedian)}); ≤ ${feed.maxRows} rows in the page`,
      verdict(feed.feedMedian >= TARGETS.feedFps),
    ]);
  }
  const schedule = report.schedule ?? null;
  if (schedule) {
    const s = schedule;
    targets.push([
      `schedule projection of a ${s.segments.toLocaleString('en-US')}-segment rundown, per record (one \`projectSchedule\` call) ≤ ${TARGETS.scheduleRecordMs} ms`,
      `p50 ${fmtMs(s.projectMs.p50)} ms, p99 ${fmtMs(s.projectMs.p99)} ms (${s.records.toLocaleString('en-US')} records × ${s.runs}); ` +
        `a plain pass over the array p50 ${s.passMs.p50.toFixed(4)} ms (${fmtRatio(s.projectMs.p50 / s.passMs.p50)})`,
      verdict(s.projectMs.p50 <= TARGETS.scheduleRecordMs),
    ]);
    out.schedule = {
      header: ['per record', 'p50', 'p99', 'max', 'median of run medians', 'frames at 60 Hz (p50)'],
      rows: [
        [
          `plain pass over the ${s.segments.toLocaleString('en-US')} segments (baseline)`,
          s.passMs.p50.toFixed(4),
          s.passMs.p99.toFixed(4),
          fmtMs(s.passMs.max),
          s.passMedianMs.toFixed(4),
          (s.passMs.p50 / FRAME_MS).toFixed(4),
        ],
        [
          '`projectSchedule(state, now)` (what screens do)',
          fmtMs(s.projectMs.p50),
          fmtMs(s.projectMs.p99),
          fmtMs(s.projectMs.max),
          fmtMs(s.projectMedianMs),
          (s.projectMs.p50 / FRAME_MS).toFixed(3),
        ],
        [
          'ratio',
          fmtRatio(s.projectMs.p50 / s.passMs.p50),
          fmtRatio(s.projectMs.p99 / s.passMs.p99),
          '',
          '',
          '',
        ],
      ],
    };
  }
  const wire = report.wire ?? null;
  if (wire) {
    out.wire = {
      header: [
        'push',
        'frame',
        'JSON.parse (baseline)',
        'zod parse',
        'ratio',
        'readPush (what screens do)',
        'frames at 60 Hz',
      ],
      rows: wire.cases.map((c) => [
        c.name,
        `${(c.bytes / 1e6).toFixed(2)} MB`,
        fmtMs(c.jsonParseMs),
        fmtMs(c.zodParseMs),
        fmtRatio(c.zodParseMs / c.jsonParseMs),
        fmtMs(c.readPushMs),
        (c.readPushMs / FRAME_MS).toFixed(1),
      ]),
    };
  }
  const obs = report.obs ?? null;
  if (obs) {
    out.obs = {
      header: ['operation', 'through the app p50', 'p99', 'obs-websocket-js direct p50', 'p99', 'ratio p50'],
      rows: obs.roundTrip.map((r) => [
        r.operation,
        fmtMs(r.app.p50),
        fmtMs(r.app.p99),
        fmtMs(r.direct.p50),
        fmtMs(r.direct.p99),
        fmtRatio(r.app.p50 / r.direct.p50),
      ]),
    };
    targets.push(
      [
        `app overhead on an OBS command (received → request on the wire) ≤ ${TARGETS.obsOverheadMs} ms`,
        `p50 ${fmtMs(obs.overheadMs.p50)} ms, p99 ${fmtMs(obs.overheadMs.p99)} ms (${obs.overheadMs.count} commands)`,
        verdict(obs.overheadMs.p50 <= TARGETS.obsOverheadMs),
      ],
      [
        `OBS back after a kill -9: listening → resynced ≤ ${TARGETS.obsResyncMs} ms`,
        `median ${fmtMs(obs.resyncMedianMs)} ms, worst ${fmtMs(Math.max(...obs.resyncMs))} ms (${obs.resyncMs.length} restarts)`,
        verdict(Math.max(...obs.resyncMs) <= TARGETS.obsResyncMs),
      ],
    );
  }

  if (throughput) {
    out.throughput = {
      header: [
        `burst of ${throughput.options.commands.toLocaleString('en-US')}`,
        'per second (median)',
        'ms',
        'fdatasync calls',
      ],
      rows: [throughput.journal, throughput.core].map((c) => [
        c.label,
        Math.round(c.perSecond).toLocaleString('en-US'),
        fmtMs(c.ms),
        String(c.datasyncs),
      ]),
    };
  }

  if (fanout) {
    out.fanoutLatency = {
      header: [
        'clients',
        'path',
        'all clients p50',
        'p99',
        'max',
        'per delivery p50',
        'p99',
        'max',
        'missing',
      ],
      rows: fanout.runs.map((r) => [
        String(r.clients),
        r.variant.id,
        fmtMs(r.allClients.p50),
        fmtMs(r.allClients.p99),
        fmtMs(r.allClients.max),
        fmtMs(r.perDelivery.p50),
        fmtMs(r.perDelivery.p99),
        fmtMs(r.perDelivery.max),
        String(r.missing),
      ]),
    };
    out.fanoutBreakdown = {
      header: [
        'clients',
        'path',
        'emit → server has record',
        'server hands frame to all sockets',
        'broadcast start → last client',
        'emit → ack at producer',
      ],
      rows: fanout.runs.map((r) => [
        String(r.clients),
        r.variant.id,
        p50p99(r.toServer),
        p50p99(r.enqueue),
        p50p99(r.broadcastAll),
        p50p99(r.ack),
      ]),
    };
    const rs = ratios(fanout);
    out.fanoutRatios = {
      header: [
        'clients',
        'core / ws, command → all clients (p50, p99)',
        'core / ws, broadcast → all clients (p50, p99)',
        'core with wire-level clients / ws, broadcast → all (p50, p99)',
        'bare socket.io / ws, command → all (p50, p99)',
      ],
      rows: rs.map((r) => [
        String(r.clients),
        `${fmtRatio(r.e2e.p50)}, ${fmtRatio(r.e2e.p99)}`,
        `${fmtRatio(r.broadcast.p50)}, ${fmtRatio(r.broadcast.p99)}`,
        `${fmtRatio(r.wireBroadcast.p50)}, ${fmtRatio(r.wireBroadcast.p99)}`,
        `${fmtRatio(r.socketIo.p50)}, ${fmtRatio(r.socketIo.p99)}`,
      ]),
    };
    out.fanoutMachine = {
      header: [
        'clients',
        'attempts (other processes in each)',
        'waited for quiet before the kept one',
        'machine busy',
        'this benchmark',
        'other processes',
        'hypervisor steal',
        "the cores' fdatasync p50 / p99 / max (calls)",
      ],
      rows: fanout.options.clientCounts.flatMap((clients) => {
        const r = fanout.runs.find((x) => x.clients === clients);
        if (!r) return [];
        const c = r.contention;
        return [
          [
            String(clients),
            `${r.attemptsOtherPct.length} (${r.attemptsOtherPct.map(pct).join(', ')})`,
            quietText(r.quietWait),
            pct(c.busyPct),
            pct(c.oursPct),
            pct(c.otherPct),
            pct(c.stealPct),
            `${p50p99(r.coreDatasync)} / ${fmtMs(r.coreDatasync.max)} (${r.coreDatasync.count})`,
          ],
        ];
      }),
    };
    const n = TARGETS.fanoutClients;
    const core = run(fanout, n, 'core');
    const r = rs.find((x) => x.clients === n);
    const busy =
      core && core.contention.otherPct > 25
        ? ` (other processes took ${pct(core.contention.otherPct)} of the cores)`
        : '';
    targets.push([
      `command → event on all ${n} socket.io clients, p99 ≤ ${TARGETS.fanoutP99Ms} ms`,
      core ? `${fmtMs(core.allClients.p99)} ms (p50 ${fmtMs(core.allClients.p50)} ms)` : '–',
      verdict(core ? core.allClients.p99 <= TARGETS.fanoutP99Ms : null) + busy,
    ]);
    targets.push([
      `… ≤ ${TARGETS.fanoutRatio}× a bare ws broadcast: whole path, command → all clients (core includes validation + journal fdatasync)`,
      r ? `p99 ${fmtRatio(r.e2e.p99)} (p50 ${fmtRatio(r.e2e.p50)})` : '–',
      verdict(r ? r.e2e.p99 <= TARGETS.fanoutRatio : null) + p50Note(r?.e2e.p50) + busy,
    ]);
    targets.push([
      `… ≤ ${TARGETS.fanoutRatio}× a bare ws broadcast: like for like, record ready → all clients`,
      r ? `p99 ${fmtRatio(r.broadcast.p99)} (p50 ${fmtRatio(r.broadcast.p50)})` : '–',
      verdict(r ? r.broadcast.p99 <= TARGETS.fanoutRatio : null) + p50Note(r?.broadcast.p50) + busy,
    ]);
  }

  const journal = report.journal ?? null;
  if (journal) {
    const base = journal.cases.find((c) => c.mode === 'read-stream');
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    out.journal = {
      header: [
        'case',
        'records/s (median)',
        'ms (median)',
        'vs baseline',
        'peak RSS growth, MB',
        'peak buffers growth, MB',
      ],
      rows: journal.cases.map((c) => [
        c.label,
        Math.round(c.medianRecordsPerSecond).toLocaleString('en-US'),
        fmtMs(c.medianMs),
        base ? fmtRatio(c.medianMs / base.medianMs) : '–',
        mb(c.maxRssGrowth),
        mb(c.maxOffHeapGrowth),
      ]),
    };
  }

  if (restore) {
    const base = restore.baseline.medianMs;
    out.restore = {
      header: ['case', 'median ms', 'min', 'max', '× baseline', 'process start → ready (median ms)'],
      rows: restore.cases.map((c) => [
        c.label,
        fmtMs(c.medianMs),
        fmtMs(c.minMs),
        fmtMs(c.maxMs),
        fmtRatio(c.medianMs / base),
        fmtMs(c.medianSinceProcessStartMs),
      ]),
    };
    for (const c of restore.cases.filter((x) => x.isTarget)) {
      targets.push([
        `restore, ${restore.show.records.toLocaleString('en-US')}-record journal, ready ≤ ${TARGETS.restoreReadyMs / 1000} s: ${c.label}`,
        `${fmtMs(c.medianMs)} ms median (${fmtRatio(c.medianMs / base)} the parse baseline)`,
        verdict(c.medianMs <= TARGETS.restoreReadyMs),
      ]);
    }
  }
  return out;
}

export function consoleReport(report: BenchReport): string {
  const t = tables(report);
  const parts: string[] = [];
  const add = (title: string, table?: { header: Row; rows: Row[] }) => {
    if (table && table.rows.length > 0) parts.push(`${title}\n${consoleTable(table.header, table.rows)}`);
  };
  add('Fan-out, ms: command → record', t.fanoutLatency);
  add('Fan-out, ms p50 / p99: where the time goes', t.fanoutBreakdown);
  add('Fan-out ratios to the bare ws baseline', t.fanoutRatios);
  add('Fan-out: CPU use during each measurement (% of all cores)', t.fanoutMachine);
  add('Restore, ms', t.restore);
  add('Journal catch-up from the file', t.journal);
  add('Command throughput (diagnostic)', t.throughput);
  add('OBS round trip, ms', t.obs);
  add('Wire contract: parsing a push, ms (median)', t.wire);
  add('Schedule projection, ms per record', t.schedule);
  add('Targets', t.targets);
  return parts.join('\n\n');
}

function restoreCase(result: RestoreResult, mode: RestoreCase['mode']): RestoreCase | undefined {
  return result.cases.find((c) => c.mode === mode);
}

/** Statements derived from this run's numbers, for "What limits the core". */
function findings(report: BenchReport): string[] {
  const out: string[] = [];
  const { fanout, restore } = report;
  if (fanout) {
    const n = Math.max(...fanout.options.clientCounts);
    const ws = run(fanout, n, 'ws');
    const core = run(fanout, n, 'core');
    const wire = run(fanout, n, 'core-wire');
    if (ws && core && wire) {
      const enqueueRatio = core.enqueue.p50 / ws.enqueue.p50;
      const sameAsWs = enqueueRatio > 0.8 && enqueueRatio < 1.25;
      const biggest = core.enqueue.p50 > core.toServer.p50;
      out.push(
        `**Handing the frame to ${n} sockets ${biggest ? 'is the biggest server-side cost' : 'costs'}` +
          `${sameAsWs ? ', about the same as for ws' : `, ${fmtRatio(enqueueRatio)} what ws takes`}.** ` +
          `The core's broadcast returns after ${p50p99(core.enqueue)} ms (p50 / p99), the bare ws loop after ` +
          `${p50p99(ws.enqueue)} ms. socket.io encodes the packet and the WebSocket frame once per broadcast ` +
          '(`wsPreEncodedFrame`) and then makes one `write()` per socket, as the ws loop does; on loopback each ' +
          "write also runs the receiving side of TCP inside the sender's system call, so part of this is kernel " +
          'work that, on a real network, the crew machines would do.',
      );
      out.push(
        `**Before the broadcast, the core's command path costs ${fmtMs(core.toServer.p50 - ws.toServer.p50)} ms more than ws at p50** ` +
          `(emit → record ready: core ${p50p99(core.toServer)} ms, ws ${p50p99(ws.toServer)} ms, p50 / p99): zod, ` +
          '`decide`, the reducer, encoding the journal line and the write + fdatasync before anyone sees the record. ' +
          `During the measurement the cores' own fdatasync calls took ${p50p99(core.coreDatasync)} ms (p50 / p99, ` +
          `max ${fmtMs(core.coreDatasync.max)}); a bare append + fdatasync before it, ${p50p99(fanout.fsync)} ms. ` +
          'Commands run one at a time, so a slow fdatasync delays every command queued behind it, and fdatasync ' +
          'outliers show up in the p99 of the whole path.',
      );
      const clientGap = core.broadcastAll.p50 - wire.broadcastAll.p50;
      const serverGap = wire.broadcastAll.p50 - ws.broadcastAll.p50;
      out.push(
        `**At p50, socket.io-client's decoding ${clientGap > serverGap ? 'accounts for more of the gap to ws than the server does' : 'is not the main part of the gap to ws'}.** ` +
          `Broadcast start → all ${n} clients: ws ${p50p99(ws.broadcastAll)} ms; the core with wire-level clients ` +
          `(which parse frames as cheaply as the ws clients) ${p50p99(wire.broadcastAll)} ms; the core with ` +
          `socket.io-client ${p50p99(core.broadcastAll)} ms (p50 / p99). Here every client's decoding runs one after ` +
          'another on one event loop; real crew screens each decode only their own frame, in parallel.',
      );
      const share = Math.round((ws.allClients.p50 / TARGETS.fanoutP99Ms) * 100);
      out.push(
        `**${share >= 40 ? 'The absolute target is tight on this machine for any server' : 'The absolute target leaves room on this machine'}:** ` +
          `the bare ws broadcast to ${n} loopback clients alone takes ${p50p99(ws.allClients)} ms command → all ` +
          `clients (p50 / p99); its median is already ${share} % of the ${TARGETS.fanoutP99Ms} ms p99 budget, so ` +
          'any disturbance from other work on the 2 cores pushes p99 past it, for ws as for the core.',
      );
    }
    const problems = fanout.runs.filter((r) => r.missing > 0 || r.seqMismatches > 0);
    for (const r of problems) {
      out.push(
        `**${r.variant.id} at N=${r.clients} lost data:** ${r.missing} deliveries never arrived, ${r.seqMismatches} acks had an unexpected seq.`,
      );
    }
  }
  if (report.throughput) {
    const { core, journal, options } = report.throughput;
    out.push(
      `**Commands cannot share an fdatasync.** \`ShowCore.execute\` runs commands strictly one after another and ` +
        'each waits for its own journal write + fdatasync before the next is decided (it decides against the durable ' +
        `state), so a burst of ${options.commands.toLocaleString('en-US')} commands made ${core.datasyncs} fdatasync calls and ran at ` +
        `${Math.round(core.perSecond).toLocaleString('en-US')}/s, while the journal, given the same appends at once, ` +
        `commits them together (${journal.datasyncs} fdatasync) at ${Math.round(journal.perSecond).toLocaleString('en-US')}/s. ` +
        'For the broadcast latency above this costs nothing (one command at a time), but it caps command throughput at ' +
        'about one per fdatasync, below the chat-ingest target of 20,000 messages/s if each chat message is a command ' +
        '(and far lower on a disk with slow flushes). Deciding against the in-flight state (`Journal.state`), appending ' +
        'without waiting, and acking and broadcasting each record in order once its batch is durable would keep ' +
        '"nobody sees what a crash could undo" and let a burst share fdatasyncs.',
    );
  }
  if (restore) {
    const parse = restore.baseline;
    const apply = restoreCase(restore, 'parse-apply');
    const replay = restoreCase(restore, 'open-replay');
    const snap = restoreCase(restore, 'open-snapshot');
    const noWindow = restoreCase(restore, 'journal-no-window');
    const start = restoreCase(restore, 'start-core');
    if (apply && replay) {
      out.push(
        `**A full replay is bounded below by JSON.parse, and the core adds to it.** Reading and parsing the ` +
          `${(restore.show.bytes / 1e6).toFixed(1)} MB journal alone takes ${fmtMs(parse.medianMs)} ms, with the ` +
          `reducer ${fmtMs(apply.medianMs)} ms; the journal's replay (per-line CRC check, decoding each line from ` +
          `its own buffer slice, seq checks, the resume window) takes ${fmtMs(replay.medianMs)} ms. ` +
          `That is ${Math.round((replay.medianMs / TARGETS.restoreReadyMs) * 100)} % of the 1 s budget, and JSON.parse ` +
          `alone is ${Math.round((parse.medianMs / TARGETS.restoreReadyMs) * 100)} %: replay time grows with the ` +
          'journal, so for longer shows or slower machines the snapshots are what keep a restart inside the target.',
      );
    }
    if (snap && noWindow) {
      out.push(
        `**From a snapshot, ${noWindow.medianMs < snap.medianMs / 2 ? 'most of the time goes' : 'much of the time goes'} to refilling the resume window, not to replay.** ` +
          `ShowCore.open takes ${fmtMs(snap.medianMs)} ms; the same Journal.open without the 10,000-record window ` +
          `takes ${fmtMs(noWindow.medianMs)} ms. The window is read backwards from the snapshot's offset and every ` +
          'record in it is checksummed and JSON-parsed; when the read has to grow (64 KB → 256 KB → 1 MB → 4 MB) the ' +
          'records already decoded are decoded again. Keeping only offsets and decoding on a resume, or decoding ' +
          'once from a single read, would cut it. It is well inside the target either way.',
      );
    }
    if (start && snap) {
      out.push(
        `**startCore adds ${fmtMs(start.medianMs - snap.medianMs)} ms to ShowCore.open** (tokens, HTTP server, ` +
          `socket.io, listen). Measured from process start instead (node, tsx compiling the TypeScript, loading ` +
          `modules), startCore is ready after ${fmtMs(start.medianSinceProcessStartMs)} ms: \`npm run serve\` ` +
          'runs through tsx, and that start-up cost is outside what the target measures.',
      );
    }
  }
  return out;
}

const FANOUT_METHOD = `
- **Servers**, each in its own process (so one variant's broadcast never waits behind another's on an event loop), all on 127.0.0.1:
  - \`ws\`: an \`http\` server with a \`ws\` \`WebSocketServer\` (no compression). On a command from the producer it builds the record, serialises it as exactly the frame socket.io sends (\`42["record",{...}]\`), sends it with \`client.send()\` to every connected client, then acks the producer.
  - \`socket.io\`: a bare socket.io server with the core's options; on \`command\` it emits the same record to a room and acks.
  - \`core\` and \`core-wire\`: two real cores from \`startCore({ port: 0, host: '127.0.0.1' })\`, each on a fresh temp data folder with the default \`snapshotEvery\`, the demo show, and its first segment started. The producer's command is \`adjustTime\` ±1000 ms (alternating), so every command goes through zod, roles, \`decide\`, the journal (write + fdatasync) and the broadcast.
- **Clients**, all in one more process (so their work does not run on a server's event loop; with the active server that makes one busy process per core on a 2-core machine): for every server, N listeners (role viewer for the cores) holding the snapshot, plus one producer. \`ws\` listeners parse the frame with \`JSON.parse\`; \`socket.io\` and \`core\` listeners are real \`socket.io-client\` sockets (\`transports: ['websocket']\`); \`core-wire\` listeners are \`ws\` sockets speaking the socket.io protocol by hand (engine.io v4 open, ping/pong, namespace connect with the token), which do the same per-frame work as the \`ws\` listeners and so show the server side without socket.io-client's cost.
- **Schedule**: every server's clients are connected at once; after a warm-up the producers' commands are interleaved, one command every interval in a shuffled order per round, so every variant sees the same noise from the shared machine. Times are taken with \`process.hrtime\` (CLOCK_MONOTONIC, the same clock in every process; checked at start by timing IPC both ways), the "received" time when the listener's handler runs with the decoded record.
- **Reported**, per command: *all clients* = emit → the last of the N listeners has the record (max over clients), then percentiles over commands; *per delivery* = every (command, client) pair. The breakdown uses two more timestamps taken in the server's process: when the record is ready to broadcast (for the cores, a listener *prepended* on the core's public \`record\` event, i.e. after the journal fdatasync and just before the crew hub broadcasts; for the bare servers, just before they serialise and send) and when the broadcast call returns.
- **Why the ack is not the broadcast time.** The core acks a command after \`commit()\` has emitted \`record\`, and socket.io's broadcast writes to every socket synchronously inside that emit, so the ack frame is written after all N record frames. Emit → ack therefore measures: transfer in + validation + fdatasync + handing N frames to the kernel + one delivery back. It bounds the server's work, but says nothing about when the *other* clients have decoded their copy (here they decode one after another in one process; on real screens in parallel), and it includes the fdatasync that a bare ws broadcast does not do. So the like-for-like comparison with ws is "record ready on the server → last client has it", measured in both with the same clock.
`;

const RESTORE_METHOD = `
- **The show folder**: the NormConf demo rundown as record 1 (as \`ShowCore\` seeds it), then a producer's session made by the real \`decide()\` on the state so far and appended through the real \`Journal\` (so lines, checksums and snapshots are exactly what the core writes): about 45 % \`adjustTime\` ±1 min, 35 % custom or preset messages, clears, pauses/resumes, next segment and jumps, 15 hours of timestamps. Appends are issued in concurrent batches (one write + fdatasync per batch): the first batch is the rundown alone, then batches of \`snapshotEvery\` (1000), so snapshots land at 1001, 2001, … and the newest is followed by 999 records, the most a restore from a snapshot ever replays.
- **Each sample is a fresh process** (\`node --import tsx bench/restoreWorker.ts\`), like a restart: cold JIT, only the OS page cache warm (the file was just written; no cache dropping on a shared machine). The clock starts right before the call and stops when it resolves: \`ShowCore.open\` resolved; \`startCore\` resolved, i.e. the HTTP server is listening. "Process start → ready" is \`performance.now()\` at that moment (node start-up, tsx compiling TypeScript, module loading, then the call).
- **Cases**: the baseline reads the journal with \`readFileSync\` and \`JSON.parse\`s every line; (a) opens the show with its snapshots; (b) opens a copy with the \`snapshots\` folder deleted (full replay; the folder is deleted again before every sample, because a replay writes a fresh snapshot afterwards); (c) is the whole \`startCore\` on the folder with snapshots, the normal restart. Two references help read them: parse + the reducer, and (a) without the resume window.
- **Rounds**: every case runs once per round, rounds repeated; the table gives the median, min and max.
`;

export function markdownReport(report: BenchReport): string {
  const t = tables(report);
  const m = report.machine;
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  const tableOf = (x?: { header: Row; rows: Row[] }) => (x ? markdownTable(x.header, x.rows) : '');
  push(
    '# Benchmarks',
    '',
    `Generated by \`npm run bench${report.quick ? ' -- --quick' : ''}\` on ${report.date.toISOString().slice(0, 16).replace('T', ' ')} UTC; rerun it rather than edit this file. ` +
      'The targets are those of [targets.md](targets.md) ("Performance"). These machines are shared and noisy, so every ' +
      'result is shown beside a baseline measured in the same run, and ratios matter more than absolute numbers.' +
      (report.mergedFrom
        ? ` This file merges runs (\`--merge\`): the last benchmark run on the date above, the others kept from earlier runs on the same machine since ${report.mergedFrom.slice(0, 16).replace('T', ' ')} UTC; load and duration below are the last run's.`
        : ''),
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpuModel}, ${m.cores} cores available${m.virtualized ? ` (virtual machine, ${m.virtualized})` : ''}, ${m.arch}`,
    `- RAM: ${m.ramGiB.toFixed(1)} GiB`,
    `- OS: ${m.os}, kernel ${m.kernel}`,
    `- Node ${m.node}; ${Object.entries(m.libraries)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `- Load average (1 min) at start ${report.loadAverage.start.toFixed(2)}, at end ${report.loadAverage.end.toFixed(2)}` +
      ` (${m.cores} cores: above ${m.cores} means other work was competing for the CPU); the whole run took ${Math.round(report.durationS)} s`,
    '',
    '## Targets',
    '',
    tableOf(t.targets),
    '',
  );
  if (report.fanout) {
    const f = report.fanout;
    const frame = f.runs.find((r) => r.variant.id === 'core')?.frameBytes ?? 0;
    const complete = f.runs.every((r) => r.missing === 0 && r.seqMismatches === 0);
    push(
      '## 1. Fan-out: command → record on every crew client',
      '',
      'Paths (the `path` column):',
      '',
      ...VARIANTS.map((v) => `- \`${v.id}\`: ${v.label}`),
      '',
      `${f.options.commands} measured commands per variant and client count (after ${f.options.warmup} warm-up commands), ` +
        `one command every ${f.options.intervalMs} ms across all variants, N = ${f.options.clientCounts.join(', ')} listening clients. ` +
        `A record frame is ${frame} bytes. All times in ms. ` +
        (complete
          ? 'Every listener got every record, and every ack carried the expected seq.'
          : 'Some records or acks went missing: see "What limits the core".'),
      '',
      '### How it is measured',
      FANOUT_METHOD,
      '### Command → record',
      '',
      tableOf(t.fanoutLatency),
      '',
      '### Where the time goes (p50 / p99)',
      '',
      tableOf(t.fanoutBreakdown),
      '',
      '### Ratios to the bare ws broadcast',
      '',
      tableOf(t.fanoutRatios),
      '',
      '### How busy the machine was',
      '',
      'Before each client count the benchmark waits (up to `--max-wait` seconds, 120 by default) for 3 s in which ' +
        'other processes use ≤ 25 % of the cores, then measures anyway. If other processes took more than 25 % during ' +
        'the measurement, it measures that client count again (at most 3 attempts in a full run) and keeps the least ' +
        "disturbed attempt: the choice depends only on the machine's load, never on the latencies. The other columns " +
        'describe the kept attempt, from CPU time in ' +
        '`/proc/stat` over the measured phase, as a share of all cores: "this benchmark" is the server and clients ' +
        'processes\' own CPU time, "other processes" the rest (tests, browsers and OBS of other work on this shared ' +
        `machine). Whatever other processes take, the benchmark cannot have on ${report.machine.cores} cores; it shows up in p99 and max. ` +
        "The last column times every fdatasync the two cores made from the warm-up on (the journal's, one per " +
        "command), by wrapping `FileHandle.prototype.datasync` in the cores' processes: the disk's share " +
        "of the core's latency, seen from outside.",
      '',
      tableOf(t.fanoutMachine),
      '',
      `Shared clock check: IPC one-way ${f.clockCheck.toChildMs.toFixed(3)} ms to the clients' process and ${f.clockCheck.toParentMs.toFixed(3)} ms back (both must be ≥ 0). ` +
        `Append + fdatasync of a 150-byte line in the OS temp folder, where the cores' data lives: ${p50p99(f.fsync)} ms (p50 / p99), max ${fmtMs(f.fsync.max)} ms.`,
      '',
    );
  }
  if (report.restore) {
    const r = report.restore;
    const counts = Object.entries(r.show.eventCounts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
      .join(', ');
    push(
      '## 2. Restore after restart',
      '',
      `A journal of ${r.show.records.toLocaleString('en-US')} records (${r.show.events.toLocaleString('en-US')} events: ${counts}), ` +
        `${(r.show.bytes / 1e6).toFixed(1)} MB, built in ${(r.show.buildMs / 1000).toFixed(1)} s; newest snapshot at seq ${r.show.lastSnapshotSeq}. ` +
        `${r.options.runs} samples per case.`,
      '',
      '### How it is measured',
      RESTORE_METHOD,
      '### Results',
      '',
      tableOf(t.restore),
      '',
      `Before the samples the benchmark waited ${quietText(r.quietWait)} for other processes to use ≤ 25 % of the ` +
        `cores; while they ran, ${contentionText(r.contention)}.`,
      '',
    );
  }
  if (report.journal) {
    const j = report.journal;
    push(
      '## 2b. Journal catch-up from the file',
      '',
      `A backup that joins late gets every record from the primary's journal file (\`Journal.durableRecordsSince\`, used by \`core/replication.ts\`). ` +
        `A journal of ${j.options.records.toLocaleString('en-US')} records with a ${j.options.payload}-character event each, ${(j.bytes / 1e6).toFixed(0)} MB, ` +
        "written with the journal's own line encoder; each sample is a fresh process started with `--expose-gc`, and memory growth is the peak, sampled after every chunk, " +
        'over a collected heap taken just before the read (after `Journal.open`, which replays the file). The catch-up streams the file in 4 MiB chunks and hands ' +
        'records to the caller in batches of about 256 KiB before reading on, so growth stays at a few chunks whatever the file size; the baseline is a plain ' +
        `\`fs.createReadStream\` over the same file with the same chunk size, counting lines. ${j.options.runs} samples per case, interleaved; the growth columns are the largest of them.`,
      '',
      tableOf(t.journal),
      '',
    );
  }
  if (report.throughput) {
    const tp = report.throughput;
    push(
      '## 3. Command throughput (diagnostic)',
      '',
      `Not one of the targets (docs/targets.md), but it bounds one (chat ingest ≥ 20,000 messages/s). ${tp.options.commands.toLocaleString('en-US')} ` +
        '`sendMessage` commands issued at once to `ShowCore.execute` on a fresh demo show (in this process, no network), ' +
        'against the same number of `messageSent` records appended at once straight to a `Journal`, the baseline for ' +
        `what the disk allows. Median of ${tp.options.runs} bursts. fdatasync calls are counted with the same probe as ` +
        "above (the core's count includes the demo rundown written when the show is created).",
      '',
      tableOf(t.throughput),
      '',
    );
  }
  if (report.obs) {
    const o = report.obs;
    push(
      '## 4. OBS: overhead per command, and back after a restart',
      '',
      `Against Debian's OBS ${o.obsVersion} (obs-websocket 5.1) under Xvfb on this machine, with the Cut transition so the numbers are about the software, not a fade. ` +
        'A transparent websocket proxy between the core and OBS, in the benchmark process, stamps every request frame with the same clock that stamps the command ' +
        "as the core's command path receives it (`ShowCore.execute`), so the overhead is the app's own work from a received command to the first request on the wire. " +
        `${o.commands} commands of each kind from a real producer socket; the same requests are then made with obs-websocket-js directly. ` +
        "The app's round trip also includes the crew socket both ways and the journal fdatasync of the `obsCommandApplied` record before the ack; " +
        'the direct one is the bare OBS requests.',
      '',
      `- App overhead, command received → first request to OBS: p50 ${fmtMs(o.overheadMs.p50)} ms, p99 ${fmtMs(o.overheadMs.p99)} ms, max ${fmtMs(o.overheadMs.max)} ms.`,
      `- OBS killed with SIGKILL and started again on the same port, ${o.resyncMs.length} times: listening → mirror fully resynced ${o.resyncMs.map((ms) => `${fmtMs(ms)} ms`).join(', ')} (median ${fmtMs(o.resyncMedianMs)} ms). ` +
        'Most of it is waiting for the next reconnect attempt (backoff capped at 1 s); the resync itself takes a few ms.',
      '',
      tableOf(t.obs),
      '',
    );
  }
  if (report.chat) {
    const c = report.chat;
    push(
      '## 5. Chat: ingest throughput and Slack → moderator latency',
      '',
      `Ingest: ${c.messages.toLocaleString('en-US')} YouTube-shaped messages handed to \`ShowCore.ingestChat\` in batches of 50 per event-loop turn, as fast as the core takes them; ` +
        "timed until 10 socket.io clients (moderator, MC and producer tokens, full replicas) have applied every record. One client runs in the core's process, nine in a process of their own " +
        '(`bench/chatClients.ts`), as screens on other machines would; on this 2-core machine they still share the cores with the core. ' +
        'Each operation is checked with zod, batched (a chat record at most every 10 ms), classified, ' +
        'deduplicated, journaled with fdatasync, applied and broadcast. Baseline in the same run: the same operations appended to a bare `Journal` with a no-op reducer. ' +
        `Runs: ${c.ingestPerSecond.map((v) => Math.round(v).toLocaleString('en-US')).join(', ')} messages/s until every replica held them all (${c.records} records in the last run); ` +
        `the core itself had journaled and broadcast them at ${(c.corePerSecond ?? []).map((v) => Math.round(v).toLocaleString('en-US')).join(', ')} messages/s ` +
        "(the target is judged on this rate: the path it names ends at the broadcast; the replicas' rate is nine screens' decoding and reducing done on one of this machine's two cores, so each replica kept up at about nine times it); " +
        `${c.journalPerSecond.map((v) => Math.round(v).toLocaleString('en-US')).join(', ')} messages/s into the bare journal.`,
      '',
      `Latency: messages posted into the fake Slack at ${c.latency.ratePerSecond}/s (Socket Mode envelopes over a websocket to the real \`SocketModeClient\` in the core) until a moderator client has them: ` +
        `p50 ${fmtMs(c.latency.ms.p50)} ms, p99 ${fmtMs(c.latency.ms.p99)} ms, max ${fmtMs(c.latency.ms.max)} ms.`,
      '',
      'How the feed keeps up: the state is immutable, so each chat record makes a new feed. Messages are stored in 2,048 hash buckets plus pages of ids in arrival order (`shared/feedMessages.ts`), ' +
        'so a record copies the bucket array and only the buckets and the page it touches, not all the messages (the first version copied a map of every message per record and managed 4,300–9,400 messages/s into one client). ' +
        'New entries are built field by field: V8 makes `{ ...message, more }` a slow dictionary-mode object, about 100 times slower to create and slower to copy and serialise afterwards.',
      '',
    );
  }
  if (report.feed) {
    const f = report.feed;
    push(
      '## 6. The moderator feed scrolling in Chromium',
      '',
      `${f.messages.toLocaleString('en-US')} messages in a real core, the moderator page open in Debian's Chromium (headless, 1440×900). ` +
        `A requestAnimationFrame loop scrolls the feed 120 px a frame for ${f.seconds} s and counts frames; the baseline is the same loop on a blank page in the same browser, ` +
        "which is the most this machine's headless Chromium renders at all. " +
        `Runs: feed ${f.feedFps.map((v) => v.toFixed(1)).join(', ')} fps; blank ${f.blankFps.map((v) => v.toFixed(1)).join(', ')} fps. ` +
        `The list is virtualised: at most ${f.maxRows} rows were in the page.`,
      '',
    );
  }
  if (report.wire) {
    const w = report.wire;
    push(
      '## 7. Wire contract: what checking a snapshot costs a screen',
      '',
      `A real core with the demo show and a question feed of ${w.messages.toLocaleString('en-US')} messages (filled as in section 6); ` +
        'its `snapshot` push is serialised with `JSON.stringify`, as socket.io does, and timed on the receiving side in one process: ' +
        '`JSON.parse` of the frame alone (the baseline: socket.io-client does it before any check), the full zod parse of `SnapshotMessage` (feed included) on the parsed object, ' +
        "and `readPush('snapshot', …)`, which is what every screen runs today (`renderer/connection/pushes.ts`). " +
        `All times in ms. The three take turns within each round; median of ${w.runs} rounds (ten times as many for the small cases), after warm-up rounds. ` +
        `Also timed: the snapshot a viewer screen gets (stage timer, overlays: no chat), and the core's last record, one chat batch of ${w.recordMessages.toLocaleString('en-US')} messages. ` +
        `"Frames at 60 Hz" is the readPush time in ${FRAME_MS.toFixed(1)} ms frames. The decision drawn from it is in docs/protocol.md ("Wire contract").`,
      '',
      tableOf(t.wire),
      '',
    );
  }
  if (report.schedule) {
    const s = report.schedule;
    push(
      '## 8. Schedule projection per record',
      '',
      `Every screen derives the offset and the expected times from the state (docs/schedule.md), so after each record it calls \`projectSchedule\` once. ` +
        `A ${s.segments.toLocaleString('en-US')}-segment rundown (${s.sessions} sessions of 10, each after the first opening on a hard start: ${s.hardStarts} hard starts) is run as a show: ` +
        'every segment started in turn through `decide` (so each start carries its `expectedAt`), with time added, a pause and a resume between starts, ' +
        `${s.records.toLocaleString('en-US')} records in all. After each record, in this process, the benchmark times the baseline, one plain pass over the ${s.segments.toLocaleString('en-US')}-segment array ` +
        "(summing planned lengths, counting planned starts), and then `projectSchedule(state, now)` on the same state: the two take turns, so the machine's noise falls on both. " +
        `${s.runs} runs over every record after an untimed one; all times in ms, per record, every run pooled. The target is judged on p50: on this shared 2-core machine a ` +
        "call is sometimes pre-empted by other processes, which the p99 and max show (the baseline's max too), and each call allocates two objects per segment " +
        '(its plan and its projection), so every few dozen calls one of them also pays for a minor GC.',
      '',
      tableOf(t.schedule),
      '',
    );
  }
  const found = findings(report);
  if (found.length > 0) {
    push('## What limits the core', '', ...found.map((f) => `- ${f}`), '');
  }
  push(
    '## Caveats',
    '',
    '- **One machine plays every part.** The servers and the clients share the same 2 cores (one process each; only one server is busy at a time) and talk over loopback. Each listener here decodes its frame one after another on one event loop, so "all clients" grows with N partly because of the clients, which real screens, each decoding its own frame, would not do. The ws baseline has the same handicap with a cheaper client, which is why the wire-level variant is there.',
    '- **Noise.** Other work on the shared machine shows up in p99 and max. The benchmark waits for a quiet moment before each measurement and reports how busy the machine was during it; variants are interleaved so what noise remains falls on all of them alike. Compare ratios within a run (p50 ratios are the steadiest), and rerun before trusting a single p99.',
    "- **Disk.** The cores fdatasync every command to the OS temp folder on this machine's virtual disk. A laptop SSD with a real flush can be slower; the fsync line above is the number to compare.",
    '- **Page cache.** Restore samples read a journal that was just written, so it is in the page cache: this is a restart, not a cold boot.',
    '- **Quick mode** (`--quick`) runs fewer commands and samples; its p99 is close to its max. Only a full run writes this file unless `--write` is given.',
    '',
    '## Running',
    '',
    '```sh',
    'npm run bench                          # everything, writes docs/benchmarks.md',
    'npm run bench -- --quick               # fewer commands and samples, prints only',
    'npm run bench -- --only=fanout         # or restore, journal, throughput, obs, chat, feed, wire, schedule (also BENCH_ONLY=restore)',
    'npm run bench -- --only=obs --merge    # measure one, keep the rest of the last run, write this file',
    'npm run bench -- --clients=10,100,500  # fan-out client counts',
    'npm run bench -- --max-wait=0          # do not wait for other processes to quiet down',
    'npm run bench -- --write / --no-write  # force writing this file, or not',
    'npm run bench -- --from-json= --write  # render the last run again without measuring',
    '```',
    '',
  );
  return lines.join('\n');
}

export async function writeMarkdown(file: string, report: BenchReport): Promise<void> {
  const config = (await prettier.resolveConfig(file)) ?? {};
  const text = await prettier.format(markdownReport(report), { ...config, filepath: file });
  await writeFile(file, text);
}
