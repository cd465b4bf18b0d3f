// Importing the NormConf lightning-talk list through the console's talk list dialog in real Chromium: a refusal shown as the core words it, then 31 new rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumForTests } from './browser.js';
import { openScreen, useBrowserCore } from './browserCore.js';

const chromium = chromiumForTests();
const LIGHTNING = path.resolve(import.meta.dirname, '../fixtures/samples/normconf-2022-lightning.csv');

describe.skipIf(!chromium.run)('importing a talk list in the producer console', () => {
  const e2e = useBrowserCore(chromium, { name: 'talklist' });

  it('shows the refusal for a pasted list without a title column, then imports the NormConf file as a new session', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await openScreen(context, e2e.core.joinUrls.producer);
    const rows = page.getByTestId('rundown-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const before = await rows.count();
    const segmentsBefore = e2e.core.core.state.segments;
    const seqBefore = e2e.core.core.seq;

    await page.getByRole('button', { name: 'Import talk list…' }).click();
    const form = page.getByTestId('talk-list-form');
    await form.getByLabel('Talk list text').fill('speaker,talk\nAda Lovelace,Notes on the engine\n');
    await form.getByRole('button', { name: 'Import talks' }).click();
    await expect
      .poll(() => form.getByRole('alert').innerText())
      .toContain('line 1, column title: missing required column title');
    expect(e2e.core.core.seq).toBe(seqBefore);
    expect(e2e.core.core.state.segments).toEqual(segmentsBefore);

    await form.getByLabel('Talk list file (.csv)').setInputFiles({
      name: 'normconf-2022-lightning.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(LIGHTNING),
    });
    await expect.poll(() => form.getByLabel('Talk list text').inputValue()).toMatch(/^speaker,title\n/);
    await form.getByLabel(/As a new session at the end/).check();
    await form.getByLabel('New session title').fill('Lightning talks');
    await form.getByRole('button', { name: 'Import talks' }).click();
    await expect.poll(() => rows.count()).toBe(before + 31);
    await expect.poll(() => form.count()).toBe(0);
    const segments = e2e.core.core.state.segments;
    expect(segments.slice(0, before)).toEqual(segmentsBefore);
    const talks = segments.slice(before);
    expect(talks).toHaveLength(31);
    expect(talks.every((s) => s.session === 'Lightning talks' && s.durationMs === 5 * 60_000)).toBe(true);
    await expect.poll(() => rows.last().innerText()).toContain('Hotkeys for Spreadsheets');
    await context.close();
  });
});
