/**
 * OBS benchmarks, against Debian's real OBS under Xvfb (the harness the OBS tests use):
 *
 * 1. The app's own overhead on an OBS command: from the moment the core's command path receives
 *    it (ShowCore.execute, called by the crew hub) to the first obs-websocket request frame on
 *    the wire. A transparent websocket proxy between the core and OBS, in this process, stamps
 *    every frame with the same clock. Target ≤ 2 ms.
 * 2. The round trip of the same operation through the app (crew socket → core → OBS → read
 *    back → ack) and with obs-websocket-js called directly (the same requests), in the same run.
 * 3. OBS killed with SIGKILL and restarted: from OBS listening again to the core's mirror being
 *    fully resynced. Target ≤ 2 s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OBSWebSocket } from 'obs-websocket-js/json';
import { WebSocket, WebSocketServer } from 'ws';
import type { RunningCore } from '../core/server.js';
import { startCore } from '../core/server.js';
import { CrewClient } from '../tests/core/harness.js';
import { ObsProcess, obsForTests, setUpTestScenes } from '../tests/obs/obsProcess.js';
import type { Summary } from './stats.js';
import { median, sleep, summarize } from './stats.js';

export interface ObsBenchResult {
  obsVersion: string;
  commands: number;
  /** Command received by the core → first request frame to OBS. */
  overheadMs: Summary;
  roundTrip: Array<{ operation: string; app: Summary; direct: Summary }>;
  /** OBS listening again → mirror resynced, per restart. */
  resyncMs: number[];
  resyncMedianMs: number;
}

/** A websocket proxy that forwards every frame unchanged and remembers when requests went by. */
async function startProxy(
  target: string,
): Promise<{ url: string; requestTimes: number[]; close: () => Promise<void> }> {
  const requestTimes: number[] = [];
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (downstream, req) => {
    const upstream = new WebSocket(
      target,
      req.headers['sec-websocket-protocol']?.split(',').map((p) => p.trim()),
    );
    const pending: Array<[Buffer, boolean]> = [];
    upstream.on('open', () => {
      for (const [data, binary] of pending.splice(0)) upstream.send(data, { binary });
    });
    downstream.on('message', (data: Buffer, binary) => {
      // op 6 is an obs-websocket Request; stamp it before forwarding, as the wire would see it.
      if (!binary && data.includes('"op":6')) requestTimes.push(performance.now());
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary });
      else pending.push([data, binary]);
    });
    upstream.on('message', (data: Buffer, binary) => downstream.send(data, { binary }));
    upstream.on('close', () => downstream.close());
    downstream.on('close', () => upstream.close());
    upstream.on('error', () => downstream.terminate());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    requestTimes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export async function runObsBench(options: {
  commands: number;
  restarts: number;
  log: (line: string) => void;
}): Promise<ObsBenchResult> {
  const availability = obsForTests();
  if (!availability.run) throw new Error(`OBS benchmark needs OBS and Xvfb: ${availability.reason}`);
  const proc = await ObsProcess.start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'showcaller-bench-obs-'));
  let running: RunningCore | null = null;
  let direct: OBSWebSocket | null = null;
  let producer: CrewClient | null = null;
  const proxy = await startProxy(proc.url);
  try {
    direct = await proc.client();
    await setUpTestScenes(direct);
    // Cut, so the round trip measures the software, not a 300 ms fade.
    await direct.call('SetCurrentSceneTransition', { transitionName: 'Cut' });
    const { obsVersion } = await direct.call('GetVersion');

    const proxyUrl = new URL(proxy.url);
    running = await startCore({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      log: () => undefined,
      obs: { settings: { host: proxyUrl.hostname, port: Number(proxyUrl.port), password: proc.password } },
    });
    const mirror = running.obs!.mirrorForTests;
    await mirror.whenSynced({ timeoutMs: 30_000 });
    producer = await new CrewClient(running.url, running.tokens.producer).ready();

    // 1. Overhead: stamp the command where the core's command path starts.
    const core = running.core;
    const received: number[] = [];
    const execute = core.execute.bind(core);
    core.execute = (payload, role) => {
      received.push(performance.now());
      return execute(payload, role);
    };
    const overheads: number[] = [];
    const appText: number[] = [];
    const appScene: number[] = [];
    const scenes = ['Main', 'Break'];
    for (let i = 0; i < options.commands; i++) {
      const before = proxy.requestTimes.length;
      const elapsed = await timed(async () => {
        const result = await producer!.send({
          type: 'obsSetText',
          inputName: 'LowerThird',
          text: `Speaker ${i}`,
        });
        if (!result.ok) throw new Error(`obsSetText failed: ${result.error}`);
      });
      appText.push(elapsed);
      const firstFrame = proxy.requestTimes[before];
      if (firstFrame !== undefined) overheads.push(firstFrame - received.at(-1)!);
      const sceneName = scenes[i % 2]!;
      appScene.push(
        await timed(async () => {
          const result = await producer!.send({ type: 'obsSetProgramScene', sceneName });
          if (!result.ok) throw new Error(`obsSetProgramScene failed: ${result.error}`);
        }),
      );
    }
    core.execute = execute;

    // 2. The same requests with obs-websocket-js directly (the app checks the input's kind, then
    // sets it; switches the scene, then reads it back).
    const directText: number[] = [];
    const directScene: number[] = [];
    for (let i = 0; i < options.commands; i++) {
      directText.push(
        await timed(async () => {
          await direct!.call('GetInputSettings', { inputName: 'LowerThird' });
          await direct!.call('SetInputSettings', {
            inputName: 'LowerThird',
            inputSettings: { text: `Direct ${i}` },
          });
        }),
      );
      const sceneName = scenes[i % 2]!;
      directScene.push(
        await timed(async () => {
          await direct!.call('SetCurrentProgramScene', { sceneName });
          while ((await direct!.call('GetCurrentProgramScene')).currentProgramSceneName !== sceneName)
            await sleep(5);
        }),
      );
    }

    // 3. Resync after OBS is killed and comes back on the same port.
    await direct.disconnect();
    direct = null;
    const resyncMs: number[] = [];
    for (let i = 0; i < options.restarts; i++) {
      const syncsBefore = mirror.syncCount;
      const listeningAt = await proc.restart();
      await mirror.whenSynced({ after: syncsBefore, timeoutMs: 30_000 });
      resyncMs.push(performance.now() - listeningAt);
      options.log(`obs: restart ${i + 1}: listening → resynced ${resyncMs.at(-1)!.toFixed(0)} ms`);
      await sleep(500);
    }

    return {
      obsVersion,
      commands: options.commands,
      overheadMs: summarize(overheads),
      roundTrip: [
        {
          operation: 'set a text input (check kind, set text)',
          app: summarize(appText),
          direct: summarize(directText),
        },
        {
          operation: 'switch program scene (Cut, read back)',
          app: summarize(appScene),
          direct: summarize(directScene),
        },
      ],
      resyncMs,
      resyncMedianMs: median(resyncMs),
    };
  } finally {
    producer?.close();
    await direct?.disconnect().catch(() => undefined);
    await running?.close();
    await proxy.close();
    await proc.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
