import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCountdown } from '../../renderer/timer/timerDisplay.js';
import { chromiumForTests } from './browser.js';
import { openScreen, useBrowserCore } from './browserCore.js';
import { PROJECT_ROOT } from './rendererBuild.js';

const chromium = chromiumForTests();
const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');
const MINUTE = 60_000;
const CONSOLE_SIZE = { width: 1280, height: 800 };
const STAGE_SIZE = { width: 1920, height: 1080 };

/** The countdown as every screen shows it, in signed seconds. */
async function shownSeconds(page: Page): Promise<number> {
  const text = await page.getByTestId('countdown-time').innerText();
  const seconds = parseCountdown(text);
  if (seconds === null) throw new Error(`not a countdown: "${text}"`);
  return seconds;
}

/** Reads all screens in one go, so they are compared at (nearly) the same instant. */
async function shownSecondsTogether(pages: Page[]): Promise<number[]> {
  return Promise.all(pages.map(shownSeconds));
}

function spread(values: number[]): number {
  return Math.max(...values) - Math.min(...values);
}

describe.skipIf(!chromium.run)('crew screens in real Chromium', () => {
  const e2e = useBrowserCore(chromium, { name: 'screens' });
  let consoleContext: BrowserContext;
  let stageContext: BrowserContext;
  let producer: Page;
  let mc: Page;
  let stage: Page;

  beforeAll(async () => {
    consoleContext = await e2e.browser.newContext({ viewport: CONSOLE_SIZE });
    stageContext = await e2e.browser.newContext({ viewport: STAGE_SIZE });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  it('refuses a bad token full-screen and does not retry-storm the core', async () => {
    const page = await consoleContext.newPage();
    const handshakes: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/socket.io/') && !url.searchParams.has('sid'))
        handshakes.push(request.url());
    });
    await page.goto(`${e2e.core.url}/?token=not-a-real-token`);
    const refusal = page.getByTestId('refusal');
    await expect.poll(() => refusal.isVisible()).toBe(true);
    expect(await refusal.innerText()).toContain('not valid for this show');
    expect(await page.getByTestId('connection-pill').innerText()).toBe('Refused: bad token');
    await page.waitForTimeout(2_500);
    expect(handshakes.length).toBe(1);
    await page.close();
  });

  it('opens the producer console with the rundown and shows core errors as dismissable toasts', async () => {
    producer = await openScreen(consoleContext, e2e.core.joinUrls.producer);
    expect(await producer.locator('[data-view]').getAttribute('data-view')).toBe('console');
    await expect.poll(() => producer.getByTestId('rundown-row').count()).toBeGreaterThan(20);
    // Planned starts in the show zone and every display zone, NormConf-style.
    // The show's zone heads the Planned and Expected columns; the display zones follow small.
    const headings = await producer.locator('.rundown__table thead th').allInnerTexts();
    expect(headings.join(' | ').replace(/\n/g, ' ')).toMatch(
      /Planned New York EST \+3 \| Expected New York EST \+3/,
    );
    expect(await producer.locator('thead .col-time__zone').first().getAttribute('title')).toBe(
      'then UTC · London GMT · Los Angeles PST',
    );
    const firstRow = producer.getByTestId('rundown-row').first();
    expect(await firstRow.innerText()).toMatch(/07:30[\s\S]*12:30[\s\S]*12:30[\s\S]*04:30/);

    // Nothing is live yet, so P is refused by the core; the refusal must be visible.
    await producer.keyboard.press('p');
    const toast = producer.getByTestId('toast');
    await expect.poll(() => toast.innerText()).toContain('no segment is live');
    await producer.getByRole('button', { name: /^Dismiss/ }).click();
    await expect.poll(() => toast.count()).toBe(0);
  });

  it('shows a rejected import verbatim, with its line, and changes nothing', async () => {
    const before = await producer.getByTestId('rundown-row').count();
    await producer.getByLabel('Import rundown (.csv, .json or .xlsx)').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'session,start_utc,duration_min,kind,speaker,title\nS1,2022-12-15T12:30:00Z,thirty,talk,Ann,A talk\n',
      ),
    });
    const errors = producer.getByTestId('import-errors');
    await expect.poll(() => errors.isVisible()).toBe(true);
    expect(await errors.innerText()).toMatch(/line 2, column duration_min/);
    expect(await producer.getByTestId('rundown-row').count()).toBe(before);
    await producer.getByRole('button', { name: 'Dismiss import errors' }).click();
  });

  it('starts the selected talk from the keyboard', async () => {
    const rows = producer.getByTestId('rundown-row');
    expect(await rows.first().getAttribute('data-selected')).toBe('true');
    await producer.keyboard.press('ArrowDown');
    await expect.poll(() => rows.nth(1).getAttribute('data-selected')).toBe('true');
    await producer.keyboard.press('ArrowUp');
    await expect.poll(() => rows.first().getAttribute('data-selected')).toBe('true');
    await producer.keyboard.press('s');
    await expect.poll(() => producer.getByTestId('live-title').innerText()).toBe('Keynote');
    await expect.poll(() => shownSeconds(producer)).toBeLessThanOrEqual(30 * 60);
    expect(await shownSeconds(producer)).toBeGreaterThan(29 * 60);
    // Selection moved on to what S would start next.
    expect(await rows.nth(1).getAttribute('data-selected')).toBe('true');
  });

  it('shows the same second on screens whose clocks are minutes off', async () => {
    mc = await openScreen(consoleContext, e2e.core.joinUrls.mc, 5 * MINUTE);
    stage = await openScreen(stageContext, e2e.core.joinUrls.viewer, -3 * MINUTE);
    expect(await mc.locator('[data-view]').getAttribute('data-view')).toBe('mc');
    expect(await stage.locator('[data-view]').getAttribute('data-view')).toBe('stage');
    // The skew is real: these pages' clocks are off by minutes.
    const mcSkew = (await mc.evaluate(() => Date.now())) - Date.now();
    const stageSkew = (await stage.evaluate(() => new Date().getTime())) - Date.now();
    expect(Math.abs(mcSkew - 5 * MINUTE)).toBeLessThan(2_000);
    expect(Math.abs(stageSkew + 3 * MINUTE)).toBeLessThan(2_000);

    const screens = [producer, mc, stage];
    await expect.poll(async () => spread(await shownSecondsTogether(screens))).toBeLessThanOrEqual(1);
    for (let i = 0; i < 5; i++) {
      const seconds = await shownSecondsTogether(screens);
      expect(spread(seconds), `screens showed ${seconds.join(', ')} s`).toBeLessThanOrEqual(1);
      expect(seconds[0]).toBeGreaterThan(28 * 60);
      await producer.waitForTimeout(350);
    }
    expect(await mc.getByTestId('mc-title').innerText()).toBe('Keynote');
  });

  it('takes a minute off with "-" on every screen', async () => {
    const before = await shownSeconds(stage);
    await producer.keyboard.press('-');
    await expect.poll(() => shownSeconds(stage)).toBeLessThanOrEqual(before - 59);
    await expect
      .poll(async () => spread(await shownSecondsTogether([producer, mc, stage])))
      .toBeLessThanOrEqual(1);
  });

  it('pauses on every screen, frozen, and resumes', async () => {
    await producer.keyboard.press('p');
    for (const page of [producer, mc, stage]) {
      await expect.poll(() => page.getByTestId('countdown').getAttribute('data-paused')).toBe('true');
      expect(await page.getByTestId('phase-mark').innerText()).toMatch(/paused/i);
    }
    const frozen = await shownSecondsTogether([producer, mc, stage]);
    expect(spread(frozen)).toBe(0);
    await producer.waitForTimeout(1_500);
    expect(await shownSecondsTogether([producer, mc, stage])).toEqual(frozen);
    expect(await stage.getByTestId('stage').getAttribute('data-frame')).toBe('paused');

    await producer.keyboard.press('Space');
    for (const page of [producer, mc, stage]) {
      await expect.poll(() => page.getByTestId('countdown').getAttribute('data-paused')).toBe('false');
    }
  });

  it('edits the live segment: a shorter duration turns every screen amber', async () => {
    await producer.getByRole('button', { name: 'Edit Keynote' }).click();
    const dialog = producer.getByRole('dialog', { name: 'Edit segment' });
    await dialog.getByLabel('Duration (min)').fill('5.5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // 5.5 min planned − 1 min removed − the seconds run so far: under the 5-minute warning.
    for (const page of [producer, mc, stage]) {
      await expect.poll(() => page.getByTestId('countdown').getAttribute('data-phase')).toBe('warning');
    }
    expect(await stage.getByTestId('phase-mark').innerText()).toMatch(/wrap up soon/i);
    expect(await shownSeconds(mc)).toBeLessThanOrEqual(4 * 60 + 30);
  });

  it('puts "Wrap up" on the MC and stage screens, then saves screenshots of all three views', async () => {
    await producer.getByRole('button', { name: 'Wrap up', exact: true }).click();
    for (const page of [mc, stage]) {
      await expect.poll(() => page.getByTestId('active-message').innerText()).toBe('Wrap up');
    }
    await expect.poll(() => producer.getByTestId('console-active-message').innerText()).toBe('Wrap up');
    // The screens flash until someone says "Got it": the MC does, and both come to rest.
    await mc.getByTestId('acknowledge-message').click();
    for (const page of [mc, stage]) await expect.poll(() => page.getByTestId('signal-flash').count()).toBe(0);
    // Let the message's own flash finish so the screenshots show the resting state.
    await producer.waitForTimeout(3_000);
    await producer.screenshot({ path: path.join(SCREENSHOTS, 'producer.png') });
    await mc.screenshot({ path: path.join(SCREENSHOTS, 'mc.png') });
    await stage.screenshot({ path: path.join(SCREENSHOTS, 'stage.png') });
  });

  it('forces the stage view with ?view=stage on a producer link', async () => {
    const page = await openScreen(stageContext, `${e2e.core.joinUrls.producer}&view=stage`);
    expect(await page.locator('[data-view]').getAttribute('data-view')).toBe('stage');
    await expect
      .poll(async () => Math.abs((await shownSeconds(page)) - (await shownSeconds(stage))))
      .toBeLessThanOrEqual(1);
    await page.close();
  });

  it('marks the MC screen stale, not live, when the core goes away', async () => {
    await e2e.core.close();
    const banner = mc.getByTestId('stale-banner');
    await expect.poll(() => banner.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await banner.innerText()).toMatch(
      /Not live — showing the state from \d\d:\d\d:\d\d EST, reconnecting…/,
    );
    expect(await mc.getByTestId('countdown').getAttribute('data-stale')).toBe('true');
    expect(await mc.getByTestId('phase-mark').innerText()).toMatch(/stale/i);
    expect(await mc.getByTestId('connection-pill').innerText()).toMatch(/Reconnecting/);
    await mc.screenshot({ path: path.join(SCREENSHOTS, 'mc-stale.png') });
  });

  it('comes back live by itself when the core restarts on the same port, and follows new changes', async () => {
    await e2e.restartCore();
    for (const page of [producer, mc, stage]) {
      await expect
        .poll(() => page.getByTestId('connection-pill').getAttribute('data-status'), { timeout: 20_000 })
        .toBe('connected');
      await expect.poll(() => page.getByTestId('stale-banner').count()).toBe(0);
    }
    expect(await mc.getByTestId('countdown').getAttribute('data-stale')).toBe('false');
    await expect
      .poll(async () => spread(await shownSecondsTogether([producer, mc, stage])))
      .toBeLessThanOrEqual(1);
    await producer.getByRole('button', { name: '1 minute', exact: true }).click();
    await expect.poll(() => mc.getByTestId('active-message').innerText()).toBe('1 minute');
  });
});
