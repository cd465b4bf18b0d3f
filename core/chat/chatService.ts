import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeSecretJson } from '../adapters/secretFile.js';
import { z } from 'zod';
import type { ChatIngest, ChatSourceStatus } from '../../shared/chat.js';
import type { ChatSettingsUpdate } from '../../shared/chatSettings.js';
import { SlackSettings, withSavedSecrets, YouTubeSettings } from '../../shared/chatSettings.js';
import type { ChatLiveMessage, ChatSettingsInput } from '../../shared/protocol.js';
import type { FeedView } from './feedView.js';
import { fileCursorStore } from './fileCursorStore.js';
import { SlackCursor, SlackSource } from './slack/slackSource.js';
import { YouTubeCursor, YouTubeSource, publicYouTubeSettings } from './youtube/youtubeSource.js';
import { describeZodError } from '../../shared/zodErrors.js';

const SETTINGS_FILE = 'chat.json';
const DEFAULT_QUESTION_REACTION = 'question';

const SavedSettings = z.object({
  slack: SlackSettings.nullable().default(null),
  youtube: YouTubeSettings.nullable().default(null),
});
type SavedSettings = z.infer<typeof SavedSettings>;

export interface ChatServiceOptions {
  /** chat.json (mode 0600) lives here: tokens belong to this machine, not the show. */
  dataDir: string;
  /** The show folder, for the sources' saved positions. */
  showDir: string;
  /** Use these instead of the saved ones (tests, `serve`); they are not saved. */
  settings?: ChatSettingsInput;
  log?: (line: string) => void;
}

interface ChatServiceEvents {
  ingest: [ChatIngest[]];
  change: [ChatLiveMessage];
}

/** Parses the producer's settings; a bad one is a sentence, and nothing changes. */
export function parseChatSettings(
  input: ChatSettingsInput,
): { ok: true; settings: SavedSettings } | { ok: false; error: string } {
  const result = SavedSettings.safeParse(input);
  if (result.success) return { ok: true, settings: result.data };
  return { ok: false, error: describeZodError(result.error) };
}

/**
 * The audience's chat: the Slack and YouTube sources this core runs, their settings and saved
 * positions, and their health. Messages go to the core as ingest batches; statuses go to every
 * screen.
 */
export class ChatService extends EventEmitter<ChatServiceEvents> {
  private slack: SlackSource | null = null;
  private youtube: YouTubeSource | null = null;
  private readonly log: (line: string) => void;
  private showEndsAt: number | null = null;
  private feed: FeedView | undefined;

  private constructor(
    private settings: SavedSettings,
    private readonly settingsFile: string | null,
    private readonly options: ChatServiceOptions,
  ) {
    super();
    this.log = options.log ?? ((line) => console.log(line));
  }

  static async open(options: ChatServiceOptions): Promise<ChatService> {
    if (options.settings) {
      const parsed = parseChatSettings(options.settings);
      if (!parsed.ok) throw new Error(`chat settings: ${parsed.error}`);
      return new ChatService(parsed.settings, null, options);
    }
    const file = path.join(options.dataDir, SETTINGS_FILE);
    let settings: SavedSettings = { slack: null, youtube: null };
    try {
      const parsed = parseChatSettings(JSON.parse(await fs.readFile(file, 'utf8')) as ChatSettingsInput);
      if (parsed.ok) settings = parsed.settings;
      else options.log?.(`${file}: ${parsed.error}; chat sources are off until they are set again`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        options.log?.(`cannot read ${file} (${(error as Error).message}); chat sources are off`);
      }
    }
    return new ChatService(settings, file, options);
  }

  /** The core's feed, for the sources' catch-ups (reconciling deletions, holding early events). */
  useFeed(feed: FeedView): void {
    this.feed = feed;
  }

  /** What the sources see: the feed once the core hands it over (a source may start first). */
  private readonly feedView: FeedView = {
    messages: (source, channel) => this.feed?.messages(source, channel) ?? [],
    has: (id) => this.feed?.has(id) ?? false,
  };

