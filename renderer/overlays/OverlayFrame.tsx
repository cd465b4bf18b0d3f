import type { AnimationEvent, ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { OverlayView } from '../../shared/overlays.js';

interface OverlayFrameProps<T> {
  view: OverlayView;
  /** What to show now; null shows nothing (fading out what was there). */
  model: T | null;
  /** A new key plays the entrance again (a new segment, another question). */
  keyOf: (model: T) => string;
  children: (model: T) => ReactNode;
}

/**
 * The transparent 1920×1080 page every OBS overlay draws on. When the model goes away (nothing
 * to show, or the page is no longer live) the last content fades out frozen, as it was, and is
 * then removed; it is never kept on screen as if it were current.
 */
export function OverlayFrame<T>({ view, model, keyOf, children }: OverlayFrameProps<T>) {
  const [last, setLast] = useState<T | null>(model);
  // Remember what was shown, so it can fade out after the model is gone (state adjusted during render).
  if (model !== null && model !== last) setLast(model);
  const shown = model ?? last;
  const leaving = model === null && shown !== null;

  useEffect(() => {
    document.documentElement.classList.add('overlay-page');
    return () => document.documentElement.classList.remove('overlay-page');
  }, []);

  const onAnimationEnd = (event: AnimationEvent<HTMLDivElement>) => {
    if (leaving && event.target === event.currentTarget && event.animationName === 'overlay-out') {
      setLast(null);
    }
  };

  return (
    <div
      className={`overlay overlay--${view}`}
      data-testid={view}
      data-showing={model !== null ? 'true' : 'false'}
    >
      {shown !== null ? (
        <div
          key={keyOf(shown)}
          className={`overlay__layer${leaving ? ' is-leaving' : ''}`}
          onAnimationEnd={onAnimationEnd}
        >
          {children(shown)}
        </div>
      ) : null}
    </div>
  );
}
