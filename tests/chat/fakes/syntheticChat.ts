import type { ChatIngest } from '../../../shared/chat.js';

/**
 * A big, realistic-looking chat for load tests and benchmarks: two of three messages from Slack,
 * one from YouTube, a question every seventh, emoji, and the older half marked as backfill.
 */
export function syntheticMessage(i: number, total: number): ChatIngest {
  const slack = i % 3 !== 0;
  return {
    kind: 'upsert',
    message: {
      id: slack ? `slack:C0ASK:${1_700_000_000 + i}.000100` : `youtube:msg${i}`,
      source: slack ? 'slack' : 'youtube',
      channel: slack ? 'C0ASK' : 'live-chat-1',
      channelName: slack ? 'ask-the-speaker' : 'NormConf live',
      author: { id: `U${i % 97}`, name: `Viewer ${i % 97}`, badges: [] },
      text: i % 7 === 0 ? `Question number ${i}: how does this scale?` : `message number ${i} 👋`,
      sentAt: 1_700_000_000_000 + i * 100,
      permalink: null,
      threadId: null,
      backfill: i < total / 2,
      superChat: null,
      edited: false,
    },
  };
}

/** Hands `total` synthetic messages to a core in chunks and waits until its feed holds them. */
export async function fillFeed(
  core: {
    ingestChat(ops: readonly unknown[]): void;
    flushChat(): Promise<void>;
    state: { feed: { messages: { size: number } } };
  },
  total: number,
  chunk = 5_000,
): Promise<void> {
  for (let start = 0; start < total; start += chunk) {
    const operations: ChatIngest[] = [];
    for (let i = start; i < Math.min(total, start + chunk); i++) operations.push(syntheticMessage(i, total));
    core.ingestChat(operations);
    await core.flushChat();
  }
  if (core.state.feed.messages.size < total) {
    throw new Error(`the feed holds ${core.state.feed.messages.size} of ${total} messages`);
  }
}