  /** The Slack reaction that marks a question. */
  get questionReaction(): string {
    return this.settings.slack?.questionReaction ?? DEFAULT_QUESTION_REACTION;
  }

  get live(): ChatLiveMessage {
    const statuses: ChatSourceStatus[] = [];
    if (this.slack) statuses.push(this.slack.status);
    if (this.youtube) statuses.push(this.youtube.status);
    const { slack, youtube } = this.settings;
    return {
      sources: statuses,
      settings: {
        slack: slack
          ? {
              channels: slack.channels,
              questionReaction: slack.questionReaction,
              slackApiUrl: slack.slackApiUrl ?? null,
              initialBackfill: slack.initialBackfill,
              threadLookbackMinutes: slack.threadLookbackMinutes,
            }
          : null,
        youtube: youtube ? publicYouTubeSettings(youtube) : null,
      },
    };
  }

  /** Started (a primary's sources run); a backup's are only configured until it is promoted. */
  private running = false;

  async start(): Promise<void> {
    this.running = true;
    const { slack, youtube } = this.settings;
    const { showDir } = this.options;
    if (slack) {
      this.slack = new SlackSource({
        settings: slack,
        cursorStore: fileCursorStore(path.join(showDir, 'slack-cursor.json'), SlackCursor, 'slack', this.log),
        log: this.log,
        feed: this.feedView,
      });
      this.follow(this.slack);
      await this.slack.start();
    }
    if (youtube) {
      this.youtube = new YouTubeSource({
        settings: { ...youtube, showEndsAt: this.showEndsAt ?? youtube.showEndsAt },
        cursorStore: fileCursorStore(
          path.join(showDir, 'youtube-cursor.json'),
          YouTubeCursor,
          'youtube',
          this.log,
        ),
        log: this.log,
        feed: this.feedView,
      });
      this.follow(this.youtube);
      this.youtube.start();
    }
    this.emit('change', this.live);
  }

  private follow(source: SlackSource | YouTubeSource): void {
    source.on('ingest', (operations) => this.emit('ingest', operations));
    source.on('status', () => this.emit('change', this.live));
  }

  /** The rundown's planned end moved: YouTube spreads its quota until then. */
  planUntil(showEndsAt: number | null): void {
    if (showEndsAt === this.showEndsAt) return;
    this.showEndsAt = showEndsAt;
    this.youtube?.updatePlan({ showEndsAt });
  }

  /**
   * Saves new settings (tokens stay in chat.json) and restarts the sources with them. Secrets
   * the update leaves out are the saved ones.
   */
  configure(update: ChatSettingsUpdate): Promise<{ ok: true } | { ok: false; error: string }> {
    // One save at a time (two producer windows, a script): each sees the settings the last one
    // left, and no source started by one is left running unstopped by the next.
    const run = this.saving.then(() => this.configureNow(update));
    this.saving = run.catch(() => undefined);
    return run;
  }

  private saving: Promise<unknown> = Promise.resolve();

  private async configureNow(
    update: ChatSettingsUpdate,
  ): Promise<{ ok: true } | { ok: false; error: string }> {
    const merged = withSavedSecrets(update, this.settings);
    if (!merged.ok) return merged;
    const input = merged.settings as ChatSettingsInput;
    const parsed = parseChatSettings(input);
    if (!parsed.ok) return parsed;
    if (this.settingsFile) {
      await writeSecretJson(this.settingsFile, input);
    }
    if (!this.running) {
      this.settings = parsed.settings;
      this.emit('change', this.live);
      return { ok: true };
    }
    await this.stopSources();
    this.settings = parsed.settings;
    await this.start();
    return { ok: true };
  }

  private async stopSources(): Promise<void> {
    const sources = [this.slack, this.youtube];
    this.slack = null;
    this.youtube = null;
    for (const source of sources) {
      source?.removeAllListeners();
      await source?.stop();
    }
  }

  async dispose(): Promise<void> {
    await this.stopSources();
  }
}
