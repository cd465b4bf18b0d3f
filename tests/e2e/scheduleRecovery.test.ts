import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { Rundown, Segment, ShowState } from '../../shared/model.js';
import { startTestCore, tempDir } from '../core/harness.js';
import { chromiumForTests, launchChromium } from './browser.js';
import { clearOfMinuteEdge } from './clockSkew.js';
import { headerOverlaps } from './layout.js';
import { ensureRendererBuilt, RENDERER_DIST } from './rendererBuild.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * The show runs behind and the console says where the time can come back from, in real
 * Chromium against a real core: "Recover 10:00" beside the offset badge opens the suggestion
 * (the coffee break loses half), confirming sends one journaled updateSegments, and the rest of
 * the day is projected back on its plan.
 */

const chromium = chromiumForTests();
const MIN = 60_000;
const SETUP_TIMEOUT_MS = 120_000;

function segment(id: string, overrides: Partial<Segment>): Segment {
  return {
    id,
    kind: 'talk',
    session: 'Day',
    title: id,
    speakers: [],
    plannedStart: null,
    durationMs: 30 * MIN,
    warningMs: 5 * MIN,
    dangerMs: MIN,
    notes: '',
    ...overrides,
  };
}

/** The opener was planned ten minutes ago: started now, the show runs ten minutes behind. */
function rundown(now: number): Rundown {
  const start = now - 10 * MIN;
  return {
    show: { name: 'Recovery Conf', timezone: 'UTC', displayTimezones: [] },
    segments: [
      segment('opener', { title: 'Opening talk', plannedStart: start }),
      segment('coffee', {
        kind: 'break',
        title: 'Coffee break',
        plannedStart: start + 30 * MIN,
        durationMs: 20 * MIN,
        warningMs: 2 * MIN,
      }),
      segment('second', { title: 'Second talk', plannedStart: start + 50 * MIN }),
      segment('closing', { title: 'Closing talk', plannedStart: start + 80 * MIN }),
    ],
  };
}

async function stateOverHttp(core: RunningCore): Promise<{ seq: number; state: ShowState }> {
  const response = await fetch(`${core.url}/api/state`, {
    headers: { authorization: `Bearer ${core.tokens.producer}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { seq: number; state: ShowState };
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** How many minutes after its planned start the row is expected to start. */
async function rowLateness(page: Page, title: string): Promise<number> {
  const row = page.getByTestId('rundown-row').filter({ hasText: title });
  const planned = await row.getByTestId('row-planned').locator('.time-main').innerText();
  const expected = await row.getByTestId('row-expected').locator('.time-main').innerText();
  return (minutes(expected) - minutes(planned) + 24 * 60) % (24 * 60);
}

describe.skipIf(!chromium.run)('recovering the schedule from the console', () => {
  let core: RunningCore;
  let dir: ReturnType<typeof tempDir>;
  let browser: Browser;

  beforeAll(async () => {
    if (!chromium.usable) throw new Error(`CI must run the browser tests: ${chromium.reason}`);
    ensureRendererBuilt();
    dir = tempDir('showcaller-e2e-recovery-');
    core = await startTestCore(dir.dir, { staticDir: RENDERER_DIST });
    await clearOfMinuteEdge();
    const imported = await core.core.execute(
      { type: 'importRundown', format: 'json', text: JSON.stringify(rundown(Date.now())) },
      'producer',
      undefined,
    );
    expect(imported).toMatchObject({ ok: true });
    expect(
      await core.core.execute({ type: 'startSegment', segmentId: 'opener' }, 'producer', undefined),
    ).toMatchObject({ ok: true });
    browser = await launchChromium();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await ifAssigned(browser)?.close();
    await ifAssigned(core)?.close();
    ifAssigned(dir)?.remove();
  }, SETUP_TIMEOUT_MS);

  it('offers the break ahead, applies it as one journaled edit, and the day is back on plan', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(core.joinUrls.producer);
    await page.locator('[data-view="console"]').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('schedule-badge').innerText(), { timeout: 30_000 })
      .toMatch(/Running 10:0\d behind/);
    const button = page.getByTestId('recovery-button');
    await expect.poll(() => button.innerText(), { timeout: 30_000 }).toMatch(/^Recover 10:0\d$/);
    // It sits in the header line beside the badge: the header is no taller for it (see below).
    expect(await headerOverlaps(page)).toEqual([]);
    const headerHeight = () => page.locator('.topbar').evaluate((el) => el.getBoundingClientRect().height);
    const withButton = await headerHeight();
    expect(await rowLateness(page, 'Second talk')).toBe(10);
    expect(await page.getByTestId('schedule-end-day').innerText()).toMatch(/\(\+10:0\d\)/);

    // Keyboard only: focus the button, Enter opens the dialog, Tab to the confirm button.
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('recovery-dialog');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.getByTestId('recovery-change').allInnerTexts()).toEqual([
      expect.stringMatching(/^Coffee break: (?:20 → 10 min|20:00 → 9:5\d)$/),
    ]);
    expect(await dialog.getByTestId('recovery-end').innerText()).toMatch(
      /^Projected day end \(planned (\d\d:\d\d)\): \d\d:\d\d → \1$/,
    );
    const before = await stateOverHttp(core);
    const confirm = dialog.getByRole('button', { name: 'Shorten them' });
    for (let i = 0; i < 5 && !(await confirm.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });

    // The core has it: one record, the break shortened (its floor written down), the rest untouched.
    await expect
      .poll(
        async () => (await stateOverHttp(core)).state.segments.find((s) => s.id === 'coffee')?.durationMs,
        {
          timeout: 20_000,
        },
      )
      .toBeLessThanOrEqual(10 * MIN);
    const after = await stateOverHttp(core);
    const coffee = after.state.segments.find((s) => s.id === 'coffee')!;
    expect(coffee.durationMs).toBeGreaterThanOrEqual(10 * MIN - 2_000);
    expect(coffee.minDurationMs).toBe(10 * MIN);
    expect(after.state.segments.map((s) => s.durationMs / MIN)).toEqual([
      30,
      coffee.durationMs / MIN,
      30,
      30,
    ]);
    const records = [];
    for await (const batch of core.core.durableRecordsSince(before.seq)) records.push(...batch);
    expect(records.map((r) => r.events.map((e) => e.type))).toEqual([['segmentUpdated']]);

    // The time comes back: the talk after the break and the day are expected on their plan again.
    await expect.poll(() => rowLateness(page, 'Second talk'), { timeout: 20_000 }).toBe(0);
    await expect
      .poll(() => page.getByTestId('schedule-end-day').innerText(), { timeout: 20_000 })
      .not.toMatch(/\(\+/);
    expect(await page.getByTestId('recovery-button').count()).toBe(0);
    expect(await headerHeight()).toBe(withButton);

    // Undone by editing again (as the segment editor would): the lateness and the offer come back.
    expect(
      await core.core.execute(
        { type: 'updateSegment', segmentId: 'coffee', changes: { durationMs: 20 * MIN } },
        'producer',
        undefined,
      ),
    ).toMatchObject({ ok: true });
    await expect
      .poll(() => page.getByTestId('recovery-button').innerText(), { timeout: 20_000 })
      .toMatch(/^Recover 10:0\d$/);
    expect(await rowLateness(page, 'Second talk')).toBe(10);
    await page.close();
  });
});
