import type { SocketModeClient } from '@slack/socket-mode';
import { ChatIngest } from '../../../shared/chat.js';
import type { ChatAuthor, ChatMessage } from '../../../shared/chat.js';
import { MAX_CHAT_TEXT } from '../../../shared/chat.js';
import { clipText } from '../../../shared/text.js';
import { describeZodError } from '../../../shared/zodErrors.js';
import { SlackState } from './slackState.js';
import {
  baseReaction,
  compareTs,
  slackMessageId,
  slackPermalink,
  slackToPlain,
  tsToMs,
} from './slackText.js';
import {
  EventCallback,
  MessageEvent,
  RawMessage,
  ReactionEvent,
  Stale,
  TokensRevokedEvent,
  UserInfo,
  describeError,
  platformCode,
} from './slackWire.js';
import type { SlackEvent } from './slackWire.js';

/**
 * From Slack events to feed messages: every envelope is acknowledged before anything else is done
 * with it; events are deduplicated on `event_id` and messages on (channel, ts), so Slack's
 * redeliveries never show twice (live and backfill share that dedupe); messages, edits,
 * deletions and reactions become ChatIngest operations, with authors' names from users.info.
 */

/** Insertion-ordered set that forgets its oldest entries beyond `max`. */
export class BoundedSet {
  private readonly items = new Set<string>();
  constructor(private readonly max: number) {}
  has(key: string): boolean {
    return this.items.has(key);
  }
  add(key: string): void {
    this.items.delete(key);
    this.items.add(key);
    if (this.items.size > this.max) {
      const oldest = this.items.values().next();
      if (!oldest.done) this.items.delete(oldest.value);
    }
  }
}

/**
 * Live events held while a catch-up runs, for messages not in the feed yet (at most this many;
 * beyond it the oldest held is applied at once, where the feed may drop it).
 */
export const MAX_HELD_EVENTS = 1_000;

/** Subtypes that are still a person writing in the channel. Everything else (joins, bots, topic…) is ignored. */
const USER_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

export abstract class SlackMessages extends SlackState {
  protected authorLookups = new Map<string, Promise<ChatAuthor>>();
  protected readonly seenEvents = new BoundedSet(5_000);
  protected readonly seenMessages = new BoundedSet(20_000);
  protected readonly deletedMessages = new BoundedSet(5_000);
  protected queue: Promise<void> = Promise.resolve();
  /** Messages this source has handed to the core (so the feed has them, or will). */
  protected readonly emitted = new BoundedSet(20_000);
  /** Messages posted, edited or reacted to live since the catch-up began: history read earlier may not show it. */
  protected liveTouched = new BoundedSet(5_000);
  /**
   * Reactions (a question mark is one) that arrived live during a catch-up for a message neither
   * the feed nor this source has yet: the catch-up may still bring the message (posted in the
   * gap, read before the reaction), and the feed ignores a reaction to a message it lacks. They
   * are applied, in order, when the catch-up ends.
   */
  protected held: ChatIngest[] = [];

  // -------------------------------------------------------------------------------------------
  // Live events

  protected onEnvelope(signal: AbortSignal, socket: SocketModeClient, raw: unknown): void {
    const envelope = (typeof raw === 'object' && raw !== null ? raw : {}) as {
      ack?: () => Promise<void>;
      type?: unknown;
      body?: unknown;
    };
    // Acknowledge first, whatever it is: Slack redelivers anything not acked within 3 s.
    if (typeof envelope.ack === 'function') {
      envelope
        .ack()
        .catch((error: unknown) => this.logger.warn(`could not ack an envelope: ${describeError(error)}`));
    }
    if (!this.owns(signal, socket) || envelope.type !== 'events_api') return;
    const parsed = EventCallback.safeParse(envelope.body);
    if (!parsed.success) {
      this.logger.warn('ignored a malformed events_api envelope');
      return;
    }
    const { event_id: eventId, event } = parsed.data;
    if (this.seenEvents.has(eventId)) return; // a redelivery (retry_attempt > 0)
    this.seenEvents.add(eventId);
    this.enqueue(signal, () => this.handleEvent(signal, event));
  }

