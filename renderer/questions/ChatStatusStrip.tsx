import type { ChatSourceStatus } from '../../shared/chat.js';
import { CHAT_HEALTH } from '../../shared/chat.js';
import { useShowInfo } from '../store/hooks.js';
import { useShowStore } from '../store/showStore.js';
import { formatClock, quotaLine, SOURCE_LABELS, sourceTone, stateWord } from './feedView.js';

/** Each chat source's health in words (never colour alone): state, why, when it retries, quota left. */
export function ChatStatusStrip({ compact = false }: { compact?: boolean }) {
  const chat = useShowStore((s) => s.chat);
  const hasShow = useShowStore((s) => s.showState !== null);
  if (!chat) {
    return hasShow ? (
      <div className="chat-status chat-status--none" data-testid="chat-status">
        <span className="chat-status__item chat-status__item--off">Chat: not running on this core</span>
      </div>
    ) : null;
  }
  const sources = chat.sources.length > 0 ? chat.sources : [];
  return (
    <div className={`chat-status ${compact ? 'chat-status--compact' : ''}`} data-testid="chat-status">
      {sources.length === 0 ? (
        <span className="chat-status__item chat-status__item--off">Chat: no sources set up</span>
      ) : null}
      {sources.map((status) => (
        <SourceItem key={status.source} status={status} compact={compact} />
      ))}
    </div>
  );
}

function SourceItem({ status, compact }: { status: ChatSourceStatus; compact: boolean }) {
  const timeZone = useShowInfo()?.timezone;
  const tone = sourceTone(status);
  const quota = quotaLine(status, timeZone);
  return (
    <span
      className={`chat-status__item chat-status__item--${tone}`}
      data-testid={`chat-status-${status.source}`}
      data-state={status.state}
      title={status.reason ?? undefined}
    >
      <span className="chat-status__dot" aria-hidden="true" />
      <strong>{SOURCE_LABELS[status.source]}</strong>
      <span>{stateWord(status)}</span>
      {status.retryAt !== null && CHAT_HEALTH[status.state] === 'retrying' ? (
        <span className="chat-status__detail">retry {formatClock(status.retryAt, timeZone)}</span>
      ) : null}
      {status.reason && (!compact || tone === 'error') ? (
        <span className="chat-status__reason">{status.reason}</span>
      ) : null}
      {quota ? <span className="chat-status__detail">{quota}</span> : null}
      {!compact ? (
        <span className="chat-status__detail">{status.received.toLocaleString('en-US')} received</span>
      ) : null}
    </span>
  );
}
