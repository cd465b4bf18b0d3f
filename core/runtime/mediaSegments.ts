import type { MediaObservation } from '../../shared/mediaTimer.js';
import {
  MEDIA_PLAY_DEADLINE_MS,
  liveMediaSegment,
  mediaInputOf,
  playbackOf,
  remainingOf,
} from '../../shared/mediaTimer.js';
import type { ShowState } from '../../shared/model.js';
import type { ObsCommand } from '../../shared/obs.js';
import type { CommandResult, NoticeMessage, RecordMessage } from '../../shared/protocol.js';
import type { ObsCommandResult } from '../obs/obsController.js';

/**
 * Pre-recorded talks on the primary (docs/schedule.md, shared/mediaTimer.ts): when a segment
 * that names a media source starts, OBS restarts the media (journaled as what OBS did); then,
 * while that segment is live, OBS's position is read every `pollMs` and at once on OBS's media
 * events, and each reading goes to the core, which journals it only when the timer must change.
 * When OBS reports the end, that record is what makes the scheduler run the end action.
 *
 * - If OBS cannot restart the media, or does not report it playing within
 *   MEDIA_PLAY_DEADLINE_MS, the producer gets a notice and the segment keeps its normal timer.
 * - After a restart or a promotion, a live segment whose timer already follows its media is
 *   followed again from OBS's own position; the media is not restarted.
 */

/** What this needs of the core's OBS (core/obs/obsService.ts). */
export interface MediaObsPort {
  execute(command: ObsCommand): Promise<ObsCommandResult>;
  mediaStatus(inputName: string): Promise<MediaObservation>;
  onMediaEvent(listener: (inputName: string) => void): () => void;
  notice(level: NoticeMessage['level'], text: string): void;
  readonly isConnected: boolean;
}

/** What this needs of the core (core/showCore.ts). */
export interface MediaCorePort {
  readonly state: ShowState;
  readonly mode: 'primary' | 'follower' | 'superseded';
  recordObsApplied(commands: ObsCommand[]): Promise<CommandResult>;
  recordMediaStatus(segmentId: string, observation: MediaObservation): Promise<boolean>;
  on(event: 'record', listener: (record: RecordMessage) => void): unknown;
  off(event: 'record', listener: (record: RecordMessage) => void): unknown;
}

export const MEDIA_POLL_MS = 250;

interface Watch {
  segmentId: string;
  inputName: string;
  /** segment id @ its start: one run of the segment. */
  key: string;
  /** Started by this core just now (not resumed): the first readings must show it playing. */
  fresh: boolean;
  /** The restart went through: readings from now on are of this run. */
  ready: boolean;
  seenPlaying: boolean;
  deadline: number | null;
  lastObsState: string | null;
  /** The last reading played nothing (a missing file: PLAYING for 0 ms). */
  nothingToPlay: boolean;
}

export class MediaSegments {
  private watch: Watch | null = null;
  /** Runs that fell back to a normal timer: not followed again by this process. */
  private readonly given = new Set<string>();
  private interval: NodeJS.Timeout | null = null;
  private polling = false;
  private lastError: string | null = null;
  private stopEvents: (() => void) | null = null;
  private readonly onRecord = (record: RecordMessage): void => this.recorded(record);
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly pollMs: number;
  /** Every reading, for the tests' measurements. */
  readings = 0;

  constructor(
    private readonly core: MediaCorePort,
    private readonly obs: MediaObsPort,
    options: { now?: () => number; log?: (line: string) => void; pollMs?: number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => console.log(line));
    this.pollMs = options.pollMs ?? MEDIA_POLL_MS;
  }

  start(): void {
    if (this.interval) return;
    this.core.on('record', this.onRecord);
    this.stopEvents = this.obs.onMediaEvent((inputName) => {
      if (this.watch?.inputName === inputName) void this.poll();
    });
    this.interval = setInterval(() => this.tick(), this.pollMs);
    this.interval.unref();
    this.tick();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    this.core.off('record', this.onRecord);
    this.stopEvents?.();
    this.stopEvents = null;
    this.watch = null;
  }

  private keyOf(state: ShowState, segmentId: string): string {
    return `${segmentId}@${state.actuals[segmentId]?.startedAt ?? ''}`;
  }

  private recorded(record: RecordMessage): void {
    if (this.core.mode !== 'primary') return;
    for (const event of record.events) {
      if (event.type !== 'segmentStarted') continue;
      const segment = this.core.state.segments.find((s) => s.id === event.segmentId);
      const inputName = mediaInputOf(segment);
      if (inputName && this.core.state.live.currentSegmentId === event.segmentId)
        void this.begin(event.segmentId, inputName, event.at);
    }
    this.refresh();
  }

