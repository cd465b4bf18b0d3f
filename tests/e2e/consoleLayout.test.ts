import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RUNDOWN_CSV, DEMO_SHOW_INFO } from '../../core/demoShow.js';
import { obsForTests } from '../obs/obsProcess.js';
import { useTestObs } from '../obs/testObs.js';
import { chromiumForTests } from './browser.js';
import { clearOfMinuteEdge } from './clockSkew.js';
import { useBrowserCore } from './browserCore.js';
import { headerOverlaps } from './layout.js';
import { PROJECT_ROOT } from './rendererBuild.js';

/**
 * The console on a 13" laptop and on a 1080p screen, in real Chromium with a real OBS: without
 * scrolling the page the producer sees the live segment and its timer, what is next, the
 * offset badge, the OBS scene buttons and enough rundown rows to run the day from.
 */

const chromium = chromiumForTests();
const obsCheck = obsForTests();
const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');
const SETUP_TIMEOUT_MS = 180_000;
const MIN = 60_000;
const SIZES = [
  { width: 1280, height: 800, rows: 8, screenshot: 'console-laptop.png' },
  { width: 1920, height: 1080, rows: 15, screenshot: 'console-1080p.png' },
] as const;

/**
 * NormConf's day moved to today: the third talk was planned to start ten minutes ago, so once
 * it starts now the show runs ten minutes behind; session 2 opens with a hard start.
 */
function todaysRundown(now: number): string {
  const [header, ...rows] = DEMO_RUNDOWN_CSV.trim().split('\r\n');
  const firstStart = Date.parse('2022-12-15T12:30:00Z');
  const shift = now - 10 * MIN - (firstStart + 60 * MIN);
  const moved = rows.map((row, index) => {
    const start = /,(\d{4}-\d\d-\d\dT[\d:]+Z),/.exec(row)![1]!;
    const at = new Date(Date.parse(start) + shift).toISOString().replace('.000Z', 'Z');
    return `${row.replace(start, at)},${index === 9 ? 'hard' : ''}`;
  });
  return [`${header},start_mode`, ...moved].join('\r\n') + '\r\n';
}

/** Rundown rows wholly on screen: inside the window and the rundown's scroll box. */
function rowsInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const box = document.querySelector('.rundown__scroll')!.getBoundingClientRect();
    return Array.from(document.querySelectorAll('[data-testid="rundown-row"]')).filter((row) => {
      const r = row.getBoundingClientRect();
      return r.height > 0 && r.top >= Math.max(0, box.top) && r.bottom <= Math.min(innerHeight, box.bottom);
    }).length;
  });
}

async function inViewport(page: Page, selector: string): Promise<boolean> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return (
        r.width > 0 &&
        r.height > 0 &&
        r.top >= 0 &&
        r.left >= 0 &&
        r.bottom <= innerHeight &&
        r.right <= innerWidth
      );
    });
}

