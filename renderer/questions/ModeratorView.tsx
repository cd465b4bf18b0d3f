import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import type { FeedState, Question } from '../../shared/questions.js';
import { duplicateSuggestions, emptyFeed } from '../../shared/questions.js';
import { ConnectionPill } from '../common/ConnectionPill.js';
import { ModalDialog } from '../common/ModalDialog.js';
import { ShowClock } from '../common/ShowClock.js';
import { StaleBanner } from '../common/StaleBanner.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useCurrentSegment, useRole, useSegments, useShowInfo } from '../store/hooks.js';
import { showStore, useShowStore } from '../store/showStore.js';
import { ChatStatusStrip } from './ChatStatusStrip.js';
import type { FeedFilters } from './feedView.js';
import { askedBy, feedEntry, filterFeed, NO_FILTERS, questionOf } from './feedView.js';
import type { FeedListHandle } from './FeedList.js';
import { FeedList } from './FeedList.js';
import { isTypingTarget, waitForQuestionId } from './questionActions.js';
import { QuestionSidePanel } from './QuestionSidePanel.js';

const EMPTY_FEED: FeedState = emptyFeed();

const KEY_HELP: [string, string][] = [
  ['J / K', 'next / previous'],
  ['A', 'approve'],
  ['Q', 'queue'],
  ['D', 'dismiss'],
  ['M', 'merge'],
  ['X', 'mark / unmark question'],
  ['End', 'latest'],
];

