import type { ChatMessage } from './chat.js';
import type { FeedMessages } from './feedMessages.js';
import { emptyMessages, getMessage } from './feedMessages.js';

/**
 * The question feed: every chat message as it arrived (tagged with the segment that was live),
 * and the questions staff curate from it for the MCs.
 */

export const QUESTION_STATUSES = ['approved', 'queued', 'onAir', 'answered', 'dismissed'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export interface QuestionOrigin {
  messageId: string;
  source: ChatMessage['source'];
  authorName: string;
  permalink: string | null;
}

export interface Question {
  id: string;
  text: string;
  /** Chat messages it came from; more than one after a merge of duplicates. Empty for staff questions. */
  origins: QuestionOrigin[];
  /** The talk it is for; null for the general filler bank. */
  segmentId: string | null;
  status: QuestionStatus;
  /** Written by staff to fill a gap, not asked by the audience. */
  staff: boolean;
  /** Moderators' +1s (source reactions are counted from the feed entries). */
  moderatorVotes: number;
  createdAt: number;
  updatedAt: number;
}

export interface FeedState {
  /** Every message, by id and in arrival order (see feedMessages.ts for why it is stored so). */
  messages: FeedMessages;
  questions: Record<string, Question>;
  /** Question ids queued for the MC, in order. */
  queue: string[];
  onAir: string | null;
  /** Last time an MC asked for a filler question (moderators see it), or null. */
  fillerRequestedAt: number | null;
}

export function emptyFeed(): FeedState {
  return { messages: emptyMessages(), questions: {}, queue: [], onAir: null, fillerRequestedAt: null };
}

const QUESTION_WORDS =
  /^(who|what|when|where|why|how|which|whom|whose|is|are|am|was|were|do|does|did|can|could|should|would|will|shall|may|might|have|has|had|any|anyone|thoughts)\b(?!['’]t\b)/i;

/** "Q: …", "Q) …", "Q. …", "Q - …" (but not "Q-learning" or "Q.E.D."). */
const QUESTION_PREFIX = /^q\s*(?:[:)]|[.-](?=\s))\s*/i;

/** How much of a message's end the trailing-"?" test reads. */
const TRAILING_WINDOW = 200;

/**
 * A question mark (ASCII, Arabic "؟", full-width "？"), then only what people put after one:
 * more "?"/"!", closing quotes or brackets, emoji (with skin tones, variation selectors and
 * joiners), the `:shortcode:` emoji Slack and YouTube leave in the text, and ":)".
 */
const TRAILING_QUESTION_MARK =
  /[?؟？][?؟？!]*(?:[\s\p{Pe}\p{Pf}"'\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Cf}\ufe0e\ufe0f]|:[\w+'-]+:|[:;]-?[)(DP])*$/u;

/**
 * The cheap first pass a moderator's eye then confirms: a trailing "?", a leading question word,
 * or "Q:". It only raises a flag; it never hides a message.
 */
export function looksLikeQuestion(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return false;
  // Only the end matters, and a 4,000-character line of "????…" must not cost a quadratic scan.
  if (TRAILING_QUESTION_MARK.test(trimmed.slice(-TRAILING_WINDOW))) return true;
  if (QUESTION_PREFIX.test(trimmed)) return true;
  return QUESTION_WORDS.test(trimmed) && trimmed.split(/\s+/).length >= 3;
}

/** Lower case, no accents, punctuation or emoji, single spaces: for spotting duplicates. */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim()
    .replace(QUESTION_PREFIX, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const padded = ` ${text} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const gram = padded.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Dice coefficient of character bigrams of the normalised texts: 1 for the same words, 0 for nothing shared. */
export function similarity(a: string, b: string): number {
  const x = normaliseForMatch(a);
  const y = normaliseForMatch(b);
  if (x === '' || y === '') return 0;
  if (x === y) return 1;
  const gx = bigrams(x);
  const gy = bigrams(y);
  let shared = 0;
  for (const [gram, count] of gx) shared += Math.min(count, gy.get(gram) ?? 0);
  let total = 0;
  for (const count of gx.values()) total += count;
  for (const count of gy.values()) total += count;
  return (2 * shared) / total;
}

/** Above this, two questions are offered to a moderator as likely duplicates (they confirm). */
export const DUPLICATE_SIMILARITY = 0.72;

/** Open questions that look like `question`, best match first, for the moderator to confirm a merge. */
export function duplicateSuggestions(feed: FeedState, questionId: string): Question[] {
  const question = Object.hasOwn(feed.questions, questionId) ? feed.questions[questionId] : undefined;
  if (!question) return [];
  return (
    Object.values(feed.questions)
      .filter((q) => q.id !== questionId && q.status !== 'dismissed')
      .map((q) => [q, similarity(q.text, question.text)] as const)
      .filter(([, score]) => score >= DUPLICATE_SIMILARITY)
      // Equal scores: the older question first (then by id), so the list never reshuffles.
      .sort(
        ([qa, a], [qb, b]) =>
          b - a || qa.createdAt - qb.createdAt || (qa.id < qb.id ? -1 : qa.id > qb.id ? 1 : 0),
      )
      .map(([q]) => q)
  );
}

/** Audience votes on a question: reactions on every message it came from, plus moderators' +1s. */
export function votesOf(feed: FeedState, question: Question, questionReaction: string): number {
  let votes = question.moderatorVotes;
  for (const origin of question.origins) {
    const entry = getMessage(feed.messages, origin.messageId);
    if (!entry) continue;
    for (const [name, users] of Object.entries(entry.reactions)) {
      if (name !== questionReaction) votes += users.length;
    }
  }
  return votes;
}