  /** Live events are processed one at a time, in the order Slack sent them. */
  protected enqueue(signal: AbortSignal, task: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (!this.isCurrent(signal)) return;
      try {
        await task();
      } catch (error) {
        if (!(error instanceof Stale))
          this.logger.error(`could not process an event: ${describeError(error)}`);
      }
    });
  }

  protected async handleEvent(signal: AbortSignal, event: SlackEvent): Promise<void> {
    switch (event.type) {
      case 'message':
        await this.onMessageEvent(signal, event);
        return;
      case 'reaction_added':
      case 'reaction_removed':
        this.onReactionEvent(signal, event);
        return;
      case 'app_uninstalled':
        this.fail(
          signal,
          'The Slack app was uninstalled from the workspace: reinstall it and update the tokens in the settings',
        );
        return;
      case 'tokens_revoked': {
        const parsed = TokensRevokedEvent.safeParse(event);
        const bots = parsed.success ? (parsed.data.tokens?.bot ?? []) : [];
        const me = this.identity?.userId;
        if (bots.length > 0 && (!me || bots.includes(me))) {
          this.fail(
            signal,
            "Slack revoked the app's bot token (tokens_revoked): reinstall the app and update the tokens in the settings",
          );
        }
        return;
      }
      default:
        return;
    }
  }

  protected watched(channel: string | undefined): channel is string {
    return channel !== undefined && this.settings.channels.includes(channel);
  }

  protected isUserMessage(message: RawMessage): boolean {
    if (message.hidden || message.bot_id || !message.user) return false;
    if (message.subtype !== undefined && !USER_SUBTYPES.has(message.subtype)) return false;
    return message.user !== this.identity?.userId;
  }

  protected async onMessageEvent(signal: AbortSignal, raw: SlackEvent): Promise<void> {
    const parsed = MessageEvent.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn('ignored a malformed message event');
      return;
    }
    const event = parsed.data;
    if (!this.watched(event.channel)) return;
    const channel = event.channel;
    switch (event.subtype) {
      case 'message_changed': {
        const message = RawMessage.safeParse(event.message);
        if (!message.success) return;
        const edited = message.data;
        const id = slackMessageId(channel, edited.ts);
        if (edited.subtype === 'tombstone') {
          // A thread parent deleted while its replies stay: Slack leaves a placeholder.
          this.deleteMessage(signal, id);
          return;
        }
        const previous = RawMessage.safeParse(event.previous_message);
        const textChanged = !previous.success || (previous.data.text ?? '') !== (edited.text ?? '');
        // Reply counts and link unfurls also arrive as message_changed; only real edits count.
        if (!edited.edited && !textChanged) return;
        if (this.deletedMessages.has(id) || !this.isUserMessage(edited)) return;
        this.liveTouched.add(id);
        const author = await this.author(signal, edited.user ?? '');
        if (!this.isCurrent(signal)) return;
        this.seenMessages.add(id);
        this.emitIngest(signal, [
          {
            kind: 'upsert',
            message: this.toChatMessage(channel, edited, author, { backfill: false, edited: true }),
          },
        ]);
        return;
      }
      case 'message_deleted':
        if (event.deleted_ts) this.deleteMessage(signal, slackMessageId(channel, event.deleted_ts));
        return;
      case undefined:
      default:
        if (!this.isUserMessage(event)) return;
        this.liveTouched.add(slackMessageId(channel, event.ts));
        await this.emitNewMessages(signal, channel, [event], false);
    }
  }

  protected deleteMessage(signal: AbortSignal, id: string): void {
    this.deletedMessages.add(id);
    this.emitIngest(signal, [{ kind: 'delete', id }]);
  }

  protected onReactionEvent(signal: AbortSignal, raw: SlackEvent): void {
    const parsed = ReactionEvent.safeParse(raw);
    if (!parsed.success) return;
    const { type, user, reaction, item } = parsed.data;
    if (item.type !== 'message' || !this.watched(item.channel) || !item.ts) return;
    const op: ChatIngest = {
      kind: 'reaction',
      id: slackMessageId(item.channel, item.ts),
      reaction: baseReaction(reaction),
      userId: user,
      added: type === 'reaction_added',
    };
    this.liveTouched.add(op.id); // history read earlier may not show it yet
    if (this.backfillRunning && !this.known(op.id)) {
      this.hold(signal, op);
      return;
    }
    this.emitIngest(signal, [op]);
  }

  /** Whether the feed has the message, or this source already sent it there. */
  protected known(id: string): boolean {
    return this.emitted.has(id) || (this.feed?.has(id) ?? false);
  }

  protected hold(signal: AbortSignal, op: ChatIngest): void {
    this.held.push(op);
    if (this.held.length <= MAX_HELD_EVENTS) return;
    const oldest = this.held.shift();
    this.logger.warn(`more than ${MAX_HELD_EVENTS} reactions wait for the catch-up; applying the oldest now`);
    if (oldest) this.emitIngest(signal, [oldest]);
  }

  /** The catch-up ended: the held events go to the feed, after everything it brought. */
  protected releaseHeld(signal: AbortSignal): void {
    const held = this.held;
    this.held = [];
    if (held.length > 0) this.emitIngest(signal, held);
  }

  // -------------------------------------------------------------------------------------------
  // Messages → ChatIngest

  /**
   * Emits the messages not seen before (live and backfill share the (channel, ts) dedupe), in ts
   * order, with the reactions they already carry when backfilled.
   */
  protected async emitNewMessages(
    signal: AbortSignal,
    channel: string,
    messages: RawMessage[],
    backfill: boolean,
  ): Promise<Set<string>> {
    const fresh: RawMessage[] = [];
    for (const message of messages) {
      const id = slackMessageId(channel, message.ts);
      if (this.seenMessages.has(id) || this.deletedMessages.has(id)) continue;
      this.seenMessages.add(id); // before any await: the other path must not take it too
      fresh.push(message);
    }
    const ids = new Set(fresh.map((message) => slackMessageId(channel, message.ts)));
    if (fresh.length === 0) return ids;
    fresh.sort((a, b) => compareTs(a.ts, b.ts));
    const authors = await Promise.all(fresh.map((message) => this.author(signal, message.user ?? '')));
    if (!this.isCurrent(signal)) return ids;
    const batch: ChatIngest[] = [];
    fresh.forEach((message, index) => {
      const author = authors[index] ?? {
        id: message.user ?? 'unknown',
        name: message.user ?? 'unknown',
        badges: [],
      };
      batch.push({
        kind: 'upsert',
        message: this.toChatMessage(channel, message, author, { backfill, edited: false }),
      });
      if (backfill) {
        for (const reaction of message.reactions ?? []) {
          for (const userId of reaction.users) {
            batch.push({
              kind: 'reaction',
              id: slackMessageId(channel, message.ts),
              reaction: baseReaction(reaction.name),
              userId,
              added: true,
            });
          }
        }
      }
      this.position.noteSeen(channel, message, !backfill);
    });
    this.received += fresh.length;
    this.emitIngest(signal, batch);
    this.publish();
    this.position.scheduleSave();
    return ids;
  }

  protected emitIngest(signal: AbortSignal, batch: ChatIngest[]): void {
    if (!this.isCurrent(signal)) return;
    const valid: ChatIngest[] = [];
    for (const item of batch) {
      const parsed = ChatIngest.safeParse(item);
      if (parsed.success) {
        valid.push(parsed.data);
        if (parsed.data.kind === 'upsert') this.emitted.add(parsed.data.message.id);
      } else
        this.logger.warn(
          `dropped a message that does not fit the chat model (${describeZodError(parsed.error)})`,
        );
    }
    if (valid.length > 0) this.emit('ingest', valid);
  }

  protected toChatMessage(
    channel: string,
    message: RawMessage,
    author: ChatAuthor,
    flags: { backfill: boolean; edited: boolean },
  ): ChatMessage {
    const threadTs = message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : null;
    return {
      id: slackMessageId(channel, message.ts),
      source: 'slack',
      channel,
      channelName: clipText(this.channelLabel(channel), 200),
      author,
      text: this.messageText(message),
      sentAt: tsToMs(message.ts),
      permalink: slackPermalink(this.identity?.workspaceUrl ?? null, channel, message.ts, threadTs),
      threadId: threadTs ? slackMessageId(channel, threadTs) : null,
      backfill: flags.backfill,
      superChat: null,
      edited: flags.edited,
    };
  }

  protected channelLabel(channel: string): string {
    const name = this.channelNames.get(channel);
    return name ? `#${name}` : channel;
  }

  protected messageText(message: RawMessage): string {
    let text = slackToPlain(message.text ?? '', {
      user: (id) => this.authors.get(id)?.name,
      channel: (id) => this.channelNames.get(id),
    });
    if (!text.trim() && message.files?.length) {
      text = message.files.map((file) => `[file: ${file.title || file.name || 'untitled'}]`).join(' ');
    }
    return clipText(text, MAX_CHAT_TEXT);
  }

  /** Display name from users.info, cached; a failed lookup shows the user id and is retried next time. */
  protected author(signal: AbortSignal, userId: string): Promise<ChatAuthor> {
    const known = this.authors.get(userId);
    if (known) return Promise.resolve(known);
    const lookups = this.authorLookups;
    let lookup = lookups.get(userId);
    if (!lookup) {
      lookup = this.fetchAuthor(signal, userId).finally(() => lookups.delete(userId));
      lookups.set(userId, lookup);
    }
    return lookup;
  }

  protected remember(author: ChatAuthor): void {
    this.authors.set(author.id, author);
    if (this.authors.size > 10_000) {
      const oldest = this.authors.keys().next();
      if (!oldest.done) this.authors.delete(oldest.value);
    }
  }

  protected async fetchAuthor(signal: AbortSignal, userId: string): Promise<ChatAuthor> {
    const fallback: ChatAuthor = { id: userId || 'unknown', name: userId || 'unknown', badges: [] };
    if (!userId) return fallback;
    try {
      const parsed = UserInfo.safeParse(await this.call(signal, 'users.info', { user: userId }));
      if (!parsed.success) throw new Error('users.info answered without a user');
      const { user } = parsed.data;
      const name =
        user.profile?.display_name?.trim() ||
        user.profile?.real_name?.trim() ||
        user.real_name?.trim() ||
        user.name?.trim() ||
        userId;
      const badges = [
        user.is_owner && 'owner',
        user.is_admin && 'admin',
        user.is_restricted && 'guest',
      ].filter((badge): badge is string => typeof badge === 'string');
      const author: ChatAuthor = { id: userId, name: clipText(name, 200), badges };
      this.remember(author);
      return author;
    } catch (error) {
      if (platformCode(error) === 'user_not_found') this.remember(fallback);
      if (!(error instanceof Stale)) this.logger.warn(`no name for ${userId}: ${describeError(error)}`);
      return fallback;
    }
  }
}
