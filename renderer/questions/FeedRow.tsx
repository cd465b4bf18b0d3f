import { memo } from 'react';
import type { FeedEntry } from '../../shared/feedMessages.js';
import type { QuestionStatus } from '../../shared/questions.js';
import { formatTime, isLong, sourceLabel } from './feedView.js';

const STATUS_WORDS: Record<QuestionStatus, string> = {
  approved: 'Approved',
  queued: 'Queued',
  onAir: 'On air',
  answered: 'Answered',
  dismissed: 'Dismissed',
};

export interface FeedRowProps {
  entry: FeedEntry;
  index: number;
  status: QuestionStatus | null;
  selected: boolean;
  expanded: boolean;
  segmentTitle: string | null;
  timeZone: string | undefined;
  /** Arrived live just now: flash once. */
  fresh: boolean;
  onSelect: (id: string) => void;
  onToggleExpand: (id: string) => void;
}

/**
 * One chat message. Everything from the audience is rendered as React text (never HTML);
 * dir="auto" lets Arabic or Hebrew lines run right to left on their own.
 */
export const FeedRow = memo(function FeedRow({
  entry,
  index,
  status,
  selected,
  expanded,
  segmentTitle,
  timeZone,
  fresh,
  onSelect,
  onToggleExpand,
}: FeedRowProps) {
  const long = isLong(entry.text);
  const classes = [
    'feed-row',
    `feed-row--${entry.source}`,
    selected ? 'feed-row--selected' : '',
    entry.backfill ? 'feed-row--backfill' : '',
    fresh ? 'feed-row--fresh' : '',
    entry.looksLikeQuestion || status ? 'feed-row--question' : '',
    entry.superChat ? 'feed-row--superchat' : '',
    status ? `feed-row--${status}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={classes}
      role="listitem"
      aria-current={selected ? 'true' : undefined}
      data-testid="feed-row"
      data-message-id={entry.id}
      data-index={index}
      onClick={() => onSelect(entry.id)}
    >
      <div className="feed-row__meta">
        <span className={`source-badge source-badge--${entry.source}`}>{sourceLabel(entry)}</span>
        <bdi className="feed-row__author">{entry.author.name || 'unknown'}</bdi>
        {entry.author.badges.map((badge) => (
          <span key={badge} className="feed-row__badge">
            {badge}
          </span>
        ))}
        <time className="feed-row__time" dateTime={new Date(entry.sentAt).toISOString()}>
          {formatTime(entry.sentAt, timeZone)}
        </time>
        {entry.superChat ? (
          <span className="tag tag--superchat">Super Chat {entry.superChat.amountDisplay}</span>
        ) : null}
        {entry.looksLikeQuestion && !status ? <span className="tag tag--question">Question?</span> : null}
        {status ? (
          <span className={`tag tag--status tag--${status}`} data-testid="feed-row-status">
            {STATUS_WORDS[status]}
          </span>
        ) : null}
        {entry.edited ? <span className="tag tag--quiet">edited</span> : null}
        {entry.threadId ? <span className="tag tag--quiet">in thread</span> : null}
        {entry.backfill ? <span className="tag tag--quiet">earlier</span> : null}
        {segmentTitle ? <span className="feed-row__segment">{segmentTitle}</span> : null}
      </div>
      <p dir="auto" className={`feed-row__text ${long && !expanded ? 'feed-row__text--clipped' : ''}`}>
        {entry.text}
      </p>
      {long ? (
        <button
          type="button"
          className="feed-row__more"
          onClick={(event) => {
            event.stopPropagation();
            onToggleExpand(entry.id);
          }}
        >
          {expanded ? 'less' : 'more'}
        </button>
      ) : null}
    </div>
  );
});
