import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillFeed } from '../chat/fakes/syntheticChat.js';
import { chromiumForTests } from './browser.js';
import { useBrowserCore } from './browserCore.js';
import { skewPageClock } from './clockSkew.js';

/**
 * Issue 12.3: a screen's first displayed second must come from a good clock estimate. The
 * core holds a 50,000-message feed (a snapshot of several MB that every MC screen receives at
 * connect), two busy-loop processes load the machine's two cores, and four MC screens whose
 * clocks are off by known amounts connect at once. Every time a screen's countdown changes in
 * its first seconds, the page logs the clock offset it displayed from (`data-clock-offset-ms`
 * on its root); each must be within 5 ms of the true offset, which the test set.
 */
const chromium = chromiumForTests();
const MESSAGES = 50_000;
const SCREENS = 4;
const TOLERANCE_MS = 5;
const WATCH_MS = 4_000;

interface Shown {
  text: string;
  offsetMs: number;
  at: number;
}

declare global {
  interface Window {
    __shown?: Shown[];
  }
}

/** Logs, from the page's first script on, every countdown text with the offset behind it. */
async function logShownSeconds(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: Shown[] = [];
    window.__shown = shown;
    let last = '';
    const look = () => {
      const text = document.querySelector('[data-testid="countdown-time"]')?.textContent ?? '';
      if (text === '' || text === last) return;
      last = text;
      shown.push({
        text,
        offsetMs: Number(document.documentElement.dataset.clockOffsetMs),
        at: performance.now(),
      });
    };
    new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

describe.skipIf(!chromium.run)('the first displayed second, under load', () => {
  const e2e = useBrowserCore(chromium, { name: 'clock', core: { chat: false }, timeoutMs: 120_000 });
  const burners: ChildProcess[] = [];

  beforeAll(async () => {
    await fillFeed(e2e.core.core, MESSAGES);
    expect(
      await e2e.core.core.execute({ type: 'startSegment', segmentId: 's001' }, 'producer'),
    ).toMatchObject({
      ok: true,
    });
  }, 120_000);

  afterAll(() => {
    for (const burner of burners) burner.kill('SIGKILL');
  });

  it('is within 5 ms of the true offset on every screen, from the first second shown', async () => {
    for (let i = 0; i < 2; i++)
      burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    const skews = Array.from({ length: SCREENS }, (_, i) => (i % 2 === 0 ? 1 : -1) * (90_000 + i * 7_919.5));
    const pages = await Promise.all(
      skews.map(async (skew) => {
        const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await skewPageClock(page, skew);
        await logShownSeconds(page);
        return page;
      }),
    );
    // All at once, as a crew's screens do when the core comes back.
    await Promise.all(pages.map((page) => page.goto(e2e.core.joinUrls.mc)));
    const logs = await Promise.all(
      pages.map(async (page) => {
        await expect
          .poll(() => page.evaluate(() => window.__shown?.length ?? 0), { timeout: 60_000 })
          .toBeGreaterThan(0);
        await page.waitForTimeout(WATCH_MS);
        return page.evaluate(() => window.__shown ?? []);
      }),
    );
    for (const burner of burners) burner.kill('SIGKILL');

    const errors = logs.map((shown, i) => {
      const first = shown[0]!.at;
      const watched = shown.filter((s) => s.at - first <= WATCH_MS);
      // The true offset: the core runs on this machine's clock, the page's clock is skewed.
      return Math.max(...watched.map((s) => Math.abs(s.offsetMs - -skews[i]!)));
    });
    console.info(
      `[e2e] first displayed seconds under load: worst clock error per screen ${errors.map((e) => e.toFixed(2)).join(', ')} ms`,
    );
    for (const [i, shown] of logs.entries())
      expect(errors[i], `screen ${i} showed ${JSON.stringify(shown.slice(0, 4))}`).toBeLessThanOrEqual(
        TOLERANCE_MS,
      );
  }, 180_000);
});
