import { useCallback, useMemo } from 'react';
import type { ObsRecordState, ObsState, ObsStreamState } from '../../shared/obs.js';
import { OBS_HEALTH, obsHealth } from '../../shared/obs.js';
import { ConfirmButton } from '../common/ConfirmButton.js';
import { useSendCommand } from '../connection/commandContext.js';
import { useCanControl, useObs, useObsSettings } from '../store/hooks.js';
import { showStore, useShowStore } from '../store/showStore.js';
import { useServerText } from '../timer/useServerText.js';
import {
  connectionLine,
  formatElapsed,
  formatPercent,
  recordElapsedMs,
  retryText,
  streamElapsedMs,
} from './obsStatus.js';

/**
 * Always under the console's top bar: is OBS there, are we live and recording, is the stream
 * healthy. It turns amber or red with obsHealth and says why in words, never by colour alone.
 */
export function ObsHealthStrip() {
  const obs = useObs();
  const canControl = useCanControl();
  const health = useMemo(() => (obs ? obsHealth(obs) : null), [obs]);
  // The core sends OBS right after the show: with the show here and no OBS, this core runs without it.
  const hasShow = useShowStore((s) => s.showState !== null);
  if (!obs || !health) {
    return (
      <section
        className="obs-strip obs-strip--idle"
        aria-label="OBS status"
        data-testid="obs-strip"
        data-level="unknown"
      >
        <span className="obs-strip__conn">
          <span className="obs-strip__dot" aria-hidden="true" />
          <span className="obs-strip__headline">
            {hasShow ? 'OBS control is off on this core' : 'OBS: waiting for the core…'}
          </span>
        </span>
      </section>
    );
  }
  const connected = obs.connection.status === 'connected';
  // While not connected the connection line is the reason; repeating it as a problem adds nothing.
  const problems = connected ? health.problems : [];
  return (
    <section
      className={`obs-strip obs-strip--${connected ? health.level : 'bad'}`}
      aria-label="OBS status"
      data-testid="obs-strip"
      data-level={health.level}
    >
      <ConnectionStatus obs={obs} />
      {connected ? (
        <>
          <StreamTag stream={obs.stream} />
          <RecordTag record={obs.record} />
          <dl className="obs-strip__metrics">
            <Metric label="Dropped" value={formatPercent(health.droppedFramesPct)} testId="obs-dropped" />
            <Metric
              label="CPU"
              value={obs.stats ? formatPercent(obs.stats.cpuUsage) : '—'}
              testId="obs-cpu"
            />
            <Metric
              label="Congestion"
              value={obs.stream.active ? formatPercent(obs.stream.congestion * 100) : '—'}
              testId="obs-congestion"
            />
            <Metric label="FPS" value={obs.stats ? obs.stats.activeFps.toFixed(0) : '—'} testId="obs-fps" />
          </dl>
        </>
      ) : null}
      {problems.length > 0 ? (
        <p
          className="obs-strip__problems"
          role="alert"
          data-testid="obs-problems"
          title={problems.join('\n')}
        >
          <span className="obs-strip__warn-mark" aria-hidden="true" />
          <span className="obs-strip__problems-text">{problems.join(' · ')}</span>
        </p>
      ) : null}
      <div className="obs-strip__actions">
        {connected ? <OutputButtons obs={obs} disabled={!canControl} /> : null}
        <SettingsButton
          highlight={obs.connection.status === 'auth-failed' || obs.connection.status === 'disconnected'}
          disabled={!canControl}
        />
      </div>
    </section>
  );
}

function ConnectionStatus({ obs }: { obs: ObsState }) {
  const settings = useObsSettings();
  const { connection } = obs;
  // Only a reconnect counts down; everything else is fixed text, so nothing re-renders per frame.
  const line = connectionLine(connection, settings, 0);
  return (
    <span
      className={`obs-strip__conn obs-strip__conn--${line.tone}`}
      data-testid="obs-connection"
      data-status={connection.status}
      title={line.detail ?? undefined}
    >
      <span className="obs-strip__dot" aria-hidden="true" />
      <span className="obs-strip__headline">
        {OBS_HEALTH[connection.status] === 'retrying' ? (
          <RetryCountdown at={connection.retryAt} />
        ) : (
          line.text
        )}
      </span>
      {line.detail ? <span className="obs-strip__detail">{line.detail}</span> : null}
    </span>
  );
}

