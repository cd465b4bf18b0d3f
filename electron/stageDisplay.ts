/** The part of Electron's `Display` the choice needs; pure, so it is unit-tested. */
export interface DisplayInfo {
  id: number;
  /** True for a laptop's built-in panel. */
  internal: boolean;
  bounds: { x: number; y: number; width: number; height: number };
}

/**
 * The screen for the speaker's stage timer: one that is not the producer's primary display,
 * preferring an external one (a confidence monitor or projector) over a built-in panel.
 * Null when there is only one display.
 */
export function pickStageDisplay<D extends DisplayInfo>(displays: readonly D[], primaryId: number): D | null {
  const others = displays.filter((display) => display.id !== primaryId);
  return others.find((display) => !display.internal) ?? others[0] ?? null;
}
