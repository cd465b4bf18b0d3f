import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import { questionsCsv, reportCsv } from '../../shared/reportExport.js';
import { buildShowReport } from '../../shared/showReport.js';
import { startTestCore, tempDir } from '../core/harness.js';
import { writeScriptedJournal } from '../core/reportJournal.js';
import { REPORT_SHOW_ID, reportShow } from '../shared/reportFixtures.js';
import { chromiumForTests, launchChromium } from './browser.js';
import { ensureRendererBuilt, RENDERER_DIST } from './rendererBuild.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * "Export report" in the producer console, in real Chromium: each item downloads the core's
 * file with the page's token, under the core's file name; a refusal shows as a toast.
 */

const chromium = chromiumForTests();

async function openConsole(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[data-view="console"]').waitFor({ timeout: 20_000 });
  return page;
}

async function exportItem(page: Page, label: string): Promise<void> {
  await page.locator('.export-menu > summary').click();
  await page.getByRole('menuitem', { name: label, exact: true }).click();
}

/** Chooses a menu item and returns the file the browser saved: its name and bytes. */
async function download(page: Page, label: string): Promise<{ name: string; bytes: Buffer }> {
  const [saved] = await Promise.all([page.waitForEvent('download'), exportItem(page, label)]);
  return { name: saved.suggestedFilename(), bytes: await readFile(await saved.path()) };
}

describe.skipIf(!chromium.run)('exporting the show report from the producer console', () => {
  let scripted: RunningCore;
  let fresh: RunningCore;
  const dirs: ReturnType<typeof tempDir>[] = [];
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!chromium.usable) throw new Error(`CI must run the browser tests: ${chromium.reason}`);
    ensureRendererBuilt();
    const scriptedDir = tempDir('showcaller-e2e-report-');
    const freshDir = tempDir('showcaller-e2e-report-');
    dirs.push(scriptedDir, freshDir);
    await writeScriptedJournal(scriptedDir.dir);
    scripted = await startTestCore(scriptedDir.dir, { showId: REPORT_SHOW_ID, staticDir: RENDERER_DIST });
    fresh = await startTestCore(freshDir.dir, { staticDir: RENDERER_DIST });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await ifAssigned(browser)?.close();
    await ifAssigned(scripted)?.close();
    await ifAssigned(fresh)?.close();
    for (const dir of dirs) dir.remove();
  });

  it('downloads the report, the questions and the chapters of the scripted show', async () => {
    const page = await openConsole(context, scripted.joinUrls.producer);
    const state = reportShow();

    const report = await download(page, 'Report (CSV)');
    expect(report.name).toBe('report-show-report.csv');
    expect(report.bytes.equals(Buffer.from(reportCsv(buildShowReport(state)), 'utf8'))).toBe(true);

    const questions = await download(page, 'Questions for speakers (CSV)');
    expect(questions.name).toBe('report-show-questions.csv');
    expect(
      questions.bytes.equals(Buffer.from(questionsCsv(state, { questionReaction: 'question' }), 'utf8')),
    ).toBe(true);

    const markdown = await download(page, 'Report (Markdown)');
    expect(markdown.name).toBe('report-show-report.md');
    expect(markdown.bytes.toString('utf8')).toMatch(/^# Show report: Test Conf\n/);

    const chapters = await download(page, 'YouTube chapters');
    expect(chapters.name).toBe('report-show-chapters.txt');
    expect(chapters.bytes.toString('utf8')).toMatch(/^0:00 Intro\n5:05 Opening keynote – Vicki Boykis\n/);

    // The Excel files: workbooks whose first row is the CSV's header, and the import's columns.
    const header = async (bytes: Buffer, sheetName: string) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
      const values = workbook.getWorksheet(sheetName)?.getRow(1).values;
      return Array.isArray(values) ? values.slice(1, 4) : [];
    };
    const reportXlsx = await download(page, 'Report (Excel)');
    expect(reportXlsx.name).toBe('report-show-report.xlsx');
    expect(await header(reportXlsx.bytes, 'Report')).toEqual(['Segment', 'Title', 'Kind']);
    const rundownXlsx = await download(page, 'Rundown (Excel)');
    expect(rundownXlsx.name).toBe('report-show-rundown.xlsx');
    expect(await header(rundownXlsx.bytes, 'Rundown')).toEqual(['session', 'start_utc', 'duration_min']);
    await page.close();
  });

  it('shows why there are no chapters when the stream never went live', async () => {
    const page = await openConsole(context, fresh.joinUrls.producer);
    await exportItem(page, 'YouTube chapters');
    const toast = page.getByTestId('toast');
    await expect.poll(() => toast.innerText()).toMatch(/YouTube chapters: not exported \(409\)/);
    expect(await toast.innerText()).toMatch(/the stream never went live/);
    await page.close();
  });
});
