import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { monoMs } from './stats.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  kernel: string;
  arch: string;
  virtualized: string | null;
  libraries: Record<string, string>;
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
    if (pretty) return pretty;
  } catch {
    // Not Linux, or no os-release: fall back to what Node knows.
  }
  return `${os.type()} ${os.release()}`;
}

const readOr = (file: string, fallback: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
};

/** Whether the CPU reports running under a hypervisor (Linux only), and whose if known. */
function hypervisor(): string | null {
  if (!/^flags\s*:.*\bhypervisor\b/m.test(readOr('/proc/cpuinfo', ''))) return null;
  return readOr('/sys/class/dmi/id/sys_vendor', '').trim() || 'hypervisor not named';
}

function versionOf(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** Read when the benchmark runs, never assumed. */
export function readMachine(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    ramGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: osName(),
    kernel: os.release(),
    arch: os.arch(),
    virtualized: hypervisor(),
    libraries: Object.fromEntries(
      ['socket.io', 'socket.io-client', 'ws'].map((name) => [name, versionOf(name)]),
    ),
  };
}

/** 1-minute load average, a hint of how busy the shared machine was. */
export function loadAverage(): number {
  return os.loadavg()[0] ?? NaN;
}

/** System-wide CPU time so far, all cores together. */
export interface CpuTimes {
  at: number;
  busyMs: number;
  stealMs: number;
}

let clockTicksPerSecond: number | null = null;

function ticksPerSecond(): number {
  if (clockTicksPerSecond === null) {
    try {
      clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

export function cpuTimes(): CpuTimes {
  const at = monoMs();
  const line = /^cpu\s+(.*)$/m.exec(readOr('/proc/stat', ''))?.[1];
  if (line) {
    // user nice system idle iowait irq softirq steal …
    const f = line.trim().split(/\s+/).map(Number);
    const msPerTick = 1000 / ticksPerSecond();
    const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0);
    return { at, busyMs: busy * msPerTick, stealMs: (f[7] ?? 0) * msPerTick };
  }
  const busyMs = os
    .cpus()
    .reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
  return { at, busyMs, stealMs: 0 };
}

/** This process's CPU time so far (all its threads), ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** How much of the machine was busy during a measurement, and how much of that was not us. */
export interface Contention {
  /** Share of all cores' time, in %. */
  busyPct: number;
  oursPct: number;
  otherPct: number;
  /** Time the hypervisor gave to other guests, in % of all cores' time. */
  stealPct: number;
}

export function contention(before: CpuTimes, after: CpuTimes, ourCpuMs: number): Contention {
  const capacity = (after.at - before.at) * os.availableParallelism();
  const busy = after.busyMs - before.busyMs;
  const pct = (ms: number) => (capacity > 0 ? (100 * ms) / capacity : NaN);
  return {
    busyPct: pct(busy),
    oursPct: pct(ourCpuMs),
    otherPct: pct(Math.max(0, busy - ourCpuMs)),
    stealPct: pct(after.stealMs - before.stealMs),
  };
}

export interface QuietWait {
  waitedS: number;
  /** Other processes' share of all cores in the last sample window, %. */
  otherPct: number;
  quiet: boolean;
}

/**
 * On a shared machine, waits (up to `maxWaitS`) for a few seconds in which other processes use
 * at most `thresholdPct` of all cores, so a measurement does not start in the middle of
 * someone's test run. Measures anyway when it does not come.
 */
export async function waitForQuiet(
  maxWaitS: number,
  thresholdPct: number,
  log: (line: string) => void,
): Promise<QuietWait> {
  const start = monoMs();
  let told = false;
  for (;;) {
    const before = cpuTimes();
    const ownBefore = ownCpuMs();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const otherPct = contention(before, cpuTimes(), ownCpuMs() - ownBefore).otherPct;
    const waitedS = (monoMs() - start) / 1000;
    if (otherPct <= thresholdPct) return { waitedS, otherPct, quiet: true };
    if (waitedS >= maxWaitS) {
      log(
        `machine still busy (other processes ${otherPct.toFixed(0)} % of all cores) after ${waitedS.toFixed(0)} s; measuring anyway`,
      );
      return { waitedS, otherPct, quiet: false };
    }
    if (!told) {
      log(
        `other processes use ${otherPct.toFixed(0)} % of all cores; waiting up to ${maxWaitS} s for ≤ ${thresholdPct} %`,
      );
      told = true;
    }
  }
}