/** The moderators' screen: the combined feed (filtered, triaged by keyboard) and the questions beside it. */
export function ModeratorView() {
  const info = useShowInfo();
  const role = useRole();
  const feed = useShowStore((s) => s.showState?.feed ?? EMPTY_FEED);
  const segments = useSegments();
  const current = useCurrentSegment();
  const send = useSendCommand();
  const [filters, setFilters] = useState<FeedFilters>(NO_FILTERS);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [mergeFor, setMergeFor] = useState<string | null>(null);
  const list = useRef<FeedListHandle>(null);

  const segmentTitles = useMemo(() => new Map(segments.map((s) => [s.id, s.title])), [segments]);
  const ids = useMemo(() => filterFeed(feed.messages, filters), [feed.messages, filters]);

  const select = useCallback((id: string) => setSelectedId(id), []);

  const selectedEntry = feedEntry(feed, selectedId);

  const approve = useCallback(
    async (messageId: string): Promise<string | null> => {
      const existing = questionOf(
        showStore.getState().showState?.feed ?? EMPTY_FEED,
        feedEntry(showStore.getState().showState?.feed, messageId),
      );
      if (existing) return existing.id;
      const result = await send({ type: 'approveMessage', messageId });
      if (!result.ok) return null;
      return waitForQuestionId(showStore, messageId);
    },
    [send],
  );

  // Keyboard triage, on the selected row. Not while typing in a field, or with a dialog open.
  const handlers = useRef({ ids, selectedId, feed });
  useLayoutEffect(() => {
    handlers.current = { ids, selectedId, feed };
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const { ids: shown, selectedId: selected, feed: now } = handlers.current;
      const index = selected ? shown.indexOf(selected) : -1;
      const moveTo = (target: number) => {
        if (shown.length === 0) return;
        const clamped = Math.max(0, Math.min(shown.length - 1, target));
        setSelectedId(shown[clamped]!);
        list.current?.scrollToIndex(clamped);
      };
      const key = event.key.toLowerCase();
      if (key === 'j' || key === 'arrowdown') {
        event.preventDefault();
        moveTo(index < 0 ? shown.length - 1 : index + 1);
        return;
      }
      if (key === 'k' || key === 'arrowup') {
        event.preventDefault();
        moveTo(index < 0 ? shown.length - 1 : index - 1);
        return;
      }
      if (key === 'end') {
        event.preventDefault();
        moveTo(shown.length - 1);
        return;
      }
      const entry = feedEntry(now, selected);
      if (!entry) return;
      const question = questionOf(now, entry);
      switch (key) {
        case 'a':
          event.preventDefault();
          void approve(entry.id);
          return;
        case 'q':
          event.preventDefault();
          void (async () => {
            const questionId = await approve(entry.id);
            if (!questionId) return;
            const status = showStore.getState().showState?.feed.questions[questionId]?.status;
            if (status === 'queued' || status === 'onAir') return;
            await send({ type: 'queueQuestion', questionId });
          })();
          return;
        case 'd':
          event.preventDefault();
          if (question) void send({ type: 'dismissQuestion', questionId: question.id });
          else if (entry.looksLikeQuestion)
            void send({ type: 'markMessage', messageId: entry.id, question: false });
          return;
        case 'x':
          event.preventDefault();
          void send({ type: 'markMessage', messageId: entry.id, question: !entry.looksLikeQuestion });
          return;
        case 'm':
          event.preventDefault();
          if (question) setMergeFor(question.id);
          else
            showStore.getState().pushToast({
              kind: 'info',
              title: 'Nothing to merge',
              text: 'Approve the message first (A), then merge.',
            });
          return;
        default:
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [approve, send]);

  const setFilter = <K extends keyof FeedFilters>(key: K, value: FeedFilters[K]) =>
    setFilters((f) => ({ ...f, [key]: value }));

  return (
    <div className="moderator" onMouseDown={keepFocusOffClickedButtons}>
      <header className="topbar">
        <span className="topbar__brand">Showcaller</span>
        <h1 className="topbar__show">{info?.name ?? 'Loading…'}</h1>
        {role ? (
          <span className="role-badge">{role === 'moderator' ? 'moderator' : `${role} · moderating`}</span>
        ) : null}
        <span className="moderator__now">
          {current ? (
            <>
              <span className="live-tag live-tag--on">Now</span> <bdi>{current.title}</bdi>
            </>
          ) : (
            'No talk live'
          )}
        </span>
        <ShowClock />
        <ConnectionPill />
      </header>
      <ChatStatusStrip />
      <StaleBanner />
      <main className="moderator__main">
        <section className="moderator__feed" aria-label="Feed">
          <div className="feed-filters" role="search">
            <input
              className="input feed-filters__search"
              type="search"
              placeholder="Search text or author…"
              aria-label="Search the feed"
              value={filters.search}
              onChange={(e) => setFilter('search', e.target.value)}
            />
            <label className="feed-filters__check">
              <input
                type="checkbox"
                checked={filters.questionsOnly}
                onChange={(e) => setFilter('questionsOnly', e.target.checked)}
              />
              Questions only
            </label>
            <select
              className="input"
              aria-label="Source"
              value={filters.source}
              onChange={(e) => setFilter('source', e.target.value as FeedFilters['source'])}
            >
              <option value="all">All sources</option>
              <option value="slack">Slack</option>
              <option value="youtube">YouTube</option>
            </select>
            <select
              className="input feed-filters__talk"
              aria-label="Talk"
              value={filters.segment}
              onChange={(e) => setFilter('segment', e.target.value)}
            >
              <option value="all">All talks</option>
              <option value="none">Outside talks</option>
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
            <span className="feed-filters__count" data-testid="feed-count">
              {ids.length.toLocaleString('en-US')}
              {ids.length !== feed.messages.size
                ? ` of ${feed.messages.size.toLocaleString('en-US')}`
                : ''}{' '}
              messages
            </span>
          </div>
          <FeedList
            ref={list}
            feed={feed}
            ids={ids}
            selectedId={selectedEntry ? selectedId : null}
            segmentTitles={segmentTitles}
            onSelect={select}
          />
          <footer className="key-help" aria-label="Keyboard shortcuts">
            {KEY_HELP.map(([keys, what]) => (
              <span key={keys} className="key-help__item">
                <kbd>{keys}</kbd> {what}
              </span>
            ))}
          </footer>
        </section>
        <QuestionSidePanel feed={feed} segmentTitles={segmentTitles} onMerge={setMergeFor} />
      </main>
      {mergeFor ? <MergeDialog feed={feed} questionId={mergeFor} onClose={() => setMergeFor(null)} /> : null}
    </div>
  );
}

/** Suggested duplicates of a question, best first; the moderator confirms which one to merge. */
function MergeDialog({
  feed,
  questionId,
  onClose,
}: {
  feed: FeedState;
  questionId: string;
  onClose: () => void;
}) {
  const send = useSendCommand();
  const question = Object.hasOwn(feed.questions, questionId) ? feed.questions[questionId] : undefined;
  const suggestions = useMemo(() => duplicateSuggestions(feed, questionId), [feed, questionId]);
  const merge = async (other: Question) => {
    // The one on air (or queued, or older) stays; the other folds into it.
    const keepOther =
      feed.onAir !== questionId && (feed.onAir === other.id || other.createdAt <= (question?.createdAt ?? 0));
    const result = await send(
      keepOther
        ? { type: 'mergeQuestions', intoId: other.id, fromId: questionId }
        : { type: 'mergeQuestions', intoId: questionId, fromId: other.id },
    );
    if (result.ok) onClose();
  };
  return (
    <ModalDialog labelledBy="merge-heading" onClose={onClose} className="editor--narrow">
      <div className="editor__form">
        <h2 id="merge-heading" className="editor__heading">
          Merge duplicates
        </h2>
        {question ? (
          <p className="merge__this" dir="auto">
            {question.text}
          </p>
        ) : null}
        {suggestions.length === 0 ? (
          <p className="panel__empty">No similar open question.</p>
        ) : (
          <ul className="merge__list">
            {suggestions.map((other) => (
              <li key={other.id} className="merge__item">
                <div>
                  <p dir="auto">{other.text}</p>
                  <small>{askedBy(other)}</small>
                </div>
                <button type="button" className="button button--primary" onClick={() => void merge(other)}>
                  Merge
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="editor__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}

function keepFocusOffClickedButtons(event: MouseEvent<HTMLDivElement>) {
  if (event.target instanceof Element && event.target.closest('button')) event.preventDefault();
}
