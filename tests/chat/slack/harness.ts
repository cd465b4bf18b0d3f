import type { ChatIngest, ChatMessage, ChatSourceStatus } from '../../../shared/chat.js';
import type {
  SlackCursor,
  SlackCursorStore,
  SlackSettingsInput,
  SlackSourceOptions,
} from '../../../core/chat/slack/slackSource.js';
import { SlackSource } from '../../../core/chat/slack/slackSource.js';
import type { FakeSlack } from '../fakes/fakeSlack.js';

export class MemoryCursorStore implements SlackCursorStore {
  saves = 0;
  constructor(public saved: SlackCursor | null = null) {}
  load(): Promise<SlackCursor | null> {
    return Promise.resolve(this.saved ? structuredClone(this.saved) : null);
  }
  save(cursor: SlackCursor): Promise<void> {
    this.saves += 1;
    this.saved = structuredClone(cursor);
    return Promise.resolve();
  }
}

/** Everything a source emitted, and the feed it adds up to (upserts by id, deletes applied). */
export class Recorder {
  readonly batches: ChatIngest[][] = [];
  readonly statuses: ChatSourceStatus[] = [];
  constructor(
    source: SlackSource,
    readonly feed = new Map<string, ChatMessage>(),
  ) {
    source.on('ingest', (batch) => {
      this.batches.push(batch);
      for (const item of batch) {
        if (item.kind === 'upsert') this.feed.set(item.message.id, item.message);
        if (item.kind === 'delete') this.feed.delete(item.id);
      }
    });
    source.on('status', (status) => this.statuses.push(status));
  }

  get items(): ChatIngest[] {
    return this.batches.flat();
  }

  upserts(id?: string): ChatMessage[] {
    return this.items.flatMap((item) =>
      item.kind === 'upsert' && (id === undefined || item.message.id === id) ? [item.message] : [],
    );
  }

  states(): string[] {
    return this.statuses.map((s) => s.state);
  }
}

export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Rig {
  fake: FakeSlack;
  source: SlackSource;
  recorder: Recorder;
  store: MemoryCursorStore;
  logs: string[];
}

export function settingsFor(
  fake: FakeSlack,
  overrides: Partial<SlackSettingsInput> = {},
): SlackSettingsInput {
  return {
    appToken: fake.appToken,
    botToken: fake.botToken,
    channels: ['C0ASK'],
    slackApiUrl: fake.apiUrl,
    ...overrides,
  };
}

/** A source pointed at the fake, with short backoffs (no test waits on the production ones). */
export function makeSource(
  fake: FakeSlack,
  options: {
    settings?: Partial<SlackSettingsInput>;
    store?: MemoryCursorStore;
    source?: Partial<SlackSourceOptions>;
    /** Hand the source the recorder's feed as the core's (the catch-up reconciles against it). */
    feed?: boolean;
  } = {},
): Omit<Rig, 'fake'> {
  const logs: string[] = [];
  const store = options.store ?? new MemoryCursorStore();
  const feed = new Map<string, ChatMessage>();
  const source = new SlackSource({
    feed: options.feed
      ? {
          *messages(source, channel) {
            for (const message of feed.values())
              if (message.source === source && message.channel === channel) yield message;
          },
          has: (id) => feed.has(id),
        }
      : undefined,
    settings: settingsFor(fake, options.settings),
    cursorStore: store,
    log: (line) => logs.push(line),
    backoff: () => 30,
    cursorSaveDelayMs: 10,
    ...options.source,
  });
  return { source, recorder: new Recorder(source, feed), store, logs };
}

export async function connected(rig: Pick<Rig, 'source'>, what = 'connected'): Promise<void> {
  await waitFor(() => rig.source.status.state === 'connected', what);
}
