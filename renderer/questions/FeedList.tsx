import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { Ref } from 'react';
import type { FeedState } from '../../shared/questions.js';
import { FeedRow } from './FeedRow.js';
import { feedEntry, questionOf } from './feedView.js';
import { useShowInfo } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';

export interface FeedListHandle {
  scrollToIndex: (index: number) => void;
}

const ESTIMATED_ROW_PX = 68;
const FRESH_MS = 1_500;
/** This close to the end counts as "at the bottom": new messages then keep the view pinned there. */
const BOTTOM_SLACK_PX = 48;

/**
 * The feed, virtualised: only the rows in view (plus a few) are in the DOM, so 50,000 messages
 * scroll like 50. Rows have their own heights (long messages, "more"), measured as they render.
 * Newest at the bottom; the view follows new messages only while it is at the bottom.
 */
export function FeedList({
  feed,
  ids,
  selectedId,
  segmentTitles,
  onSelect,
  ref,
}: {
  feed: FeedState;
  ids: string[];
  selectedId: string | null;
  segmentTitles: ReadonlyMap<string, string>;
  onSelect: (id: string) => void;
  ref?: Ref<FeedListHandle>;
}) {
  const timeZone = useShowInfo()?.timezone;
  // Rows that arrived just now flash once; a row scrolled back into view (remounted) does not.
  const freshSince = useShowStore((s) => (s.lastMessageAt ?? 0) + s.clockOffsetMs - FRESH_MS);
  const scroller = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [atBottom, setAtBottom] = useState(true);
  const atBottomRef = useRef(true);

  // This project does not run the React Compiler; the rule only warns that it would skip this component.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey: (index) => ids[index] ?? index,
    overscan: 8,
    useFlushSync: false,
  });

  useImperativeHandle(ref, () => ({
    scrollToIndex: (index: number) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  }));

  const toBottom = useCallback(() => {
    if (ids.length > 0) virtualizer.scrollToIndex(ids.length - 1, { align: 'end' });
  }, [ids.length, virtualizer]);

  // Follow the newest message while pinned to the bottom (the first load lands there too).
  useEffect(() => {
    if (atBottomRef.current) toBottom();
  }, [toBottom]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const bottom = element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK_PX;
    atBottomRef.current = bottom;
    if (bottom !== atBottom) setAtBottom(bottom);
  };

  const toggleExpand = useCallback((id: string) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  const items = virtualizer.getVirtualItems();
  return (
    <div className="feed">
      <div
        ref={scroller}
        className="feed__scroll"
        onScroll={onScroll}
        data-testid="feed-scroll"
        data-count={ids.length}
      >
        <div
          className="feed__spacer"
          role="list"
          aria-label="Chat feed"
          style={{ height: virtualizer.getTotalSize() }}
        >
          <div className="feed__window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const id = ids[item.index]!;
              const entry = feedEntry(feed, id);
              if (!entry)
                return <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} />;
              const question = questionOf(feed, entry);
              return (
                <div key={item.key} data-index={item.index} ref={virtualizer.measureElement}>
                  <FeedRow
                    entry={entry}
                    index={item.index}
                    status={question?.status ?? null}
                    selected={id === selectedId}
                    expanded={expanded.has(id)}
                    segmentTitle={entry.segmentId ? (segmentTitles.get(entry.segmentId) ?? null) : null}
                    timeZone={timeZone}
                    fresh={!entry.backfill && entry.receivedAt >= freshSince}
                    onSelect={onSelect}
                    onToggleExpand={toggleExpand}
                  />
                </div>
              );
            })}
          </div>
        </div>
        {ids.length === 0 ? <p className="panel__empty feed__empty">No messages yet.</p> : null}
      </div>
      {!atBottom ? (
        <button
          type="button"
          className="button button--primary feed__jump"
          data-testid="jump-to-latest"
          onClick={() => {
            atBottomRef.current = true;
            setAtBottom(true);
            toBottom();
          }}
        >
          ↓ Jump to latest
        </button>
      ) : null}
    </div>
  );
}
