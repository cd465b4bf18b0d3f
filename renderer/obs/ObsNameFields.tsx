import { useId } from 'react';
import { useObs } from '../store/hooks.js';
import { TEXT_INPUT_KIND } from './obsStatus.js';
import { MEDIA_INPUT_KINDS } from '../../shared/obs.js';
import type { ObsState } from '../../shared/obs.js';

interface NameFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** What the empty choice means here: "— no change —", "Break scene (Break)". */
  emptyLabel: string;
  disabled?: boolean;
  'aria-label'?: string;
}

/**
 * A name OBS must know: a select of what OBS has while it is connected (so nothing is
 * mistyped), free text with the last known names offered while it is not (so a rundown can be
 * prepared before OBS runs). A saved name OBS lacks stays selectable, marked as missing.
 */
function ObsNameField({
  namesIn,
  missingNote,
  offlineHint,
  ...props
}: NameFieldProps & { namesIn: (obs: ObsState) => string[]; missingNote: string; offlineHint: string }) {
  const listId = useId();
  const obs = useObs();
  const online = obs?.connection.status === 'connected' && obs.synced;
  const names = obs ? namesIn(obs) : [];
  const { value, onChange, emptyLabel, disabled } = props;
  if (online) {
    const missing = value !== '' && !names.includes(value);
    return (
      <select
        className="input"
        value={value}
        disabled={disabled}
        aria-label={props['aria-label']}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{emptyLabel}</option>
        {missing ? <option value={value}>{`${value} — ${missingNote}`}</option> : null}
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    );
  }
  return (
    <>
      <input
        className="input"
        type="text"
        maxLength={256}
        list={names.length > 0 ? listId : undefined}
        placeholder={emptyLabel}
        value={value}
        disabled={disabled}
        aria-label={props['aria-label']}
        onChange={(e) => onChange(e.target.value)}
      />
      {names.length > 0 ? (
        <datalist id={listId}>
          {names.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      ) : null}
      <span className="field__hint">{offlineHint}</span>
    </>
  );
}

export function SceneNameField(props: NameFieldProps) {
  return (
    <ObsNameField
      {...props}
      namesIn={(obs) => obs.scenes}
      missingNote="not in OBS"
      offlineHint="OBS is offline: type the scene name exactly as OBS shows it."
    />
  );
}

export function TextInputNameField(props: NameFieldProps) {
  return (
    <ObsNameField
      {...props}
      namesIn={(obs) => obs.inputs.filter((input) => TEXT_INPUT_KIND.test(input.kind)).map((i) => i.name)}
      missingNote="not a text source in OBS"
      offlineHint="OBS is offline: type the text source’s name exactly as OBS shows it."
    />
  );
}

/** A media source (ffmpeg_source, vlc_source) that plays a pre-recorded talk. */
export function MediaInputNameField(props: NameFieldProps) {
  return (
    <ObsNameField
      {...props}
      namesIn={(obs) =>
        obs.inputs.filter((input) => MEDIA_INPUT_KINDS.includes(input.kind)).map((i) => i.name)
      }
      missingNote="not a media source in OBS"
      offlineHint="OBS is offline: type the media source’s name exactly as OBS shows it."
    />
  );
}
