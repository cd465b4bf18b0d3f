import type { ChatIngest, ChatMessage, ChatSourceStatus } from '../../../shared/chat.js';
import type {
  YouTubeCursor,
  YouTubeCursorStore,
  YouTubeSettingsInput,
  YouTubeSourceOptions,
} from '../../../core/chat/youtube/youtubeSource.js';
import { YouTubeSource } from '../../../core/chat/youtube/youtubeSource.js';
import type { FakeYouTubeOptions } from '../fakes/fakeYouTube.js';
import { FakeYouTube } from '../fakes/fakeYouTube.js';

/** 2022-12-15 06:00 Pacific (14:00 UTC): NormConf day, 18 h before the quota resets. */
export const T0 = Date.UTC(2022, 11, 15, 14, 0, 0);

/**
 * A clock the test drives. The source's sleeps do not end on their own: `step()` waits until the
 * source is asleep, moves the clock forward by exactly the time it asked for, and wakes it. Every
 * requested wait is recorded, so "never sooner than pollingIntervalMillis" is a plain assertion.
 */
export class TestClock {
  time: number;
  readonly waits: number[] = [];
  private pending: { ms: number; wake: () => void } | null = null;
  private onSleep: (() => void)[] = [];

  constructor(start = T0) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      this.waits.push(ms);
      if (signal.aborted) return resolve();
      const entry = {
        ms,
        wake: (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        if (this.pending === entry) this.pending = null;
        entry.wake();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending = entry;
      for (const notify of this.onSleep.splice(0)) notify();
    });

  /** The length of the sleep the source is in, or null when it is not asleep. */
  get sleeping(): number | null {
    return this.pending?.ms ?? null;
  }

  /** Waits (in real time, bounded) until the source is asleep; returns the length it asked for. */
  async asleep(timeoutMs = 5_000): Promise<number> {
    const started = Date.now();
    while (!this.pending) {
      const left = timeoutMs - (Date.now() - started);
      if (left <= 0) throw new Error('the source did not go to sleep (it stopped, or is stuck in a call)');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.onSleep.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.pending.ms;
  }

  /** Lets the current sleep run to its end; returns its length. */
  async step(): Promise<number> {
    await this.asleep();
    const entry = this.pending;
    if (!entry) throw new Error('unreachable');
    this.pending = null;
    this.time += entry.ms;
    entry.wake();
    return entry.ms;
  }

  /** Steps until `done()` holds at a moment the source is asleep. */
  async stepUntil(done: () => boolean, maxSteps = 2_000): Promise<void> {
    for (let i = 0; i < maxSteps; i++) {
      await this.asleep();
      if (done()) return;
      await this.step();
    }
    throw new Error(`condition not met after ${maxSteps} steps`);
  }
}

export class MemoryCursorStore implements YouTubeCursorStore {
  cursor: YouTubeCursor | null = null;
  saves = 0;
  load(): Promise<YouTubeCursor | null> {
    return Promise.resolve(this.cursor ? structuredClone(this.cursor) : null);
  }
  save(cursor: YouTubeCursor): Promise<void> {
    this.saves += 1;
    this.cursor = structuredClone(cursor);
    return Promise.resolve();
  }
}

export interface Harness {
  fake: FakeYouTube;
  clock: TestClock;
  store: MemoryCursorStore;
  logs: string[];
  /** Set to make every request fail as if the network were down. */
  networkDown: boolean;
  source(settings?: Partial<YouTubeSettingsInput>, options?: Partial<YouTubeSourceOptions>): Watched;
  close(): Promise<void>;
}

export interface Watched {
  source: YouTubeSource;
  ingests: ChatIngest[];
  statuses: ChatSourceStatus[];
  /** The messages upserted, in order. */
  messages(): ChatMessage[];
}

export async function harness(
  options: { fake?: FakeYouTubeOptions; start?: number; settings?: Partial<YouTubeSettingsInput> } = {},
): Promise<Harness> {
  const clock = new TestClock(options.start ?? T0);
  const fake = new FakeYouTube({ now: clock.now, ...options.fake });
  const baseUrl = await fake.start();
  const store = new MemoryCursorStore();
  const logs: string[] = [];
  const sources: YouTubeSource[] = [];
  const h: Harness = {
    fake,
    clock,
    store,
    logs,
    networkDown: false,
    source(settings = {}, extra = {}) {
      const source = new YouTubeSource({
        settings: {
          apiKey: fake.apiKey,
          video: `https://www.youtube.com/watch?v=${fake.videoId}`,
          baseUrl,
          ...options.settings,
          ...settings,
        },
        cursorStore: store,
        now: clock.now,
        sleep: clock.sleep,
        random: () => 0.5,
        log: (line) => logs.push(line),
        fetch: (input, init) =>
          h.networkDown
            ? Promise.reject(
                new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1') }),
              )
            : fetch(input, init),
        ...extra,
      });
      sources.push(source);
      const watched: Watched = {
        source,
        ingests: [],
        statuses: [],
        messages: () => watched.ingests.flatMap((op) => (op.kind === 'upsert' ? [op.message] : [])),
      };
      source.on('ingest', (batch) => watched.ingests.push(...batch));
      source.on('status', (status) => watched.statuses.push(status));
      return watched;
    },
    async close() {
      await Promise.all(sources.map((source) => source.stop()));
      await fake.close();
    },
  };
  return h;
}

/** The chat message ids a source reported, without the "youtube:" prefix. */
export function upsertedIds(watched: Watched): string[] {
  return watched.messages().map((message) => message.id.replace(/^youtube:/, ''));
}
