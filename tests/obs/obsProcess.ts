import { freePort } from '../core/harness.js';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OBSWebSocket } from 'obs-websocket-js/json';

/**
 * A real OBS for tests: Debian's obs-studio under its own Xvfb, in a throwaway HOME, with the
 * websocket on a free port behind a password. One per test file; it can be SIGKILLed and started
 * again on the same port, and stop() leaves no process behind.
 */

export { freePort };

export const IN_CI = process.env.CI === 'true';

function findExecutable(name: string, override: string | undefined): string | null {
  const candidates = override
    ? [override]
    : (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

export interface ObsCheck {
  usable: boolean;
  reason: string;
  obsPath: string | null;
  xvfbPath: string | null;
}

export function checkObs(): ObsCheck {
  const obsPath = findExecutable('obs', process.env.OBS_PATH);
  const xvfbPath = findExecutable('Xvfb', process.env.XVFB_PATH);
  const missing = [
    !obsPath && 'obs (Debian package "obs-studio")',
    !xvfbPath && 'Xvfb (Debian package "xvfb")',
  ].filter(Boolean);
  return {
    usable: missing.length === 0,
    reason: missing.length ? `not installed: ${missing.join(', ')}` : '',
    obsPath,
    xvfbPath,
  };
}

/**
 * Whether the real-OBS tests run. Off CI a missing OBS skips them with a note; under CI=true they
 * run anyway and fail in ObsProcess.start, so a broken install never passes as green.
 */
export function obsForTests(): ObsCheck & { run: boolean } {
  const check = checkObs();
  if (!check.usable && !IN_CI) console.warn(`[obs] skipping tests against a real OBS: ${check.reason}`);
  return { ...check, run: check.usable || IN_CI };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The scheduler state letter of each thread of a process (Linux /proc). */
function threadStates(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    });
  } catch {
    return [];
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ObsProcessOptions {
  password?: string;
}

export class ObsProcess {
  private obs: ChildProcess | null = null;
  private xvfb: ChildProcess | null = null;
  private display = '';
  private readonly seenPids = new Set<number>();
  private starts = 0;

  private constructor(
    readonly home: string,
    readonly port: number,
    readonly password: string,
    private readonly check: ObsCheck,
  ) {}

  /** Starts Xvfb and OBS and resolves once the websocket port answers. */
  static async start(options: ObsProcessOptions = {}): Promise<ObsProcess> {
    const check = checkObs();
    if (!check.usable) throw new Error(`a real OBS is required for these tests: ${check.reason}`);
    const home = await mkdtemp(path.join(tmpdir(), 'showcaller-obs-'));
    const proc = new ObsProcess(home, await freePort(), options.password ?? 'test-password-1234', check);
    try {
      proc.writeConfig();
      await proc.startXvfb();
      await proc.startObs();
    } catch (error) {
      await proc.stop();
      throw error;
    }
    return proc;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get settings(): { host: string; port: number; password: string } {
    return { host: '127.0.0.1', port: this.port, password: this.password };
  }

  get obsPid(): number | null {
    return this.obs?.pid ?? null;
  }

  /** Every pid this harness started (OBS instances and Xvfb) that is still running. */
  alivePids(): number[] {
    return [...this.seenPids].filter(isAlive);
  }

  /**
   * OBS's whole config in a temporary HOME. FirstRun=true is what keeps the Auto-Configuration
   * Wizard away (without it the wizard opens about 2 s after start; LastVersion is not needed).
   * FirstLoad=false keeps obs-websocket from generating its own password.
   */
  private writeConfig(): void {
    const config = path.join(this.home, '.config', 'obs-studio');
    mkdirSync(path.join(config, 'basic', 'profiles', 'Showcaller'), { recursive: true });
    mkdirSync(path.join(config, 'basic', 'scenes'), { recursive: true });
    mkdirSync(path.join(this.home, 'recordings'), { recursive: true });
    writeFileSync(
      path.join(config, 'global.ini'),
      [
        '[General]',
        'FirstRun=true',
        'EnableAutoUpdates=false',
        'WarnBeforeStartingStream=false',
        'WarnBeforeStoppingStream=false',
        'WarnBeforeStoppingRecord=false',
        '',
        '[Basic]',
        'Profile=Showcaller',
        'ProfileDir=Showcaller',
        'SceneCollection=Showcaller',
        'SceneCollectionFile=Showcaller',
        '',
        '[OBSWebSocket]',
        'FirstLoad=false',
        'ServerEnabled=true',
        `ServerPort=${this.port}`,
        'AuthRequired=true',
        `ServerPassword=${this.password}`,
        'AlertsEnabled=false',
        '',
      ].join('\n'),
    );
    // A small canvas keeps a 2-core machine's CPU for the tests.
    writeFileSync(
      path.join(config, 'basic', 'profiles', 'Showcaller', 'basic.ini'),
      [
        '[General]',
        'Name=Showcaller',
        '',
        '[Video]',
        'BaseCX=640',
        'BaseCY=360',
        'OutputCX=640',
        'OutputCY=360',
        'FPSCommon=30',
        '',
        '[Output]',
        'Mode=Simple',
        '',
        '[SimpleOutput]',
        `FilePath=${path.join(this.home, 'recordings')}`,
        'RecFormat=mkv',
        '',
      ].join('\n'),
    );
  }

  /** Xvfb picks a free display itself (-displayfd) and writes its number to fd 3. */
  private async startXvfb(): Promise<void> {
    const xvfb = spawn(
      this.check.xvfbPath!,
      ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'],
      {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      },
    );
    this.xvfb = xvfb;
    if (xvfb.pid) this.seenPids.add(xvfb.pid);
    let stderr = '';
    xvfb.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const displayStream = xvfb.stdio[3] as NodeJS.ReadableStream;
    this.display = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 10 s: ${stderr}`)), 10_000);
      displayStream.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) {
          clearTimeout(timer);
          resolve(`:${text.trim()}`);
        }
      });
      xvfb.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Xvfb exited (${code}): ${stderr}`));
      });
    });
  }

  private logPath(): string {
    return path.join(this.home, `obs-${this.starts}.log`);
  }

  /** Starts OBS and waits for its websocket port. Resolves with when it first answered (performance.now()). */
  private async startObs(): Promise<number> {
    this.starts += 1;
    const log = openSync(this.logPath(), 'a');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: this.home,
      XDG_CONFIG_HOME: path.join(this.home, '.config'),
      DISPLAY: this.display,
      QT_QPA_PLATFORM: 'xcb',
      LIBGL_ALWAYS_SOFTWARE: '1',
    };
    delete env.WAYLAND_DISPLAY;
    delete env.XDG_SESSION_TYPE;
    // --multi: OBS's single-instance check is machine-wide (not per HOME), and would show a
    // modal "already running" dialog if anything else on this machine runs OBS.
    const obs = spawn(this.check.obsPath!, ['--multi', '--disable-shutdown-check', '--minimize-to-tray'], {
      cwd: this.home,
      env,
      // Its own process group, so a kill reaches anything it spawned (obs-ffmpeg-mux while recording).
      detached: true,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.obs = obs;
    if (obs.pid) this.seenPids.add(obs.pid);
    return this.waitForPort(obs);
  }

  private async waitForPort(obs: ChildProcess): Promise<number> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (obs.exitCode !== null || obs.signalCode !== null) {
        throw new Error(
          `OBS exited before listening (${obs.exitCode ?? obs.signalCode}):\n${this.logTail()}`,
        );
      }
      if (await canConnect(this.port)) return performance.now();
      await sleep(20);
    }
    throw new Error(`OBS did not open port ${this.port} within 60 s:\n${this.logTail()}`);
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.logPath(), 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no OBS log)';
    }
  }

  /** kill -9 of OBS (and whatever it spawned), as a crash would. */
  async kill(): Promise<void> {
    const obs = this.obs;
    if (!obs?.pid) return;
    try {
      process.kill(-obs.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited(obs);
    this.obs = null;
  }

  /**
   * Freezes OBS (SIGSTOP): the socket stays open and nothing answers. Resolves once every OBS
   * thread has stopped; the signal lands asynchronously, and its websocket thread would otherwise
   * still answer a request sent right after.
   */
  async freeze(): Promise<void> {
    const pid = this.obs?.pid;
    if (!pid) return;
    process.kill(pid, 'SIGSTOP');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      if (threadStates(pid).every((state) => state === 'T' || state === 't')) return;
      await sleep(5);
    }
    throw new Error(`OBS (pid ${pid}) did not stop within 5 s`);
  }

  thaw(): void {
    if (this.obs?.pid) process.kill(this.obs.pid, 'SIGCONT');
  }

  /** Starts OBS again on the same port and config. Resolves with when it listened (performance.now()). */
  async restart(): Promise<number> {
    if (this.obs) await this.kill();
    return this.startObs();
  }

  /** Stops OBS and Xvfb and removes the temporary HOME. Safe to call twice. */
  async stop(): Promise<void> {
    const obs = this.obs;
    if (obs?.pid) {
      try {
        process.kill(-obs.pid, 'SIGCONT');
        process.kill(-obs.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const gone = await Promise.race([exited(obs).then(() => true), sleep(5_000).then(() => false)]);
      if (!gone) await this.kill();
    }
    this.obs = null;
    const xvfb = this.xvfb;
    if (xvfb?.pid) {
      xvfb.kill('SIGTERM');
      const gone = await Promise.race([exited(xvfb).then(() => true), sleep(3_000).then(() => false)]);
      if (!gone) {
        xvfb.kill('SIGKILL');
        await exited(xvfb);
      }
    }
    this.xvfb = null;
    await rm(this.home, { recursive: true, force: true });
  }

  /** A plain obs-websocket-js client, separate from the code under test, for setup and read-backs. */
  async client(): Promise<OBSWebSocket> {
    const client = new OBSWebSocket();
    await client.connect(this.url, this.password);
    return client;
  }
}

/** The scenes and inputs the tests use; safe to run again (after a restart lost unsaved scenes). */
export async function setUpTestScenes(client: OBSWebSocket): Promise<void> {
  const { scenes } = await client.call('GetSceneList');
  const have = new Set(scenes.map((scene) => scene.sceneName));
  for (const sceneName of ['Main', 'Break', 'Speaker']) {
    if (!have.has(sceneName)) await client.call('CreateScene', { sceneName });
  }
  const { inputs } = await client.call('GetInputList');
  if (!inputs.some((input) => input.inputName === 'LowerThird')) {
    await client.call('CreateInput', {
      sceneName: 'Main',
      inputName: 'LowerThird',
      inputKind: 'text_ft2_source_v2',
      inputSettings: { text: 'Showcaller' },
      sceneItemEnabled: true,
    });
  }
  // Set the transition explicitly: tests must not depend on OBS's defaults.
  await client.call('SetCurrentSceneTransition', { transitionName: 'Fade' });
  await client.call('SetCurrentSceneTransitionDuration', { transitionDuration: 300 });
}
