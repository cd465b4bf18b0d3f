import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import { youtubeChapters } from '../../shared/youtubeChapters.js';
import { FakeObsServer } from '../obs/fakeObsServer.js';
import { startTestCore, tempDir } from './harness.js';

/**
 * The core journals the stream's start and stop as OBS reports them (the report's YouTube
 * chapters count from it). This runs the real core, ObsService, connection and mirror against
 * the scripted obs-websocket server, because the real-OBS project (tests/obs/) is too heavy to
 * run beside everything else; a real OBS going live is covered there by the lead's runs.
 */

const T0 = Date.UTC(2022, 11, 15, 12, 25, 0);
const MIN = 60_000;
const STARTED = 'OBS_WEBSOCKET_OUTPUT_STARTED';
const STOPPED = 'OBS_WEBSOCKET_OUTPUT_STOPPED';

/** What the fake OBS answers about its stream, as GetStreamStatus does. */
interface FakeStream {
  active: boolean;
  durationMs: number;
}

function answerLikeObs(server: FakeObsServer, stream: FakeStream): void {
  server.availableRequests = [
    'GetVersion',
    'GetSceneList',
    'GetCurrentProgramScene',
    'SetCurrentProgramScene',
    'GetStudioModeEnabled',
    'GetCurrentSceneTransition',
    'GetStreamStatus',
    'GetRecordStatus',
    'GetInputList',
  ];
  server.handler = (requestType) => {
    switch (requestType) {
      case 'GetSceneList':
        return {
          scenes: [{ sceneName: 'Main', sceneIndex: 0 }],
          currentProgramSceneName: 'Main',
          currentPreviewSceneName: null,
        };
      case 'GetStudioModeEnabled':
        return { studioModeEnabled: false };
      case 'GetCurrentSceneTransition':
        return { transitionName: 'Cut', transitionDuration: null, transitionFixed: true };
      case 'GetStreamStatus':
        return {
          outputActive: stream.active,
          outputReconnecting: false,
          outputTimecode: '00:00:00.000',
          outputDuration: stream.durationMs,
          outputCongestion: 0,
          outputSkippedFrames: 0,
          outputTotalFrames: 0,
        };
      case 'GetRecordStatus':
        return {
          outputActive: false,
          outputPaused: false,
          outputTimecode: '00:00:00.000',
          outputDuration: 0,
        };
      case 'GetInputList':
        return { inputs: [] };
      default:
        return {};
    }
  };
}

describe('the stream start and stop, journaled from OBS', () => {
  let server: FakeObsServer;
  let data: ReturnType<typeof tempDir>;
  let running: RunningCore | null = null;
  let clock = T0;
  const stream: FakeStream = { active: false, durationMs: 0 };

  const start = async () => {
    running = await startTestCore(data.dir, {
      showId: 'stream-show',
      now: () => clock,
      obs: { settings: { host: '127.0.0.1', port: server.port, password: '' } },
    });
    return running;
  };
  const synced = (core: RunningCore) => core.obs?.live.state.synced === true;
  /** The stream events in the journal file itself, in order. */
  const journaled = () =>
    readFileSync(path.join(data.dir, 'shows', 'stream-show', 'journal.ndjson'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('streamStateRecorded'))
      .flatMap((line) => (JSON.parse(line) as { events: unknown[] }).events);

  beforeEach(async () => {
    clock = T0;
    stream.active = false;
    stream.durationMs = 0;
    server = await FakeObsServer.start();
    answerLikeObs(server, stream);
    data = tempDir('showcaller-stream-');
  });

  afterEach(async () => {
    await running?.close();
    running = null;
    await server.stop();
    data.remove();
  });

  it('records the start and the stop, not the reconnects in between', async () => {
    const core = await start();
    await expect.poll(() => synced(core)).toBe(true);
    expect(core.core.state.streamRuns).toBeUndefined(); // OBS not live: nothing to record

    clock = T0 + 1 * MIN;
    server.emitEvent('StreamStateChanged', { outputActive: true, outputState: STARTED });
    await expect.poll(() => core.core.state.streamRuns).toEqual([{ startedAt: T0 + 1 * MIN, endedAt: null }]);

    // The connection drops and comes back; OBS says it has been live 5 min. The mirror works the
    // start out as now − duration, 300 ms off: the same run, so nothing new is journaled.
    stream.active = true;
    stream.durationMs = 5 * MIN;
    clock = T0 + 6 * MIN + 300;
    server.dropAll();
    await expect.poll(() => server.connections).toBe(2);
    await expect.poll(() => synced(core)).toBe(true);

    clock = T0 + 60 * MIN;
    stream.active = false;
    server.emitEvent('StreamStateChanged', { outputActive: false, outputState: STOPPED });
    await expect
      .poll(() => core.core.state.streamRuns)
      .toEqual([{ startedAt: T0 + 1 * MIN, endedAt: T0 + 60 * MIN }]);
    // Everything the core journaled about the stream: one start, one stop, in that order.
    expect(journaled()).toEqual([
      { type: 'streamStateRecorded', active: true, at: T0 + 1 * MIN },
      { type: 'streamStateRecorded', active: false, at: T0 + 60 * MIN },
    ]);
  });

  it("a core that starts while OBS is already live records the start by OBS's own count", async () => {
    stream.active = true;
    stream.durationMs = 12 * MIN;
    clock = T0 + 20 * MIN;
    const core = await start();
    await expect.poll(() => core.core.state.streamRuns).toEqual([{ startedAt: T0 + 8 * MIN, endedAt: null }]);

    // Restarted on the same journal with the same stream live: still one run.
    await core.close();
    running = null;
    clock = T0 + 25 * MIN;
    // OBS's count read 2 s short of the clock (a slow round trip): the same run all the same.
    stream.durationMs = 17 * MIN - 2_000;
    const again = await start();
    expect(again.core.state.streamRuns).toEqual([{ startedAt: T0 + 8 * MIN, endedAt: null }]);
    await expect.poll(() => synced(again)).toBe(true);
    clock = T0 + 30 * MIN;
    stream.active = false;
    server.emitEvent('StreamStateChanged', { outputActive: false, outputState: STOPPED });
    await expect
      .poll(() => again.core.state.streamRuns)
      .toEqual([{ startedAt: T0 + 8 * MIN, endedAt: T0 + 30 * MIN }]);
    expect(journaled()).toHaveLength(2);
    // The chapters now have a start to count from (this empty show has no segments to list).
    const chapters = youtubeChapters(again.core.state);
    expect(chapters.ok ? chapters.text : chapters.error).toMatch(/at least 3 chapters/);
  });
});