  /** Restarts the segment's media in OBS and starts following it. */
  private async begin(segmentId: string, inputName: string, at: number): Promise<void> {
    const key = this.keyOf(this.core.state, segmentId);
    const watch: Watch = {
      segmentId,
      inputName,
      key,
      fresh: true,
      ready: false,
      seenPlaying: false,
      deadline: at + MEDIA_PLAY_DEADLINE_MS,
      lastObsState: null,
      nothingToPlay: false,
    };
    this.watch = watch;
    // The deadline is checked on the dot, not at the next poll: the notice must be up within 2 s.
    setTimeout(() => this.tick(), Math.max(0, at + MEDIA_PLAY_DEADLINE_MS - this.now())).unref();
    const command: ObsCommand = { type: 'obsMedia', inputName, action: 'restart' };
    const result = await this.obs.execute(command);
    if (this.watch !== watch) return;
    if (!result.ok) {
      this.giveUp(watch, `OBS could not play "${inputName}": ${result.error}`);
      return;
    }
    watch.ready = true;
    void this.core.recordObsApplied([command]);
    void this.poll();
  }

  /** Drops a watch the live state no longer calls for; picks up one it does (a restart, a promotion). */
  private refresh(): void {
    const state = this.core.state;
    const live = this.core.mode === 'primary' ? liveMediaSegment(state) : null;
    if (!live || live.timer.media?.state === 'ended') {
      this.watch = null;
      return;
    }
    const key = this.keyOf(state, live.segment.id);
    if (this.watch?.key === key && this.watch.inputName === live.inputName) return;
    if (this.watch?.fresh && this.watch.segmentId === live.segment.id) return;
    this.watch = null;
    if (!live.timer.media || this.given.has(key)) return;
    this.watch = {
      segmentId: live.segment.id,
      inputName: live.inputName,
      key,
      fresh: false,
      ready: true,
      seenPlaying: true,
      deadline: null,
      lastObsState: null,
      nothingToPlay: false,
    };
  }

  private tick(): void {
    if (!this.interval) return; // stopped
    this.refresh();
    const watch = this.watch;
    if (!watch) return;
    if (watch.fresh && !watch.seenPlaying && watch.deadline !== null && this.now() >= watch.deadline) {
      const said =
        watch.lastObsState === null
          ? ''
          : watch.nothingToPlay
            ? ' (OBS has nothing to play: is the file there?)'
            : ` (OBS says ${watch.lastObsState.replace('OBS_MEDIA_STATE_', '').toLowerCase()})`;
      this.giveUp(
        watch,
        `OBS did not start playing "${watch.inputName}" within ${MEDIA_PLAY_DEADLINE_MS / 1000} s${said}`,
      );
      return;
    }
    void this.poll();
  }

  private giveUp(watch: Watch, why: string): void {
    this.given.add(watch.key);
    if (this.watch === watch) this.watch = null;
    const segment = this.core.state.segments.find((s) => s.id === watch.segmentId);
    this.obs.notice(
      'error',
      `"${segment?.title || watch.segmentId}" started, but ${why}; its timer runs as a normal timer`,
    );
  }

  private async poll(): Promise<void> {
    const watch = this.watch;
    if (!watch?.ready || this.polling || !this.obs.isConnected) return;
    this.polling = true;
    try {
      const observation = await this.obs.mediaStatus(watch.inputName);
      this.readings += 1;
      if (this.watch !== watch) return;
      watch.lastObsState = observation.obsState;
      watch.nothingToPlay = remainingOf(observation) === null;
      const playback = playbackOf(observation.obsState);
      if (!watch.seenPlaying) {
        // Just restarted: an end or a stop still showing is the media's previous run, and a
        // missing file plays with a duration of 0 (remainingOf).
        if (playback === 'ended' || remainingOf(observation) === null) return;
        watch.seenPlaying = true;
      }
      await this.core.recordMediaStatus(watch.segmentId, observation);
      if (playback === 'ended' && this.watch === watch) this.watch = null;
      this.lastError = null;
    } catch (error) {
      const line = `media status of "${watch.inputName}" not read: ${(error as Error).message}`;
      if (line !== this.lastError) this.log(line);
      this.lastError = line;
    } finally {
      this.polling = false;
    }
  }
}
