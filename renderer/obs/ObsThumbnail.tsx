import { useCallback } from 'react';
import type { ThumbnailSlot } from '../store/obsSlice.js';
import { useObsThumbnail } from '../store/hooks.js';
import { useServerText } from '../timer/useServerText.js';

/** Older than this, a still is not what is on air any more: grey it out rather than show it. */
export const THUMBNAIL_STALE_MS = 3_000;

const SLOT_WORDS: Record<ThumbnailSlot, string> = { program: 'PGM', preview: 'PVW' };

/** "fresh|0" or "stale|12": whether the still is current, and its age in whole seconds. */
function ageKey(at: number | null, now: number): string {
  if (at === null) return 'none|0';
  const age = Math.max(0, now - at);
  return `${age > THUMBNAIL_STALE_MS ? 'stale' : 'fresh'}|${Math.floor(age / 1000)}`;
}

function ageWords(seconds: number): string {
  if (seconds < 1) return 'now';
  if (seconds < 120) return `${seconds} s ago`;
  return `${Math.floor(seconds / 60)} min ago`;
}

/**
 * What is on program or preview, as OBS's small JPEG about once a second, with its age. A
 * picture more than 3 s old is replaced by a grey "no picture", so a frozen still never passes
 * for the live output.
 */
export function ObsThumbnail({
  slot,
  sceneName,
  placeholder,
}: {
  slot: ThumbnailSlot;
  /** The scene OBS has on this slot now (the still may lag it by a second). */
  sceneName: string | null;
  /** Shown instead of a picture when the slot has no meaning (preview outside studio mode). */
  placeholder?: string;
}) {
  const thumbnail = useObsThumbnail(slot);
  const at = thumbnail?.at ?? null;
  const key = useServerText(useCallback((now: number) => ageKey(at, now), [at]));
  const [freshness, secondsText] = key.split('|') as ['none' | 'stale' | 'fresh', string];
  const seconds = Number(secondsText);
  // Just after a switch the newest still is of the scene before: not a picture of this slot.
  const ofThisScene = thumbnail !== null && (sceneName === null || thumbnail.sceneName === sceneName);
  const showPicture = !placeholder && thumbnail && ofThisScene && freshness === 'fresh';
  const caption = placeholder
    ? ''
    : freshness === 'none'
      ? 'no picture yet'
      : freshness === 'stale'
        ? `last picture ${ageWords(seconds)}`
        : ofThisScene
          ? ageWords(seconds)
          : 'switching…';
  return (
    <figure
      className={`thumb thumb--${slot} ${showPicture ? '' : 'is-empty'}`}
      data-testid={`thumbnail-${slot}`}
      data-fresh={showPicture ? 'true' : 'false'}
    >
      <div className="thumb__frame">
        {showPicture ? (
          <img
            className="thumb__image"
            src={thumbnail.dataUrl}
            alt={`${SLOT_WORDS[slot]}: ${thumbnail.sceneName}`}
          />
        ) : (
          <span className="thumb__none">
            {placeholder ?? (freshness === 'fresh' && !ofThisScene ? 'Waiting for picture' : 'No picture')}
          </span>
        )}
      </div>
      <figcaption className="thumb__caption">
        <span className={`tally-word tally-word--${slot} thumb__tag`}>{SLOT_WORDS[slot]}</span>
        <span className="thumb__scene">{placeholder ? '' : (sceneName ?? '—')}</span>
        <span className="thumb__age" data-testid={`thumbnail-${slot}-age`}>
          {caption}
        </span>
      </figcaption>
    </figure>
  );
}
