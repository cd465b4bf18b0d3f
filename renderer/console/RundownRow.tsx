import { memo, useEffect, useRef, type ReactNode } from 'react';
import type { Segment, SegmentActual } from '../../shared/model.js';
import { formatSignedDrift } from '../../shared/durationText.js';
import { formatDuration, overrunMs } from '../format/durations.js';
import { dayOffset, formatDayOffset, formatTimeInZone } from '../format/zonedTime.js';
import { showStore } from '../store/showStore.js';

interface RundownRowProps {
  index: number;
  segment: Segment;
  actual: SegmentActual | null;
  live: boolean;
  selected: boolean;
  zones: string[];
  showTimeZone: string;
  dayAnchor: number | null;
  breakScene: string | null;
  /** OBS's scenes when it is connected, to flag one the rundown names that OBS lacks. */
  obsScenes: readonly string[] | null;
  /** When the schedule projects it to start (shared/schedule.ts); null once it has started. */
  expectedStart: number | null;
  /** A later hard start leaves it no time at all. */
  skipped: boolean;
  /** How much of it a later hard start is projected to cut. */
  cutMs: number;
}

function ZonedTime({
  at,
  zone,
  showTimeZone,
  dayAnchor,
}: {
  at: number;
  zone: string;
  showTimeZone: string;
  dayAnchor: number | null;
}) {
  const days = dayAnchor === null ? 0 : dayOffset(at, zone, dayAnchor, showTimeZone);
  return (
    <>
      {formatTimeInZone(at, zone)}
      {days !== 0 ? <sup className="day-offset">{formatDayOffset(days)}</sup> : null}
    </>
  );
}

/** An instant in the show's zone, and below it small in every display zone; "—" for none. */
function Times({
  at,
  zones,
  showTimeZone,
  dayAnchor,
  note,
}: {
  at: number | null;
  zones: string[];
  showTimeZone: string;
  dayAnchor: number | null;
  /** Said on the same line as the show-zone time, so that it costs the row no height. */
  note?: ReactNode;
}) {
  if (at === null) return <span className="time-main is-empty">—</span>;
  const [show, ...extra] = zones;
  return (
    <>
      <span className="time-main">
        <ZonedTime at={at} zone={show ?? showTimeZone} showTimeZone={showTimeZone} dayAnchor={dayAnchor} />
        {note}
      </span>
      {extra.length > 0 ? (
        <span className="time-extra">
          {extra.map((zone, i) => (
            <span key={zone}>
              {i > 0 ? ' · ' : ''}
              <ZonedTime at={at} zone={zone} showTimeZone={showTimeZone} dayAnchor={dayAnchor} />
            </span>
          ))}
        </span>
      ) : null}
    </>
  );
}

/** One segment. Memoised: a record that changes one row should not re-render thirty. */
export const RundownRow = memo(function RundownRow(props: RundownRowProps) {
  const { index, segment, actual, live, selected, zones, showTimeZone, dayAnchor, breakScene, obsScenes } =
    props;
  const { expectedStart, skipped, cutMs } = props;
  const lateMs =
    expectedStart !== null && segment.plannedStart !== null ? expectedStart - segment.plannedStart : 0;
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const done = actual?.endedAt != null;
  const over = overrunMs(actual, segment.durationMs);
  const classes = [
    'rundown__row',
    live ? 'is-live' : '',
    selected ? 'is-selected' : '',
    done && !live ? 'is-done' : '',
  ];
  return (
    <tr
      ref={ref}
      className={classes.filter(Boolean).join(' ')}
      data-testid="rundown-row"
      data-segment-id={segment.id}
      data-selected={selected ? 'true' : 'false'}
      aria-current={live ? 'true' : undefined}
      onClick={() => showStore.getState().selectSegment(segment.id)}
    >
      <td className="col-index">{live ? <span className="row-live-tag">LIVE</span> : index + 1}</td>
      <td className="col-kind">
        <span className={`kind-badge kind-badge--${segment.kind}`}>{segment.kind}</span>
      </td>
      <td className="col-title">
        <span className="row-title">{segment.title}</span>
        {segment.speakers.length > 0 ? (
          <span className="row-speakers">{segment.speakers.join(', ')}</span>
        ) : null}
      </td>
      <td className="col-time" data-testid="row-planned">
        <Times at={segment.plannedStart} zones={zones} showTimeZone={showTimeZone} dayAnchor={dayAnchor} />
      </td>
      <td
        className={`col-time col-expected ${lateMs > 30_000 ? 'is-late' : lateMs < -30_000 ? 'is-early' : ''}`}
        data-testid="row-expected"
      >
        {skipped ? (
          <span className="row-squeezed" title="A later hard start leaves this segment no time">
            no time
          </span>
        ) : expectedStart !== null ? (
          <Times
            at={expectedStart}
            zones={zones}
            showTimeZone={showTimeZone}
            dayAnchor={dayAnchor}
            note={
              cutMs > 0 ? (
                <span className="row-cut" title="A later hard start cuts this segment short">
                  cut {formatSignedDrift(-cutMs)}
                </span>
              ) : null
            }
          />
        ) : null}
      </td>
      <td className="col-scene">
        <SceneCell segment={segment} breakScene={breakScene} obsScenes={obsScenes} />
      </td>
      <td className="col-num col-duration">{formatDuration(segment.durationMs)}</td>
      <td className="col-actual">
        {actual?.startedAt != null ? formatTimeInZone(actual.startedAt, showTimeZone) : ''}
        {actual?.startedAt != null ? '–' : ''}
        {actual?.endedAt != null ? formatTimeInZone(actual.endedAt, showTimeZone) : ''}
      </td>
      <td className={`col-num col-over ${over !== null && over > 0 ? 'is-over' : ''}`}>
        {over !== null ? formatSignedDrift(over) : ''}
      </td>
      <td className="col-action">
        <button
          type="button"
          className="button button--small button--ghost"
          aria-label={`Edit ${segment.title}`}
          onClick={(event) => {
            event.stopPropagation();
            showStore.getState().editSegment(segment.id);
          }}
        >
          Edit
        </button>
      </td>
    </tr>
  );
});

/** The scene OBS switches to when the segment starts, flagged in words when OBS lacks it. */
function SceneCell({
  segment,
  breakScene,
  obsScenes,
}: {
  segment: Segment;
  breakScene: string | null;
  obsScenes: readonly string[] | null;
}) {
  const own = segment.obs?.scene ?? null;
  const scene = own ?? (segment.kind === 'break' ? breakScene : null);
  const lowerThird = segment.obs?.lowerThird;
  if (!scene && !lowerThird) return null;
  const missing = scene !== null && obsScenes !== null && !obsScenes.includes(scene);
  return (
    <span className="scene-cell" data-testid="row-scene">
      {scene ? (
        <span
          className={`scene-cell__name ${own ? '' : 'is-inherited'} ${missing ? 'is-missing' : ''}`}
          title={own ? undefined : 'The show’s break scene'}
        >
          {scene}
          {missing ? <span className="scene-cell__missing"> missing</span> : null}
        </span>
      ) : null}
      {lowerThird ? (
        <span
          className="scene-cell__lt"
          title={`Lower third on “${lowerThird.inputName}”: ${lowerThird.template}`}
        >
          LT
        </span>
      ) : null}
    </span>
  );
}