describe.skipIf(!chromium.run || !obsCheck.run)('the console shows the day on a laptop', () => {
  const obs = useTestObs(SETUP_TIMEOUT_MS);

  const e2e = useBrowserCore(chromium, {
    name: 'layout',
    core: () => ({ obs: { settings: obs.proc.settings } }),
    timeoutMs: SETUP_TIMEOUT_MS,
  });

  beforeAll(async () => {
    // No name given, as the producer's own window connects: it holds show control, unlocked.
    const producer = undefined;
    await clearOfMinuteEdge();
    const imported = await e2e.core.core.execute(
      { type: 'importRundown', format: 'csv', text: todaysRundown(Date.now()), show: DEMO_SHOW_INFO },
      'producer',
      producer,
    );
    expect(imported).toMatchObject({ ok: true });
    const third = e2e.core.core.state.segments[2]!.id;
    expect(
      await e2e.core.core.execute({ type: 'startSegment', segmentId: third }, 'producer', producer),
    ).toMatchObject({ ok: true });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, SETUP_TIMEOUT_MS);

  for (const size of SIZES) {
    it(`at ${size.width}×${size.height}: live, next, offset, scenes and ${size.rows}+ rows, no page scroll`, async () => {
      const page = await e2e.browser.newPage({ viewport: { width: size.width, height: size.height } });
      await page.goto(e2e.core.joinUrls.producer);
      await page.locator('[data-view="console"]').waitFor({ timeout: 20_000 });
      await expect
        .poll(() => page.getByTestId('obs-connection').getAttribute('data-status'), { timeout: 20_000 })
        .toBe('connected');
      await expect.poll(() => page.getByTestId('scene-button').count()).toBeGreaterThanOrEqual(3);

      await expect
        .poll(() => page.getByTestId('schedule-badge').innerText())
        .toMatch(/^▼?\s*Running 10:0\d behind$/);
      expect(await page.getByTestId('schedule-badge').getAttribute('data-status')).toBe('behind');
      // Session 2's hard start takes the ten minutes back (it cuts session 1's last talk): the
      // session and the day end as planned, and the console says what must give.
      expect(await page.getByTestId('schedule-end-session').innerText()).toMatch(
        /^Session 1 ends\s*\d\d:\d\d$/,
      );
      expect(await page.getByTestId('schedule-end-day').innerText()).toMatch(/^Day ends\s*\d\d:\d\d$/);
      // 20:00 left when the page opens within the second the talk started, 19:xx after; 20:01
      // when the screen's estimate of the core's clock is a few ms behind in that first second
      // (countdowns round up, and the estimate is good to a few ms, not to zero).
      expect(await page.getByTestId('hard-start-warning').innerText()).toMatch(
        /^Hard start \d\d:\d\d \(.+\): the current segment must end in (?:1\d:\d\d|20:0[01]) — the schedule is cut to make it$/,
      );
      expect(await headerOverlaps(page)).toEqual([]);

      await page.screenshot({ path: path.join(SCREENSHOTS, size.screenshot) });
      for (const selector of [
        '[data-testid="live-title"]',
        '[data-testid="countdown-time"]',
        '[data-testid="next-up"]',
        '[data-testid="schedule-badge"]',
        '[data-testid="automation-switch"]',
        '[data-testid="scene-button"]',
        '.rundown__row.is-live',
      ]) {
        expect({ selector, shown: await inViewport(page, selector) }).toEqual({ selector, shown: true });
      }
      expect(await rowsInView(page)).toBeGreaterThanOrEqual(size.rows);
      // The page itself does not scroll: only the rundown (and the side column) do.
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= innerHeight)).toBe(true);

      // The expected start of every row after the live one is ten minutes after its plan.
      const next = page.locator('.rundown__row.is-live + .rundown__row');
      const planned = await next.getByTestId('row-planned').locator('.time-main').innerText();
      const expected = await next.getByTestId('row-expected').locator('.time-main').innerText();
      const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
      expect((minutes(expected) - minutes(planned) + 24 * 60) % (24 * 60)).toBe(10);

      await page.close();
    });
  }

  it('puts the same offset on the MC screen', async () => {
    const mc = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await mc.goto(e2e.core.joinUrls.mc);
    await expect
      .poll(() => mc.getByTestId('schedule-badge').innerText(), { timeout: 20_000 })
      .toMatch(/Running 10:0\d behind/);
    await mc.close();
  });

  it('moves between the messages and questions tabs with the arrow keys', async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(e2e.core.joinUrls.producer);
    await page.getByTestId('side-tab-messages').waitFor();
    expect(await page.getByRole('button', { name: 'Wrap up', exact: true }).isVisible()).toBe(true);
    await page.getByTestId('side-tab-messages').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('side-tab-questions').getAttribute('aria-selected')).toBe('true');
    expect(await page.getByTestId('queue-panel').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Wrap up', exact: true }).isVisible()).toBe(false);
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('button', { name: 'Wrap up', exact: true }).isVisible()).toBe(true);
    await page.close();
  });
});
