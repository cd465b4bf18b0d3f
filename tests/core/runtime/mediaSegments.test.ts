import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MediaCorePort, MediaObsPort } from '../../../core/runtime/mediaSegments.js';
import { MediaSegments } from '../../../core/runtime/mediaSegments.js';
import type { ShowEvent } from '../../../shared/events.js';
import type { MediaObservation } from '../../../shared/mediaTimer.js';
import { MEDIA_PLAY_DEADLINE_MS, mediaSyncEvents } from '../../../shared/mediaTimer.js';
import type { ShowState } from '../../../shared/model.js';
import type { ObsCommand } from '../../../shared/obs.js';
import type { CommandResult, NoticeMessage, RecordMessage } from '../../../shared/protocol.js';
import { applyEvents } from '../../../shared/reducer.js';
import { startEvents } from '../../../shared/segmentStart.js';
import { fixtureShow, MIN, segment } from '../../shared/fixtures.js';

/** A core holding a real state, journaling nothing but applying what it is given. */
class FakeCore extends EventEmitter implements MediaCorePort {
  mode: 'primary' | 'follower' | 'superseded' = 'primary';
  applied: ObsCommand[] = [];
  synced: ShowEvent[] = [];
  private seq = 0;
  constructor(public state: ShowState) {
    super();
  }
  commit(events: ShowEvent[]): void {
    this.state = applyEvents(this.state, events);
    const record: RecordMessage = { seq: ++this.seq, t: Date.now(), events };
    this.emit('record', record);
  }
  recordObsApplied(commands: ObsCommand[]): Promise<CommandResult> {
    this.applied.push(...commands);
    return Promise.resolve({ ok: true, seq: this.seq });
  }
  recordMediaStatus(segmentId: string, observation: MediaObservation): Promise<boolean> {
    const events = mediaSyncEvents(this.state, segmentId, observation);
    this.synced.push(...events);
    if (events.length > 0) this.commit(events);
    return Promise.resolve(events.length > 0);
  }
}