function RetryCountdown({ at }: { at: number | null }) {
  return useServerText(useCallback((now: number) => retryText(at, now), [at]));
}

function StreamTag({ stream }: { stream: ObsStreamState }) {
  const elapsed = useServerText(
    useCallback(
      (now: number) => {
        const ms = streamElapsedMs(stream, now);
        return ms === null ? '' : formatElapsed(ms);
      },
      [stream],
    ),
  );
  const word =
    stream.reconnecting || stream.phase === 'reconnecting'
      ? 'RECONNECTING'
      : stream.phase === 'starting'
        ? 'STARTING'
        : stream.phase === 'stopping'
          ? 'STOPPING'
          : stream.active
            ? 'LIVE'
            : 'OFF AIR';
  const on = stream.active || stream.phase === 'starting';
  return (
    <span
      className={`output-tag output-tag--stream ${on ? 'is-on' : ''} ${stream.reconnecting ? 'is-alert' : ''}`}
      data-testid="obs-stream"
      data-active={stream.active ? 'true' : 'false'}
    >
      <span className="output-tag__word">{word}</span>
      {elapsed ? <span className="output-tag__time">{elapsed}</span> : null}
    </span>
  );
}

function RecordTag({ record }: { record: ObsRecordState }) {
  const elapsed = useServerText(
    useCallback(
      (now: number) => {
        const ms = recordElapsedMs(record, now);
        return ms === null ? '' : formatElapsed(ms);
      },
      [record],
    ),
  );
  const word = record.paused ? 'REC paused' : record.active ? 'REC' : 'REC off';
  return (
    <span
      className={`output-tag output-tag--record ${record.active ? 'is-on' : ''}`}
      data-testid="obs-record"
      data-active={record.active ? 'true' : 'false'}
    >
      <span className="output-tag__dot" aria-hidden="true" />
      <span className="output-tag__word">{word}</span>
      {elapsed ? <span className="output-tag__time">{elapsed}</span> : null}
    </span>
  );
}

function Metric({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="metric">
      <dt className="metric__label">{label}</dt>
      <dd className="metric__value" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Start at once; stop only after an inline "are you sure" (a stopped stream drops every viewer). */
function OutputButtons({ obs, disabled }: { obs: ObsState; disabled: boolean }) {
  const send = useSendCommand();
  const streamBusy = obs.stream.phase === 'starting' || obs.stream.phase === 'stopping';
  const recordBusy = obs.record.phase === 'starting' || obs.record.phase === 'stopping';
  return (
    <>
      {obs.stream.active ? (
        <ConfirmButton
          small
          label="Stop stream…"
          question="Stop the stream?"
          confirmLabel="Yes, stop"
          groupLabel="Confirm stopping the stream"
          disabled={disabled || streamBusy}
          onConfirm={() => void send({ type: 'obsStream', action: 'stop' })}
        />
      ) : (
        <button
          type="button"
          className="button button--small button--go"
          disabled={disabled || streamBusy}
          onClick={() => void send({ type: 'obsStream', action: 'start' })}
        >
          {obs.stream.phase === 'starting' ? 'Starting…' : 'Start stream'}
        </button>
      )}
      {obs.record.active ? (
        <ConfirmButton
          small
          label="Stop recording…"
          question="Stop recording?"
          confirmLabel="Yes, stop"
          groupLabel="Confirm stopping the recording"
          disabled={disabled || recordBusy}
          onConfirm={() => void send({ type: 'obsRecord', action: 'stop' })}
        />
      ) : (
        <button
          type="button"
          className="button button--small"
          disabled={disabled || recordBusy}
          onClick={() => void send({ type: 'obsRecord', action: 'start' })}
        >
          {obs.record.phase === 'starting' ? 'Starting…' : 'Start recording'}
        </button>
      )}
    </>
  );
}

function SettingsButton({ highlight, disabled }: { highlight: boolean; disabled: boolean }) {
  return (
    <button
      type="button"
      className={`button button--small ${highlight ? 'button--primary' : ''}`}
      disabled={disabled}
      onClick={() => showStore.getState().setOpenDialog('obsSettings')}
    >
      OBS settings…
    </button>
  );
}
