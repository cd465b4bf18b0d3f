import { useMemo, useState } from 'react';
import { useObs, useSegments, useShowInfo } from '../store/hooks.js';
import { showStore } from '../store/showStore.js';
import { preflightReport } from './preflightReport.js';

/** Segments named per missing scene; the rest are counted. */
const MAX_LISTED = 4;

/**
 * Before going live: does OBS have every scene and text source the rundown names? The button
 * carries the verdict (checked continuously, it is cheap); the panel lists what is missing and
 * which segments name it.
 */
export function PreflightButton() {
  const segments = useSegments();
  const info = useShowInfo();
  const obs = useObs();
  const report = useMemo(() => preflightReport(segments, info, obs), [segments, info, obs]);
  const [open, setOpen] = useState(false);
  const status = !report || !report.result.checked ? 'unknown' : report.result.ok ? 'ok' : 'missing';
  const badge = status === 'unknown' ? '?' : status === 'ok' ? 'OK' : String(report?.missing.length ?? 0);
  return (
    <div className="preflight">
      <button
        type="button"
        className={`button button--small preflight__button preflight__button--${status}`}
        aria-expanded={open}
        aria-controls="preflight-panel"
        data-testid="preflight-button"
        data-status={status}
        onClick={() => setOpen((o) => !o)}
      >
        Preflight
        <span className="preflight__badge">{badge}</span>
      </button>
      {open ? (
        <div
          id="preflight-panel"
          className={`preflight__panel preflight__panel--${status}`}
          role="region"
          aria-label="OBS preflight"
          data-testid="preflight-panel"
        >
          <div className="preflight__head">
            <strong data-testid="preflight-summary">
              {report?.summary ?? 'No OBS information from the core'}
            </strong>
            <button
              type="button"
              className="button button--small button--ghost"
              aria-label="Close preflight"
              onClick={() => setOpen(false)}
            >
              ×
            </button>
          </div>
          {report && report.missing.length > 0 ? (
            <ul className="preflight__list">
              {report.missing.map((item) => (
                <li
                  key={`${item.kind}:${item.name}`}
                  className="preflight__item"
                  data-testid="preflight-missing"
                >
                  <span className="preflight__what">
                    OBS has no {item.kind === 'scene' ? 'scene' : 'input'} “{item.name}”
                  </span>
                  <span className="preflight__used">
                    {item.usedBy.length === 0 ? (
                      'the show’s break scene (Show settings)'
                    ) : (
                      <>
                        used by{' '}
                        {item.usedBy.slice(0, MAX_LISTED).map((segment) => (
                          <button
                            key={segment.id}
                            type="button"
                            className="link-button"
                            title="Edit this segment"
                            onClick={() => showStore.getState().editSegment(segment.id)}
                          >
                            {segment.title || segment.id}
                          </button>
                        ))}
                        {item.usedBy.length > MAX_LISTED
                          ? ` and ${item.usedBy.length - MAX_LISTED} more`
                          : ''}
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
          {report?.result.checked ? null : (
            <p className="preflight__note">
              Connect OBS (OBS settings, above) to check the rundown against it.
            </p>
          )}
          {report && report.missing.length > 0 ? (
            <p className="preflight__note">
              Click a segment to fix its cue, or create the missing one in OBS: this list updates by itself.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
