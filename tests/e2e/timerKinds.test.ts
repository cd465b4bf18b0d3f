import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RUNDOWN_CSV, DEMO_SHOW_INFO } from '../../core/demoShow.js';
import type { RunningCore } from '../../core/server.js';
import { parseCountdown } from '../../renderer/timer/timerDisplay.js';
import { startTestCore } from '../core/harness.js';
import { chromiumForTests, launchChromium } from './browser.js';
import { ensureRendererBuilt, RENDERER_DIST } from './rendererBuild.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * A count-up segment on the speaker's stage screen, set from the segment editor, and the
 * schedule offset appearing under it once the show setting is on: real core, built renderer,
 * real Chromium. No timing is asserted, only that the number goes up.
 */

const chromium = chromiumForTests();
const SETUP_TIMEOUT_MS = 180_000;
const MIN = 60_000;

/** NormConf's day moved to today, the third talk planned to start ten minutes ago. */
function todaysRundown(now: number): string {
  const [header, ...rows] = DEMO_RUNDOWN_CSV.trim().split('\r\n');
  const firstStart = Date.parse('2022-12-15T12:30:00Z');
  const shift = now - 10 * MIN - (firstStart + 60 * MIN);
  const moved = rows.map((row) => {
    const start = /,(\d{4}-\d\d-\d\dT[\d:]+Z),/.exec(row)![1]!;
    return row.replace(start, new Date(Date.parse(start) + shift).toISOString().replace('.000Z', 'Z'));
  });
  return [header, ...moved].join('\r\n') + '\r\n';
}

async function shownSeconds(page: Page): Promise<number> {
  const text = await page.getByTestId('countdown-time').innerText();
  const seconds = parseCountdown(text);
  if (seconds === null) throw new Error(`not a timer reading: "${text}"`);
  return seconds;
}

describe.skipIf(!chromium.run)('timer kinds and the stage offset in real Chromium', () => {
  let browser: Browser;
  let core: RunningCore;
  let dataDir: string;
  let producer: Page;
  let stage: Page;
  let third: { id: string; title: string };

  beforeAll(async () => {
    if (!chromium.usable) throw new Error(`CI must run the browser tests: ${chromium.reason}`);
    ensureRendererBuilt();
    dataDir = await mkdtemp(path.join(tmpdir(), 'showcaller-e2e-timer-kinds-'));
    core = await startTestCore(dataDir, { staticDir: RENDERER_DIST });
    const imported = await core.core.execute(
      { type: 'importRundown', format: 'csv', text: todaysRundown(Date.now()), show: DEMO_SHOW_INFO },
      'producer',
      undefined,
    );
    expect(imported).toMatchObject({ ok: true });
    const segment = core.core.state.segments[2]!;
    third = { id: segment.id, title: segment.title };
    browser = await launchChromium();
    producer = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await producer.goto(core.joinUrls.producer);
    await producer.locator('[data-view="console"]').waitFor({ timeout: 30_000 });
    stage = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await stage.goto(core.joinUrls.viewer);
    await stage.locator('[data-view="stage"]').waitFor({ timeout: 30_000 });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await ifAssigned(browser)?.close();
    await ifAssigned(core)?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, SETUP_TIMEOUT_MS);

  it('makes a segment a count-up in the editor, and the stage counts up from 00:00', async () => {
    await producer.getByRole('button', { name: `Edit ${third.title}` }).click();
    const dialog = producer.getByRole('dialog', { name: 'Edit segment' });
    await dialog.getByLabel('Timer').selectOption('countup');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count(), { timeout: 20_000 }).toBe(0);
    expect(core.core.state.segments[2]!.timer).toBe('countup');

    expect(
      await core.core.execute({ type: 'startSegment', segmentId: third.id }, 'producer', undefined),
    ).toMatchObject({ ok: true });
    const countdown = stage.getByTestId('countdown');
    await expect.poll(() => countdown.getAttribute('data-kind'), { timeout: 20_000 }).toBe('countup');
    expect(await stage.getByTestId('countdown-time').getAttribute('aria-label')).toBe('Time elapsed');
    const first = await shownSeconds(stage);
    // Elapsed, not the 20 minutes left: it starts near zero and goes up.
    expect(first).toBeLessThan(5 * 60);
    await expect.poll(() => shownSeconds(stage), { timeout: 30_000 }).toBeGreaterThan(first);
    expect(await countdown.getAttribute('data-phase')).toBe('normal');
    // The console's live panel shows the same kind of reading.
    await expect.poll(() => producer.getByTestId('countdown').getAttribute('data-kind')).toBe('countup');
  });

  it('shows the schedule offset on the stage only once the show setting is on', async () => {
    expect(await stage.getByTestId('stage-offset').count()).toBe(0);
    await producer.getByRole('button', { name: 'Show settings…' }).click();
    const dialog = producer.getByRole('dialog', { name: 'Show settings' });
    await dialog.getByLabel('Show the schedule offset on the stage').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.count(), { timeout: 20_000 }).toBe(0);
    expect(core.core.state.show.stageShowsOffset).toBe(true);

    const badge = stage.getByTestId('stage-offset').getByTestId('schedule-badge');
    await expect.poll(() => badge.count(), { timeout: 20_000 }).toBe(1);
    expect(await badge.innerText()).toMatch(/^▼?\s*Running 10:\d\d behind$/);
    expect(await badge.getAttribute('data-status')).toBe('behind');
  });
});
