/**
 * The OBS browser-source overlays: renderer views chosen with `?view=`, each a transparent
 * 1920×1080 page that only reads the show. They connect with the viewer token, so a link pasted
 * into OBS can never change anything.
 */
export const OVERLAY_VIEWS = [
  'overlay-lower-third',
  'overlay-question',
  'overlay-next',
  'overlay-countdown',
] as const;
export type OverlayView = (typeof OVERLAY_VIEWS)[number];

export const OVERLAY_LABELS: Record<OverlayView, string> = {
  'overlay-lower-third': 'lower third',
  'overlay-question': 'on-air question',
  'overlay-next': 'next talk (breaks)',
  'overlay-countdown': 'countdown',
};

/** The size every overlay is laid out for: set the OBS browser source to exactly this. */
export const OVERLAY_WIDTH = 1920;
export const OVERLAY_HEIGHT = 1080;

export function isOverlayView(view: string | null): view is OverlayView {
  return view !== null && (OVERLAY_VIEWS as readonly string[]).includes(view);
}

export interface OverlayLink {
  view: OverlayView;
  label: string;
  url: string;
}

/**
 * A join link that opens `view`: `view=` goes in the query, before any `#fragment`, so links
 * that carry their token in the query (`/?token=…`) and in the fragment (`/#token=…`) both work.
 */
export function withView(joinUrl: string, view: string): string {
  const hashAt = joinUrl.indexOf('#');
  const base = hashAt < 0 ? joinUrl : joinUrl.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : joinUrl.slice(hashAt);
  const separator = base.includes('?') ? '&' : '?';
  return `${base}${separator}view=${encodeURIComponent(view)}${fragment}`;
}

/** One link per overlay, built from the viewer's join link. */
export function overlayLinks(viewerJoinUrl: string): OverlayLink[] {
  return OVERLAY_VIEWS.map((view) => ({
    view,
    label: OVERLAY_LABELS[view],
    url: withView(viewerJoinUrl, view),
  }));
}

/** The lines `serve` prints and the desktop app copies: a heading, then one indented line each. */
export function formatOverlayLinks(viewerJoinUrl: string): string[] {
  return [
    `OBS overlays (browser source, ${OVERLAY_WIDTH}×${OVERLAY_HEIGHT}, transparent):`,
    ...overlayLinks(viewerJoinUrl).map((link) => `  ${link.label}: ${link.url}`),
  ];
}
