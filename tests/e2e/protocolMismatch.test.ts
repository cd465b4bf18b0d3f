import type { Page, WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForTests } from './browser.js';
import { useBrowserCore } from './browserCore.js';

/**
 * A push that does not fit the wire contract, in real Chromium against a real core: the screen
 * says so (the protocol-mismatch banner and a console warning), keeps what it showed, and
 * heals by itself with a fresh snapshot. The bad frame is put on the page's own websocket by a
 * proxy in the test (Playwright's routeWebSocket), the way a broken proxy or another version
 * of the core would deliver it; everything else passes through unchanged.
 */

const chromium = chromiumForTests();
const FORGED_TITLE = 'Forged title that must never show';

interface ProxiedPage {
  page: Page;
  warnings: string[];
  /** Sends one socket.io event to the page, as if the core had; once the socket is on the websocket. */
  push: (event: string, payload: unknown) => Promise<void>;
}

describe.skipIf(!chromium.run)('a push that fails its schema, in real Chromium', () => {
  const e2e = useBrowserCore(chromium, { name: 'mismatch' });

  /** The producer console, its socket.io websocket running through a pass-through proxy. */
  async function openProxied(): Promise<ProxiedPage> {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    let live: { route: WebSocketRoute; upgraded: boolean } | null = null;
    await page.routeWebSocket(/\/socket\.io\//, (route) => {
      const current = { route, upgraded: false };
      live = current;
      const server = route.connectToServer();
      route.onMessage((message) => {
        // Engine.io's "upgrade" packet: from here on, packets flow on this websocket only.
        if (message === '5') current.upgraded = true;
        server.send(message);
      });
    });
    await page.goto(e2e.core.joinUrls.producer);
    await expect
      .poll(() => page.getByTestId('connection-pill').getAttribute('data-status'))
      .toBe('connected');
    await expect.poll(() => page.locator('[data-view]').getAttribute('data-view')).toBe('console');
    await expect.poll(() => page.getByTestId('rundown-row').count()).toBeGreaterThan(20);
    return {
      page,
      warnings,
      push: async (event, payload) => {
        await expect.poll(() => live?.upgraded ?? false).toBe(true);
        // Engine.io message (4) carrying a socket.io event (2) on the main namespace.
        live!.route.send(`42${JSON.stringify([event, payload])}`);
      },
    };
  }

  /** The next record the page expects: renames the first segment of the rundown. */
  function renameFirstSegment(t: unknown) {
    const first = e2e.core.core.state.segments[0]!;
    return {
      seq: e2e.core.core.seq + 1,
      t,
      events: [{ type: 'segmentUpdated', segment: { ...first, title: FORGED_TITLE } }],
    };
  }

  const firstRow = (page: Page) => page.getByTestId('rundown-row').first().innerText();

  it('shows the mismatch, does not apply the record, and heals with a fresh snapshot', async () => {
    const { page, warnings, push } = await openProxied();
    const title = e2e.core.core.state.segments[0]!.title;
    expect(await firstRow(page)).toContain(title);
    const banner = page.getByTestId('protocol-mismatch');
    expect(await banner.count()).toBe(0);

    // The next record, seq and events as the core would send them, but its time is not a number.
    await push('record', renameFirstSegment('yesterday'));

    await expect.poll(() => banner.isVisible()).toBe(true);
    const text = await banner.innerText();
    expect(text).toContain('Protocol mismatch');
    expect(text).toContain('“record”');
    expect(text).toMatch(/record: t\b/);
    expect(warnings.some((w) => w.includes('ignored a "record" push that does not fit the protocol'))).toBe(
      true,
    );
    // Not applied: the rundown is the core's, and the screen holds no trace of the forged title.
    expect(await firstRow(page)).toContain(title);
    expect(await page.getByText(FORGED_TITLE).count()).toBe(0);
    expect(await page.getByTestId('connection-pill').getAttribute('data-status')).toBe('connected');

    // A few seconds on, the screen asks for the show again; the snapshot fits and the banner goes.
    await expect.poll(() => banner.count(), { timeout: 20_000 }).toBe(0);
    await expect
      .poll(() => page.getByTestId('connection-pill').getAttribute('data-status'))
      .toBe('connected');
    expect(await firstRow(page)).toContain(title);
    expect(await page.getByText(FORGED_TITLE).count()).toBe(0);
    await page.close();
  });

  it('applies the same record when it fits (the injection itself works)', async () => {
    const { page, push } = await openProxied();
    await push('record', renameFirstSegment(Date.now()));
    await expect.poll(() => firstRow(page)).toContain(FORGED_TITLE);
    expect(await page.getByTestId('protocol-mismatch').count()).toBe(0);
    await page.close();
  });
});
