import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeSecretJson } from '../adapters/secretFile.js';
import type { Segment, ShowState } from '../../shared/model.js';
import type { ObsCommand, ObsSettings, ObsState } from '../../shared/obs.js';
import {
  DEFAULT_OBS_SETTINGS,
  ObsSettings as ObsSettingsSchema,
  publicObsSettings,
  renderLowerThird,
} from '../../shared/obs.js';
import type { NoticeMessage, ObsLiveMessage, ObsThumbnailMessage } from '../../shared/protocol.js';
import type { ObservedStream } from '../../shared/streamRecord.js';
import { ObsConnection } from './obsConnection.js';
import type { ObsCommandResult } from './obsController.js';
import { ObsController } from './obsController.js';
import { ObsMirror } from './obsMirror.js';
import { MediaInputEvent, MediaInputStatus } from './obsPayloads.js';
import type { MediaObservation } from '../../shared/mediaTimer.js';

const MEDIA_EVENTS = ['MediaInputPlaybackStarted', 'MediaInputPlaybackEnded', 'MediaInputActionTriggered'];

const SETTINGS_FILE = 'obs.json';
const THUMBNAIL_INTERVAL_MS = 1000;
const THUMBNAIL_WIDTH = 320;

export interface ObsServiceOptions {
  /** Where this core keeps its OBS settings (mode 0600); they belong to the machine, not the show. */
  dataDir: string;
  /** Use these instead of the saved ones (tests, `serve` flags); they are not saved. */
  settings?: ObsSettings;
  log?: (line: string) => void;
  now?: () => number;
}

interface ObsServiceEvents {
  change: [ObsLiveMessage];
  notice: [NoticeMessage];
  thumbnail: [ObsThumbnailMessage];
  /** The stream went live or stopped, as a synced mirror sees it (the core journals it). */
  stream: [ObservedStream];
}

/**
 * The core's OBS: one connection, its mirror and controller, the saved settings, the rundown
 * automation, and the thumbnails that run only while a producer screen is looking.
 */
export class ObsService extends EventEmitter<ObsServiceEvents> {
  private readonly connection: ObsConnection;
  private readonly mirror: ObsMirror;
  private readonly controller: ObsController;
  private readonly watchers = new Set<string>();
  private thumbnailTimer: NodeJS.Timeout | null = null;
  private thumbnailsInFlight = false;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  /** The stream state last reported, so each change is reported once. */
  private reportedStream: string | null = null;

