/**
 * Share of the talk used. A native <progress> would need vendor pseudo-elements to theme;
 * a div with role="progressbar" and an inline width (CSSOM, allowed by the CSP) is simpler.
 */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  const percent = Math.round(value * 1000) / 10;
  return (
    <div className="progress">
      <div
        className="progress__track"
        role="progressbar"
        aria-label={`Time used ${label}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress__label">{label}</span>
    </div>
  );
}