/** OBS as a script: what GetMediaInputStatus answers now. */
class FakeObs implements MediaObsPort {
  isConnected = true;
  status: Omit<MediaObservation, 'inputName' | 'at'> = {
    obsState: 'OBS_MEDIA_STATE_ENDED',
    durationMs: null,
    cursorMs: null,
  };
  notices: NoticeMessage[] = [];
  executed: ObsCommand[] = [];
  restartFails: string | null = null;
  reads = 0;
  execute(command: ObsCommand) {
    this.executed.push(command);
    if (this.restartFails)
      return Promise.resolve({
        ok: false as const,
        status: 409 as const,
        code: 'not-found' as const,
        error: this.restartFails,
      });
    return Promise.resolve({ ok: true as const });
  }
  mediaStatus(inputName: string): Promise<MediaObservation> {
    this.reads += 1;
    return Promise.resolve({ inputName, at: Date.now(), ...this.status });
  }
  onMediaEvent(): () => void {
    return () => undefined;
  }
  notice(level: NoticeMessage['level'], text: string): void {
    this.notices.push({ id: String(this.notices.length), level, text, at: Date.now() });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function show(): ShowState {
  return {
    ...fixtureShow(),
    segments: [
      segment({
        id: 'rec',
        title: 'Recorded',
        durationMs: 10 * MIN,
        endAction: 'next',
        obs: { media: { inputName: 'Talk' } },
      }),
      segment({ id: 'qa', durationMs: 5 * MIN }),
    ],
  };
}

let media: MediaSegments | null = null;
afterEach(() => media?.stop());

function run(core: FakeCore, obs: FakeObs): MediaSegments {
  media = new MediaSegments(core, obs, { pollMs: 20, log: () => undefined });
  media.start();
  return media;
}

const start = (core: FakeCore, id = 'rec') => core.commit(startEvents(core.state, id, Date.now()));

/** The show with the media segment started and journaled playing `cursorMs` in, `agoMs` ago. */
async function journaledPlaying(cursorMs: number, agoMs: number): Promise<ShowState> {
  const core = new FakeCore(show());
  start(core);
  await core.recordMediaStatus('rec', {
    inputName: 'Talk',
    obsState: 'OBS_MEDIA_STATE_PLAYING',
    durationMs: 8_000,
    cursorMs,
    at: Date.now() - agoMs,
  });
  return core.state;
}

describe('MediaSegments (the core following a segment’s media)', () => {
  it('restarts the media, ignores the previous run’s end, then follows it playing', async () => {
    const core = new FakeCore(show());
    const obs = new FakeObs();
    run(core, obs);
    start(core);
    await sleep(100);
    // OBS still says "ended" from the media's previous run: not this run's end.
    expect(obs.executed).toEqual([{ type: 'obsMedia', inputName: 'Talk', action: 'restart' }]);
    expect(core.applied).toEqual(obs.executed);
    expect(core.state.live.timer!.media).toBeUndefined();
    obs.status = { obsState: 'OBS_MEDIA_STATE_PLAYING', durationMs: 8_000, cursorMs: 100 };
    await sleep(100);
    expect(core.state.live.timer!.media).toMatchObject({ state: 'playing', durationMs: 8_000 });
    obs.status = { obsState: 'OBS_MEDIA_STATE_ENDED', durationMs: null, cursorMs: null };
    await sleep(100);
    expect(core.state.live.timer!.media?.state).toBe('ended');
    const reads = obs.reads;
    await sleep(100);
    expect(obs.reads).toBe(reads); // nothing left to follow
    expect(obs.notices).toEqual([]);
  });

  it('says so when the restart fails, and leaves the timer normal', async () => {
    const core = new FakeCore(show());
    const obs = new FakeObs();
    obs.restartFails = 'OBS has no input "Talk"';
    run(core, obs);
    start(core);
    await sleep(50);
    expect(obs.notices.map((n) => n.text)).toEqual([
      '"Recorded" started, but OBS could not play "Talk": OBS has no input "Talk"; its timer runs as a normal timer',
    ]);
    expect(core.state.live.timer!.media).toBeUndefined();
  });

  it('says so when OBS does not report it playing in time (a missing file plays 0 ms)', async () => {
    const core = new FakeCore(show());
    const obs = new FakeObs();
    obs.status = { obsState: 'OBS_MEDIA_STATE_PLAYING', durationMs: 0, cursorMs: 0 };
    // A fake clock (Date and timers): the notice must come at the deadline, not before, and a
    // loaded machine's late timer must not make that a race.
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      run(core, obs);
      start(core);
      await vi.advanceTimersByTimeAsync(MEDIA_PLAY_DEADLINE_MS - 20);
      expect(obs.notices).toEqual([]);
      await vi.advanceTimersByTimeAsync(40);
    } finally {
      vi.useRealTimers();
    }
    expect(obs.notices).toHaveLength(1);
    expect(obs.notices[0]!.text).toMatch(
      /did not start playing "Talk" within 1.5 s \(OBS has nothing to play/,
    );
    expect(core.state.live.timer!.media).toBeUndefined();
  }, 10_000);

  it('after a restart, follows a live media segment again without restarting the media', async () => {
    const before = await journaledPlaying(1_000, 2_000);
    // The core comes back with that state; OBS was paused for a while meanwhile.
    const core = new FakeCore(before);
    const obs = new FakeObs();
    obs.status = { obsState: 'OBS_MEDIA_STATE_PLAYING', durationMs: 8_000, cursorMs: 1_000 };
    run(core, obs);
    await sleep(100);
    expect(obs.executed).toEqual([]);
    // At least the first reading resyncs; on a busy machine the 100 ms can outlast a 250 ms poll,
    // and this scripted OBS's cursor stands still, so a second reading may correct again.
    expect(core.synced.length).toBeGreaterThanOrEqual(1);
    // Journaled 2 s ago at 1 s in; OBS says 1 s in now: the timer is set back to OBS's position.
    expect(core.state.live.timer!.media).toMatchObject({ cursorMs: 1_000, state: 'playing' });
    expect(core.state.live.timer!.media!.at).toBeGreaterThan(Date.now() - 1_000);
  });

  it('a promoted backup follows the live media from OBS’s position, without restarting it', async () => {
    const backup = new FakeCore(await journaledPlaying(500, 3_000));
    backup.mode = 'follower';
    const obs = new FakeObs();
    obs.status = { obsState: 'OBS_MEDIA_STATE_ENDED', durationMs: null, cursorMs: null };
    run(backup, obs);
    await sleep(100);
    expect(obs.reads).toBe(0);
    backup.mode = 'primary';
    await sleep(100);
    expect(obs.executed).toEqual([]);
    // OBS says the media ended while nobody was the primary: journaled once, the end action's cue.
    expect(backup.synced.map((e) => e.type === 'mediaTimerSynced' && e.state)).toEqual(['ended']);
    expect(backup.state.live.timer!.media?.state).toBe('ended');
  });

  it('does nothing on a backup', async () => {
    const core = new FakeCore(show());
    core.mode = 'follower';
    const obs = new FakeObs();
    run(core, obs);
    start(core);
    await sleep(100);
    expect(obs.executed).toEqual([]);
    expect(obs.reads).toBe(0);
  });
});
