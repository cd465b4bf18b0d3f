import { describe, expect, it } from 'vitest';
import {
  formatOverlayLinks,
  isOverlayView,
  OVERLAY_VIEWS,
  overlayLinks,
  withView,
} from '../../shared/overlays.js';

describe('overlay links', () => {
  const viewer = 'http://192.168.1.20:4747/?token=abc%2Bdef';

  it('gives one link per overlay on the viewer token, naming its view', () => {
    const links = overlayLinks(viewer);
    expect(links.map((l) => l.view)).toEqual([...OVERLAY_VIEWS]);
    expect(links.map((l) => l.url)).toEqual([
      `${viewer}&view=overlay-lower-third`,
      `${viewer}&view=overlay-question`,
      `${viewer}&view=overlay-next`,
      `${viewer}&view=overlay-countdown`,
    ]);
    for (const link of links) {
      const url = new URL(link.url);
      expect(url.searchParams.get('token')).toBe('abc+def');
      expect(url.searchParams.get('view')).toBe(link.view);
    }
    expect(overlayLinks('http://h:1/')[0]!.url).toBe('http://h:1/?view=overlay-lower-third');
  });

  it('puts the view in the query, before a fragment that carries the token', () => {
    const fragmentLink = 'http://10.0.0.5:4747/#token=abc&cores=http://10.0.0.5:4747,http://10.0.0.6:4747';
    expect(overlayLinks(fragmentLink)[3]!.url).toBe(
      'http://10.0.0.5:4747/?view=overlay-countdown#token=abc&cores=http://10.0.0.5:4747,http://10.0.0.6:4747',
    );
    expect(withView('http://h:1/?a=1#x', 'stage')).toBe('http://h:1/?a=1&view=stage#x');
  });

  it('prints them under a heading, indented so no line reads as a role link', () => {
    const lines = formatOverlayLinks(viewer);
    expect(lines[0]).toBe('OBS overlays (browser source, 1920×1080, transparent):');
    expect(lines.slice(1)).toEqual([
      `  lower third: ${viewer}&view=overlay-lower-third`,
      `  on-air question: ${viewer}&view=overlay-question`,
      `  next talk (breaks): ${viewer}&view=overlay-next`,
      `  countdown: ${viewer}&view=overlay-countdown`,
    ]);
    // What the crash test (and anyone scripting `serve`) reads as "role: link".
    for (const line of lines) expect(line).not.toMatch(/^(\w+): (http:\/\/[^/]+)\/\?token=(\S+)$/);
  });

  it('knows which views are overlays', () => {
    expect(isOverlayView('overlay-countdown')).toBe(true);
    expect(isOverlayView('stage')).toBe(false);
    expect(isOverlayView(null)).toBe(false);
  });
});