  private constructor(
    private settings: ObsSettings,
    private readonly settingsFile: string | null,
    options: ObsServiceOptions,
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => console.log(line));
    this.connection = new ObsConnection({ settings, log: this.log, now: this.now });
    this.mirror = new ObsMirror(this.connection, { log: this.log, now: this.now });
    this.controller = new ObsController(this.connection, this.mirror);
    this.mirror.on('change', (state) => {
      this.emit('change', this.live);
      this.reportStream(state);
    });
    this.connection.on('status', () => this.emit('change', this.live));
  }

  static async open(options: ObsServiceOptions): Promise<ObsService> {
    if (options.settings) return new ObsService(options.settings, null, options);
    const file = path.join(options.dataDir, SETTINGS_FILE);
    let settings = DEFAULT_OBS_SETTINGS;
    try {
      const parsed = ObsSettingsSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
      if (parsed.success) settings = parsed.data;
      else
        options.log?.(
          `${file} is not valid OBS settings; using ${DEFAULT_OBS_SETTINGS.host}:${DEFAULT_OBS_SETTINGS.port}`,
        );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        options.log?.(`cannot read ${file} (${(error as Error).message}); using the default OBS address`);
      }
    }
    return new ObsService(settings, file, options);
  }

  start(): void {
    this.connection.connect();
  }

  get live(): ObsLiveMessage {
    return {
      state: { ...this.mirror.state, connection: this.connection.connectionInfo },
      settings: publicObsSettings(this.settings),
    };
  }

  get mirrorForTests(): ObsMirror {
    return this.mirror;
  }

  execute(command: ObsCommand): Promise<ObsCommandResult> {
    return this.controller.execute(command);
  }

  /** Saves new settings (the password stays in this file only) and reconnects with them. */
  async configure(settings: ObsSettings): Promise<void> {
    if (this.settingsFile) {
      await writeSecretJson(this.settingsFile, settings);
    }
    this.settings = settings;
    this.connection.updateSettings(settings);
    this.emit('change', this.live);
  }

  /**
   * What OBS should do as a segment starts: its own scene (or the break scene for a break) and
   * its lower third. Returns the commands OBS carried out; failures become notices, because the
   * show must go on even when OBS is missing a scene.
   */
  async cueSegment(state: ShowState, segmentId: string): Promise<ObsCommand[]> {
    const segment = state.segments.find((s) => s.id === segmentId);
    if (!segment) return [];
    const cues = segmentCues(segment, state.show.breakScene ?? null);
    const applied: ObsCommand[] = [];
    for (const command of cues) {
      const result = await this.controller.execute(command);
      if (result.ok) applied.push(command);
      else
        this.notice(
          'error',
          `"${segment.title || segment.id}" started, but OBS did not follow: ${result.error}`,
        );
    }
    return applied;
  }

  /**
   * Where a media input is, as OBS says (GetMediaInputStatus), stamped with the middle of the
   * request on the core's clock. Throws when OBS is away or has no such input.
   */
  async mediaStatus(inputName: string): Promise<MediaObservation> {
    const sent = this.now();
    const status = MediaInputStatus.parse(
      await this.connection.call('GetMediaInputStatus', { inputName }, { timeoutMs: 2_000 }),
    );
    const received = this.now();
    return {
      inputName,
      obsState: status.mediaState,
      durationMs: status.mediaDuration,
      cursorMs: status.mediaCursor,
      at: Math.round((sent + received) / 2),
    };
  }

  /** OBS's media events (playback started or ended, an action on a media input); returns the unsubscribe. */
  onMediaEvent(listener: (inputName: string) => void): () => void {
    const stops = MEDIA_EVENTS.map((eventType) =>
      this.connection.onEvent(eventType, (data) => {
        const parsed = MediaInputEvent.safeParse(data);
        if (parsed.success) listener(parsed.data.inputName);
      }),
    );
    return () => stops.forEach((stop) => stop());
  }

  get isConnected(): boolean {
    return this.connection.isConnected;
  }

  watchThumbnails(watcherId: string, watch: boolean): void {
    if (watch) this.watchers.add(watcherId);
    else this.watchers.delete(watcherId);
    if (this.watchers.size > 0 && !this.thumbnailTimer) {
      this.thumbnailTimer = setInterval(() => void this.captureThumbnails(), THUMBNAIL_INTERVAL_MS);
      void this.captureThumbnails();
    } else if (this.watchers.size === 0 && this.thumbnailTimer) {
      clearInterval(this.thumbnailTimer);
      this.thumbnailTimer = null;
    }
  }

  private async captureThumbnails(): Promise<void> {
    if (this.thumbnailsInFlight || !this.connection.isConnected) return;
    this.thumbnailsInFlight = true;
    try {
      const { programScene, previewScene, studioMode } = this.mirror.state;
      const slots: Array<['program' | 'preview', string]> = [];
      if (programScene) slots.push(['program', programScene]);
      if (studioMode && previewScene) slots.push(['preview', previewScene]);
      for (const [slot, sceneName] of slots) {
        const dataUrl = await this.controller.screenshot(sceneName, {
          width: THUMBNAIL_WIDTH,
          format: 'jpg',
          quality: 60,
        });
        this.emit('thumbnail', { slot, sceneName, dataUrl, at: this.now() });
      }
    } catch {
      // A missed thumbnail is replaced a second later; the status strip reports real trouble.
    } finally {
      this.thumbnailsInFlight = false;
    }
  }

  /**
   * Only a synced mirror speaks for OBS: before the first read, or while OBS is away, its stream
   * state is a leftover, and a dropped connection must not read as the stream stopping.
   */
  private reportStream(state: ObsState): void {
    if (!state.synced || state.connection.status !== 'connected') return;
    const { active, startedAt } = state.stream;
    if (active && startedAt === null) return; // starting: OBS has not said since when yet
    const key = active ? `live@${startedAt}` : 'off';
    if (key === this.reportedStream) return;
    this.reportedStream = key;
    this.emit(
      'stream',
      active && startedAt !== null ? { active, startedAt } : { active: false, at: this.now() },
    );
  }

  /** A notice to the producer and backup screens (and the log). */
  notice(level: NoticeMessage['level'], text: string): void {
    this.log(`notice: ${text}`);
    this.emit('notice', { id: randomUUID(), level, text, at: this.now() });
  }

  async dispose(): Promise<void> {
    if (this.thumbnailTimer) clearInterval(this.thumbnailTimer);
    this.thumbnailTimer = null;
    this.watchers.clear();
    this.mirror.dispose();
    await this.connection.dispose();
  }
}

/** The OBS commands a segment's start implies, in the order they should run. */
export function segmentCues(segment: Segment, breakScene: string | null): ObsCommand[] {
  const commands: ObsCommand[] = [];
  const scene = segment.obs?.scene ?? (segment.kind === 'break' ? breakScene : null);
  if (scene) commands.push({ type: 'obsSetProgramScene', sceneName: scene });
  const lowerThird = segment.obs?.lowerThird;
  if (lowerThird) {
    const text = renderLowerThird(lowerThird.template, segment);
    commands.push({ type: 'obsSetText', inputName: lowerThird.inputName, text });
  }
  return commands;
}
