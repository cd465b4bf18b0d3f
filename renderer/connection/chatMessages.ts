import { z } from 'zod';
import { CHAT_SOURCE_STATES, ChatSource } from '../../shared/chat.js';
import type { ChatLiveMessage } from '../../shared/protocol.js';

/**
 * The chat sources' health, checked like the OBS pushes: a typed socket says what the core
 * should send, not what arrived. A malformed one is dropped; the next arrives on the next change.
 */

const Quota = z.object({
  usedUnits: z.number(),
  dailyUnits: z.number(),
  intervalMs: z.number(),
  exhaustsAt: z.number().nullable(),
  resetsAt: z.number(),
});

const SourceStatus = z.object({
  source: ChatSource,
  state: z.enum(CHAT_SOURCE_STATES),
  reason: z.string().max(2_000).nullable(),
  since: z.number(),
  retryAt: z.number().nullable(),
  quota: Quota.nullable(),
  received: z.number(),
});

const ChatLive = z.object({
  sources: z.array(SourceStatus).max(10),
  settings: z.object({
    slack: z.object({ channels: z.array(z.string()), questionReaction: z.string() }).nullable(),
    youtube: z
      .object({
        video: z.string(),
        videoId: z.string(),
        auth: z.enum(['apiKey', 'oauth']),
        dailyQuota: z.number(),
        priority: z.string(),
        showEndsAt: z.number().nullable(),
      })
      .nullable(),
  }),
});

export function readChatLive(value: unknown): ChatLiveMessage | null {
  const parsed = ChatLive.safeParse(value);
  return parsed.success ? parsed.data : null;
}
