import type { FeedState } from '../../shared/questions.js';
import type { ShowStoreApi } from '../store/showStore.js';
import { feedEntry } from './feedView.js';

/** How long to wait for an approved message's question to arrive in the replica. */
const QUESTION_WAIT_MS = 5_000;

/**
 * Resolves with the question id of a message once the replica has it (right after an
 * approveMessage is acknowledged, its record may still be on the way), or null on timeout.
 */
export function waitForQuestionId(store: ShowStoreApi, messageId: string): Promise<string | null> {
  const read = (feed: FeedState | undefined): string | null => {
    const entry = feedEntry(feed, messageId);
    const id = entry?.questionId ?? null;
    return id !== null && feed && Object.hasOwn(feed.questions, id) ? id : null;
  };
  const now = read(store.getState().showState?.feed);
  if (now !== null) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(null);
    }, QUESTION_WAIT_MS);
    const unsubscribe = store.subscribe((state) => {
      const id = read(state.showState?.feed);
      if (id === null) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(id);
    });
  });
}

/** Keys typed into a field are text, not triage. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}
