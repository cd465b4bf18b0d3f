import type { KeyboardEvent } from 'react';
import { useRef, useState } from 'react';
import { QueuePanel } from '../questions/QueuePanel.js';
import { MessagePanel } from './MessagePanel.js';

const TABS = [
  { id: 'messages', label: 'Messages' },
  { id: 'questions', label: 'Questions' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * Messages to the MC and stage, and the question queue, share the console's side in tabs, so
 * the rundown keeps its height on a laptop. The WAI-ARIA tabs pattern: Tab reaches the current
 * tab, the arrow keys (and Home / End) move between them.
 */
export function SideTabs() {
  const [current, setCurrent] = useState<TabId>('messages');
  const refs = useRef<Record<TabId, HTMLButtonElement | null>>({ messages: null, questions: null });
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = TABS.findIndex((t) => t.id === current);
    const to =
      event.key === 'ArrowRight'
        ? (index + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + TABS.length) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : null;
    if (to === null) return;
    event.preventDefault();
    const id = TABS[to]!.id;
    setCurrent(id);
    refs.current[id]?.focus();
  };
  return (
    <div className="side-tabs">
      <div className="side-tabs__list" role="tablist" aria-label="Messages and questions" onKeyDown={move}>
        {TABS.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[tab.id] = el;
            }}
            type="button"
            role="tab"
            id={`side-tab-${tab.id}`}
            aria-selected={current === tab.id}
            aria-controls={`side-panel-${tab.id}`}
            tabIndex={current === tab.id ? 0 : -1}
            className={`side-tabs__tab ${current === tab.id ? 'is-current' : ''}`}
            data-testid={`side-tab-${tab.id}`}
            onClick={() => setCurrent(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {TABS.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`side-panel-${tab.id}`}
          aria-labelledby={`side-tab-${tab.id}`}
          hidden={current !== tab.id}
          className="side-tabs__panel"
        >
          {tab.id === 'messages' ? <MessagePanel /> : <QueuePanel />}
        </div>
      ))}
    </div>
  );
}
