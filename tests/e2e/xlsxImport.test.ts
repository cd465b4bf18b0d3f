// Importing an .xlsx rundown through the console's file input in real Chromium: the sheet picker, and a refusal shown as the core words it.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { chromiumForTests } from './browser.js';
import { openScreen, useBrowserCore } from './browserCore.js';

const chromium = chromiumForTests();

async function workbookBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Notes').addRow(['Call sheet: doors at 8:30']);
  const day = workbook.addWorksheet('Day 1');
  day.addRow(['session', 'start_utc', 'duration_min', 'kind', 'speaker', 'title']);
  // Excel's local wall clock, no zone: read in the show's zone (the demo show: America/New_York).
  day.addRow(['Morning', new Date('2022-12-15T09:00:00Z'), 30, 'keynote', 'Ada Lovelace', 'Opening keynote']);
  day.addRow([
    'Morning',
    new Date('2022-12-15T09:30:00Z'),
    { formula: '5*3', result: 15 },
    'break',
    '',
    'Coffee',
  ]);
  day.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.skipIf(!chromium.run)('importing an .xlsx rundown in the producer console', () => {
  const e2e = useBrowserCore(chromium, { name: 'xlsx' });

  it('asks which sheet of a two-sheet workbook, imports it, and names it', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await openScreen(context, e2e.core.joinUrls.producer);
    const input = page.getByLabel('Import rundown (.csv, .json or .xlsx)');
    const buffer = await workbookBytes();
    await input.setInputFiles({ name: 'run-of-show.xlsx', mimeType: 'application/octet-stream', buffer });
    const picker = page.getByLabel('Sheet to import');
    await expect.poll(() => picker.locator('option').allInnerTexts()).toEqual(['Notes', 'Day 1']);
    await picker.selectOption('Day 1');
    await page.getByRole('button', { name: 'Import sheet' }).click();
    await expect
      .poll(() => page.getByTestId('import-done').innerText())
      .toBe('Imported run-of-show.xlsx (sheet “Day 1”).');
    const segments = e2e.core.core.state.segments;
    expect(segments.map((s) => [s.title, s.plannedStart, s.durationMs])).toEqual([
      ['Opening keynote', Date.parse('2022-12-15T14:00:00Z'), 30 * 60_000],
      ['Coffee', Date.parse('2022-12-15T14:30:00Z'), 15 * 60_000],
    ]);
    await expect.poll(() => page.getByTestId('rundown-row').count()).toBe(2);

    // A CSV renamed to .xlsx: refused with the core's reason, and the rundown stays.
    const seq = e2e.core.core.seq;
    await input.setInputFiles({
      name: 'renamed.xlsx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('session,start_utc,duration_min,title\nA,2022-12-15T12:30:00Z,30,Talk\n'),
    });
    await expect
      .poll(() => page.getByTestId('import-errors').innerText())
      .toContain('not imported: this file is text, not an Excel workbook (.xlsx)');
    expect(e2e.core.core.seq).toBe(seq);
    expect(e2e.core.core.state.segments).toEqual(segments);
    await context.close();
  });
});
