import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OBSWebSocket } from 'obs-websocket-js/json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { ShowState } from '../../shared/model.js';
import type { NoticeMessage, StateResponse } from '../../shared/protocol.js';
import { readTimer } from '../../shared/timer.js';
import { CrewClient, startTestCore, tempDir } from '../core/harness.js';
import type { Served } from '../core/serveProcess.js';
import { serve } from '../core/serveProcess.js';
import { ObsProcess, obsForTests, setUpTestScenes } from './obsProcess.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * Pre-recorded talks against a real OBS: a real video made here with ffmpeg, played by an
 * ffmpeg_source, and a real core (in this process, then `serve` killed with SIGKILL) whose
 * segment names it. The issue's targets: the timer agrees with OBS's remaining time within
 * 250 ms, the next segment starts when the media ends, and a restarted core resyncs to OBS.
 */
const obs = obsForTests();
const AGREE_MS = 250;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function makeVideo(file: string, seconds: number): void {
  execFileSync(
    process.env.FFMPEG_PATH ?? '/usr/bin/ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
      ...['-i', `testsrc=duration=${seconds}:size=320x240:rate=25`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file],
    ],
    { stdio: 'inherit' },
  );
}

async function addMediaInput(client: OBSWebSocket, inputName: string, file: string): Promise<void> {
  const { inputs } = await client.call('GetInputList');
  if (inputs.some((input) => input.inputName === inputName)) return;
  await client.call('CreateInput', {
    sceneName: 'Main',
    inputName,
    inputKind: 'ffmpeg_source',
    inputSettings: {
      local_file: file,
      is_local_file: true,
      looping: false,
      restart_on_activate: false,
      close_when_inactive: false,
    },
    sceneItemEnabled: true,
  });
}

interface Sample {
  /** OBS's remaining time minus the core's, ms. */
  diffMs: number;
  obsRemainingMs: number;
  cursorMs: number;
  /** The request's round trip: OBS read its cursor somewhere in it, not surely at the middle. */
  rttMs: number;
}

/** OBS's remaining time (duration − cursor) against the core's timer, both at the middle of the request. */
async function sample(client: OBSWebSocket, inputName: string, state: ShowState): Promise<Sample> {
  const timer = state.live.timer!;
  const segment = state.segments.find((s) => s.id === timer.segmentId)!;
  const sent = Date.now();
  const status = await client.call('GetMediaInputStatus', { inputName });
  const received = Date.now();
  const at = (sent + received) / 2;
  expect(status.mediaState).toBe('OBS_MEDIA_STATE_PLAYING');
  const obsRemainingMs = status.mediaDuration - status.mediaCursor;
  const ours = readTimer(timer, segment, at).remainingMs;
  return {
    diffMs: obsRemainingMs - ours,
    obsRemainingMs,
    cursorMs: status.mediaCursor,
    rttMs: received - sent,
  };
}

/**
 * OBS and the core agree on this sample: within AGREE_MS, plus half the sample's own round trip
 * (OBS read its cursor somewhere in it, and a loaded machine can make that long).
 */
function expectAgreement(samples: Sample[]): void {
  for (const s of samples)
    expect({ diffMs: Math.abs(s.diffMs), rttMs: s.rttMs }).toSatisfy(
      ({ diffMs, rttMs }: { diffMs: number; rttMs: number }) => diffMs <= AGREE_MS + rttMs / 2,
    );
}

const summary = (samples: Sample[]): string => {
  const diffs = samples.map((s) => s.diffMs);
  const abs = diffs.map(Math.abs).sort((a, b) => a - b);
  return `n=${abs.length}, |diff| median ${abs[Math.floor(abs.length / 2)]?.toFixed(0)} ms, max ${abs.at(-1)?.toFixed(0)} ms (${diffs.map((d) => d.toFixed(0)).join(', ')}), round trip max ${Math.max(...samples.map((s) => s.rttMs))} ms`;
};

