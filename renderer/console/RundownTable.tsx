import { Fragment, useMemo, useState } from 'react';
import { useShowStore } from '../store/showStore.js';
import { useSegments, useShowInfo } from '../store/hooks.js';
import { zoneHeadingParts } from '../format/zonedTime.js';
import { RundownRow } from './RundownRow.js';
import { rundownZones, showDayAnchor } from './rundownColumns.js';
import { RundownImport } from './RundownImport.js';
import { TalkListImportButton } from './TalkListImport.js';
import { ReportExportMenu } from './ReportExportMenu.js';
import { PreflightButton } from '../obs/PreflightButton.js';
import { showStore } from '../store/showStore.js';
import { useCanControl } from '../store/hooks.js';
import { useSchedule } from '../schedule/useSchedule.js';

/**
 * The whole show, one row per segment, grouped by session. Planned starts appear in the show's
 * zone and in each display zone, like NormConf's public schedule.
 */
export function RundownTable() {
  const segments = useSegments();
  const info = useShowInfo();
  const actuals = useShowStore((s) => s.showState?.actuals);
  const liveId = useShowStore((s) => s.showState?.live.currentSegmentId ?? null);
  const selectedId = useShowStore((s) => s.selectedSegmentId);
  const canControl = useCanControl();
  // OBS's scenes, to flag a rundown scene it lacks; null while OBS cannot be asked.
  const obsScenes = useShowStore((s) =>
    s.obs?.connection.status === 'connected' && s.obs.synced ? s.obs.scenes : null,
  );
  // Stable between records, so the memoised rows do not all re-render for one change.
  const zones = useMemo(() => (info ? rundownZones(info) : []), [info]);
  const anchor = showDayAnchor(segments);
  // Zone abbreviations depend on the date (EST or EDT); without planned starts, today's will do.
  const [openedAt] = useState(() => Date.now());
  const headingAt = anchor ?? openedAt;
  const schedule = useSchedule();

  return (
    <section className="panel rundown" aria-labelledby="rundown-heading">
      <div className="rundown__toolbar">
        <h2 id="rundown-heading" className="panel__heading">
          Rundown <span className="rundown__count">{segments.length} segments</span>
        </h2>
        <div className="rundown__tools">
          <PreflightButton />
          <button
            type="button"
            className="button button--small"
            disabled={!canControl}
            onClick={() => showStore.getState().setOpenDialog('showSettings')}
          >
            Show settings…
          </button>
          <RundownImport />
          <TalkListImportButton />
          <ReportExportMenu />
        </div>
      </div>
      <div className="rundown__scroll">
        <table className="rundown__table">
          <thead>
            <tr>
              <th scope="col" className="col-index">
                #
              </th>
              <th scope="col" className="col-kind">
                Kind
              </th>
              <th scope="col" className="col-title">
                Title · speakers
              </th>
              <th scope="col" className="col-time">
                <TimesHeading what="Planned" zones={zones} at={headingAt} />
              </th>
              <th scope="col" className="col-time col-expected">
                <TimesHeading what="Expected" zones={zones} at={headingAt} />
              </th>
              <th scope="col" className="col-scene">
                OBS scene
              </th>
              <th scope="col" className="col-num col-duration">
                Dur.
              </th>
              <th scope="col" className="col-actual">
                Actual
              </th>
              <th scope="col" className="col-num col-over">
                Over
              </th>
              <th scope="col" className="col-action">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {segments.map((segment, index) => {
              const projected = schedule?.segments[index];
              // Ahead, but a later hard start leaves it no time at all.
              const squeezed = projected?.run === 'ahead' && projected.cutMs >= segment.durationMs;
              const newSession = index === 0 || segments[index - 1]!.session !== segment.session;
              return (
                <Fragment key={segment.id}>
                  {newSession && segment.session ? (
                    <tr className="rundown__session">
                      <th scope="colgroup" colSpan={10}>
                        {segment.session}
                      </th>
                    </tr>
                  ) : null}
                  <RundownRow
                    index={index}
                    segment={segment}
                    actual={actuals?.[segment.id] ?? null}
                    live={segment.id === liveId}
                    selected={segment.id === selectedId}
                    zones={zones}
                    showTimeZone={info?.timezone ?? 'UTC'}
                    dayAnchor={anchor}
                    breakScene={info?.breakScene ?? null}
                    obsScenes={obsScenes}
                    expectedStart={projected?.run === 'ahead' && !squeezed ? projected.start : null}
                    skipped={squeezed}
                    cutMs={projected?.run === 'ahead' || projected?.run === 'live' ? projected.cutMs : 0}
                  />
                </Fragment>
              );
            })}
          </tbody>
        </table>
        {segments.length === 0 ? (
          <p className="panel__empty">No segments. Import a rundown (.csv or .json).</p>
        ) : null}
      </div>
    </section>
  );
}

/**
 * "Planned" over "New York EST", then the display zones small ("UTC · London GMT · …"): the
 * show's zone first and large, the others on one line, so two columns hold every zone.
 */
function TimesHeading({ what, zones, at }: { what: string; zones: string[]; at: number }) {
  const [show, ...extra] = zones.map((zone) => {
    const { city, abbreviation } = zoneHeadingParts(zone, at);
    return abbreviation && abbreviation !== city ? `${city} ${abbreviation}` : city;
  });
  return (
    <>
      <span className="col-time__what">{what}</span>
      <span className="col-time__zone" title={extra.length > 0 ? `then ${extra.join(' · ')}` : undefined}>
        {show}
        {extra.length > 0 ? ` +${extra.length}` : ''}
      </span>
    </>
  );
}