async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe.skipIf(!obs.run)('media segments (pre-recorded talks), against a real OBS', () => {
  let proc: ObsProcess;
  let client: OBSWebSocket;
  let files: ReturnType<typeof tempDir>;
  let shortVideo: string;
  let longVideo: string;

  beforeAll(async () => {
    files = tempDir('showcaller-media-');
    shortVideo = path.join(files.dir, 'talk-8s.mp4');
    longVideo = path.join(files.dir, 'talk-30s.mp4');
    makeVideo(shortVideo, 8);
    makeVideo(longVideo, 30);
    proc = await ObsProcess.start();
    client = await proc.client();
    await setUpTestScenes(client);
    await client.call('SetCurrentProgramScene', { sceneName: 'Main' });
    await addMediaInput(client, 'Talk', shortVideo);
    await addMediaInput(client, 'LongTalk', longVideo);
    await addMediaInput(client, 'Broken', path.join(files.dir, 'no-such-file.mp4'));
    // Nothing plays until a segment asks.
    for (const inputName of ['Talk', 'LongTalk'])
      await client.call('TriggerMediaInputAction', {
        inputName,
        mediaAction: 'OBS_WEBSOCKET_MEDIA_INPUT_ACTION_STOP',
      });
  }, 120_000);

  afterAll(async () => {
    await ifAssigned(client)?.disconnect();
    await ifAssigned(proc)?.stop();
    ifAssigned(files)?.remove();
  });

  describe('with a core in this process', () => {
    let data: ReturnType<typeof tempDir>;
    let running: RunningCore;
    let producer: CrewClient;
    const notices: NoticeMessage[] = [];

    beforeAll(async () => {
      data = tempDir('showcaller-media-core-');
      running = await startTestCore(data.dir, { obs: { settings: proc.settings } });
      producer = await new CrewClient(running.url, running.tokens.producer).ready();
      producer.socket.on('notice', (notice) => notices.push(notice));
      await waitFor('OBS synced', () => running.obs!.live.state.synced, 30_000);
    }, 60_000);

    afterAll(async () => {
      ifAssigned(producer)?.close();
      await ifAssigned(running)?.close();
      ifAssigned(data)?.remove();
    });

    it('plays the media from the start; the timer follows OBS within 250 ms; the next segment starts at its end', async () => {
      expect(
        (
          await producer.send({
            type: 'updateSegment',
            segmentId: 's002',
            changes: { obs: { media: { inputName: 'Talk' } }, endAction: 'next' },
          })
        ).ok,
      ).toBe(true);
      // Set by the OBS event handler, which TypeScript cannot see run.
      let endedAt = null as number | null;
      const onEnded = (data: { inputName: string }) => {
        if (data.inputName === 'Talk') endedAt ??= Date.now();
      };
      client.on('MediaInputPlaybackEnded', onEnded);
      const startedAt = Date.now();
      expect((await producer.send({ type: 'startSegment', segmentId: 's002' })).ok).toBe(true);
      await waitFor(
        'the timer to follow the media',
        () => running.core.state.live.timer?.media !== undefined,
        5_000,
      );
      const followedAfter = Date.now() - startedAt;

      const diffs: Sample[] = [];
      let first: Sample | null = null;
      for (let i = 0; i < 8; i++) {
        const s = await sample(client, 'Talk', running.core.state);
        first ??= s;
        diffs.push(s);
        await sleep(600);
      }
      console.log(
        `[media] 8 s video: timer followed ${followedAfter} ms after the start; OBS − core ${summary(diffs)}`,
      );
      // Restarted from the beginning, not carried on from where it was.
      expect(first!.cursorMs).toBeLessThan(3_000);
      expectAgreement(diffs);

      await waitFor('the next segment', () => running.core.state.live.currentSegmentId === 's003', 20_000);
      const nextAt = Date.now();
      client.off('MediaInputPlaybackEnded', onEnded);
      console.log(
        `[media] OBS's MediaInputPlaybackEnded → next segment live (seen by the test): ${endedAt === null ? 'no event' : `${nextAt - endedAt} ms`}`,
      );
      const journal = readFileSync(path.join(data.dir, 'shows', running.showId, 'journal.ndjson'), 'utf8');
      const starts = journal
        .split('\n')
        .filter((line) => line.includes('"type":"segmentStarted","segmentId":"s003"'));
      expect(starts).toHaveLength(1);
      expect(starts[0]).toContain('"auto":{"kind":"mediaEnded"');
      const syncs = journal.split('\n').filter((line) => line.includes('"type":"mediaTimerSynced"')).length;
      console.log(`[media] mediaTimerSynced records for one 8 s video: ${syncs}`);
      expect(syncs).toBeLessThan(20);
      expect(journal).toContain('"command":{"type":"obsMedia","inputName":"Talk","action":"restart"}');
      // Nothing starts twice: s003 stays live.
      await sleep(1_500);
      expect(running.core.state.live.currentSegmentId).toBe('s003');
    }, 60_000);

    it('a missing media input, or one that does not play, is a notice (by the 1.5 s deadline) and the timer stays normal', async () => {
      for (const [segmentId, inputName] of [
        ['s004', 'Missing'],
        ['s005', 'Broken'],
      ] as const) {
        await producer.send({ type: 'updateSegment', segmentId, changes: { obs: { media: { inputName } } } });
        const before = notices.length;
        const startedAt = Date.now();
        expect((await producer.send({ type: 'startSegment', segmentId })).ok).toBe(true);
        await waitFor(
          `a notice about ${inputName}`,
          () => notices.slice(before).some((n) => n.text.includes(inputName)),
          5_000,
        );
        const noticeAfter = Date.now() - startedAt;
        const notice = notices.slice(before).find((n) => n.text.includes(inputName))!;
        console.log(`[media] ${inputName}: notice after ${noticeAfter} ms: ${notice.text}`);
        expect(notice.level).toBe('error');
        // How soon is logged above, not asserted (no timing assertions on a shared machine): the
        // deadline itself is tested on a fake clock in tests/core/runtime/mediaSegments.test.ts.
        await sleep(500);
        const timer = running.core.state.live.timer!;
        expect(timer.segmentId).toBe(segmentId);
        expect(timer.media).toBeUndefined();
        const segment = running.core.state.segments.find((s) => s.id === segmentId)!;
        expect(readTimer(timer, segment, Date.now()).totalMs).toBe(segment.durationMs);
      }
    }, 60_000);
  });

  describe('with `serve` killed with SIGKILL mid-video', () => {
    const children: ChildProcess[] = [];
    let data: ReturnType<typeof tempDir>;

    beforeAll(() => {
      data = tempDir('showcaller-media-crash-');
      writeFileSync(path.join(data.dir, 'obs.json'), JSON.stringify(proc.settings), { mode: 0o600 });
    });

    afterAll(() => {
      for (const child of children) child.kill('SIGKILL');
      ifAssigned(data)?.remove();
    });

    async function stateOf(served: Served): Promise<ShowState> {
      const res = await fetch(`${served.url}/api/state`, {
        headers: { authorization: `Bearer ${served.tokens.viewer}` },
      });
      return ((await res.json()) as StateResponse).state;
    }

    it('comes back with the timer at OBS’s position, without restarting the media', async () => {
      const served = await serve(data.dir);
      children.push(served.child);
      const producer = await new CrewClient(served.url, served.tokens.producer!).ready();
      expect(
        (
          await producer.send({
            type: 'updateSegment',
            segmentId: 's006',
            changes: { obs: { media: { inputName: 'LongTalk' } }, endAction: 'next' },
          })
        ).ok,
      ).toBe(true);
      expect((await producer.send({ type: 'startSegment', segmentId: 's006' })).ok).toBe(true);
      await waitFor(
        'the timer to follow the media',
        async () => (await stateOf(served)).live.timer?.media !== undefined,
        10_000,
      );
      const before: Sample[] = [];
      for (let i = 0; i < 3; i++) {
        before.push(await sample(client, 'LongTalk', await stateOf(served)));
        await sleep(500);
      }
      producer.close();
      served.child.kill('SIGKILL');
      await served.exited;
      const killedAt = Date.now();
      // While the core is down the media is paused for a second in OBS: the journaled timer is
      // now a second ahead of OBS, and only a resync from OBS's own position can set it right.
      const pause = (mediaAction: string) =>
        client.call('TriggerMediaInputAction', { inputName: 'LongTalk', mediaAction });
      await pause('OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PAUSE');
      await sleep(1_000);
      await pause('OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PLAY');
      const cursorBefore = (await client.call('GetMediaInputStatus', { inputName: 'LongTalk' })).mediaCursor;

      const restarted = await serve(data.dir);
      children.push(restarted.child);
      const listening = Date.now();
      await waitFor(
        'the restarted core to resync to OBS',
        async () => ((await stateOf(restarted)).live.timer?.media?.at ?? 0) > killedAt,
        15_000,
      );
      const resynced = Date.now();
      const after: Sample[] = [];
      let cursorAfter = 0;
      for (let i = 0; i < 6; i++) {
        const s = await sample(client, 'LongTalk', await stateOf(restarted));
        cursorAfter = s.cursorMs;
        after.push(s);
        await sleep(500);
      }
      console.log(
        `[media] kill -9 mid-video: down ${listening - killedAt} ms (restart of serve), listening → resynced ${resynced - listening} ms; ` +
          `OBS − core before the kill ${summary(before)}; after the restart ${summary(after)}`,
      );
      expectAgreement([...before, ...after]);
      // Not restarted from the beginning by the restarted core.
      expect(cursorAfter).toBeGreaterThan(cursorBefore);
      const state = await stateOf(restarted);
      expect(state.live.currentSegmentId).toBe('s006');
      restarted.child.kill('SIGKILL');
      await restarted.exited;
    }, 120_000);
  });
});
