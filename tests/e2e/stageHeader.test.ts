import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumForTests } from './browser.js';
import { openScreen, useBrowserCore } from './browserCore.js';

/**
 * Issue 11: the stage view on a phone (390×844) lost its header: the status badges kept their
 * full width, squeezed the talk's title to a letter, and when the screen went stale ran past the
 * window's edge. With a long talk title and long speaker names, every piece of the header stays
 * inside the window, the title keeps most of a line, and the page never scrolls sideways; on a
 * laptop the header is one row as before. Real core, built renderer, real (mobile-emulating)
 * Chromium.
 */

const chromium = chromiumForTests();
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };
const LONG_TITLE =
  'Five semesters of linear algebra and all I do is solve Python dependency problems, again, live';
const LONG_SPEAKERS = ['Maximiliane Wolkenstein-Oberhausen', 'Bartholomew Featherstonehaugh-Cholmondeley'];

interface Box {
  name: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
}

interface HeaderMeasure {
  /** The header's children (title, status) and the badges in the status, as laid out. */
  boxes: Box[];
  scrollWidth: number;
  innerWidth: number;
}

function measureHeader(page: Page): Promise<HeaderMeasure> {
  return page.evaluate(() => {
    const top = document.querySelector('.stage__top');
    if (!top) throw new Error('no .stage__top on the page');
    const pieces = [...Array.from(top.children), ...Array.from(top.querySelectorAll('.stage__status > *'))];
    const boxes = pieces.map((el) => {
      const r = el.getBoundingClientRect();
      const name = el.className || el.tagName;
      return { name, left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width };
    });
    const scroller = document.scrollingElement;
    if (!scroller) throw new Error('no scrolling element');
    return { boxes, scrollWidth: scroller.scrollWidth, innerWidth };
  });
}

/** The pieces that leave a window `width` wide, with their measured edges. */
function outside(boxes: Box[], width: number): string[] {
  return boxes
    .filter((b) => b.width > 0 && (b.left < 0 || b.right > width))
    .map((b) => `${b.name}: x = ${b.left.toFixed(1)}, x + width = ${b.right.toFixed(1)} (window ${width})`);
}

function named(boxes: Box[], name: string): Box {
  const box = boxes.find((b) => b.name.split(' ').includes(name));
  if (!box) throw new Error(`no ${name} in the header: ${boxes.map((b) => b.name).join(', ')}`);
  return box;
}

/** Every piece inside the window and no sideways scroll; returns the boxes for further checks. */
async function expectHeaderInside(page: Page, width: number): Promise<Box[]> {
  const measured = await measureHeader(page);
  expect(measured.innerWidth).toBe(width);
  expect(measured.boxes.map((b) => b.name.split(' ')[0])).toEqual([
    'stage__title',
    'stage__status',
    'on-air',
    'connection-pill',
  ]);
  expect(outside(measured.boxes, width)).toEqual([]);
  expect(measured.scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(width);
  return measured.boxes;
}

/** A long title gets most of the phone's width (cut with an ellipsis), not the letter it had. */
async function expectReadableTitle(page: Page, boxes: Box[], width: number): Promise<void> {
  const title = named(boxes, 'stage__title');
  expect(title.width, `the title is ${title.width.toFixed(1)} px wide`).toBeGreaterThan(width * 0.75);
  const text = page.getByTestId('stage-title');
  const fits = await text.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(fits.scroll, 'the long title is cut, with an ellipsis').toBeGreaterThan(fits.client);
  expect(await text.evaluate((el) => getComputedStyle(el).textOverflow)).toBe('ellipsis');
}

/** Whether the boxes share one row: some height that all of them span. */
function oneRow(boxes: Box[]): boolean {
  return Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom));
}

/** The number is still the biggest thing on the screen: most of the window's width, inside it. */
async function expectBigTimer(page: Page, width: number): Promise<void> {
  const time = await page.getByTestId('countdown-time').boundingBox();
  expect(time).not.toBeNull();
  expect(time!.x).toBeGreaterThanOrEqual(0);
  expect(time!.x + time!.width).toBeLessThanOrEqual(width);
  expect(time!.width).toBeGreaterThan(width * 0.6);
}

describe.skipIf(!chromium.run)('the stage header on a phone and a laptop in real Chromium', () => {
  const e2e = useBrowserCore(chromium, { name: 'stage-header' });
  let phone: BrowserContext;
  let laptop: BrowserContext;
  let phoneStage: Page;
  let laptopStage: Page;

  beforeAll(async () => {
    const { core } = e2e.core;
    for (const segment of core.state.segments.slice(0, 2)) {
      const updated = await core.execute(
        {
          type: 'updateSegment',
          segmentId: segment.id,
          changes: { title: LONG_TITLE, speakers: LONG_SPEAKERS },
        },
        'producer',
        undefined,
      );
      expect(updated).toMatchObject({ ok: true });
    }
    phone = await e2e.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    laptop = await e2e.browser.newContext({ viewport: LAPTOP });
  });

  it('keeps the header inside a 390 px phone before the show, with the long next talk below', async () => {
    phoneStage = await openScreen(phone, e2e.core.joinUrls.viewer);
    laptopStage = await openScreen(laptop, e2e.core.joinUrls.viewer);
    expect(await phoneStage.locator('[data-view]').getAttribute('data-view')).toBe('stage');
    await expect.poll(() => phoneStage.getByTestId('stage-next').innerText()).toContain(LONG_SPEAKERS[1]);
    await expectHeaderInside(phoneStage, PHONE.width);
  });

  it('gives a long live title most of the phone’s width, keeps the status inside, and the timer big', async () => {
    const started = await e2e.core.core.execute(
      { type: 'startSegment', segmentId: e2e.core.core.state.segments[0]!.id },
      'producer',
      undefined,
    );
    expect(started).toMatchObject({ ok: true });
    await expect.poll(() => phoneStage.getByTestId('stage-title').innerText()).toBe(LONG_TITLE);
    await expect.poll(() => phoneStage.getByTestId('stage').getAttribute('data-frame')).toBe('normal');
    const boxes = await expectHeaderInside(phoneStage, PHONE.width);
    await expectReadableTitle(phoneStage, boxes, PHONE.width);
    expect(await phoneStage.getByTestId('on-air').isVisible()).toBe(true);
    expect(await phoneStage.getByTestId('connection-pill').innerText()).toBe('Connected');
    await expectBigTimer(phoneStage, PHONE.width);
  });

  it('keeps the laptop header as it was: one row, title left, status right, all inside', async () => {
    await expect.poll(() => laptopStage.getByTestId('stage-title').innerText()).toBe(LONG_TITLE);
    const boxes = await expectHeaderInside(laptopStage, LAPTOP.width);
    const title = named(boxes, 'stage__title');
    const status = named(boxes, 'stage__status');
    expect(oneRow([title, status])).toBe(true);
    expect(title.right).toBeLessThanOrEqual(status.left);
    expect(status.right).toBeGreaterThan(LAPTOP.width - 80);
    await expectBigTimer(laptopStage, LAPTOP.width);
  });

  it('keeps the wider stale status ("On air: unknown", "Reconnecting…") inside the phone when the core goes away', async () => {
    await e2e.core.close();
    for (const page of [phoneStage, laptopStage]) {
      await expect.poll(() => page.getByTestId('stale-banner').isVisible(), { timeout: 15_000 }).toBe(true);
      await expect
        .poll(() => page.getByTestId('connection-pill').getAttribute('data-status'))
        .toBe('reconnecting');
    }
    expect(await phoneStage.getByTestId('on-air').innerText()).toMatch(/on air: unknown/i);
    const phoneBoxes = await expectHeaderInside(phoneStage, PHONE.width);
    await expectReadableTitle(phoneStage, phoneBoxes, PHONE.width);
    const laptopBoxes = await expectHeaderInside(laptopStage, LAPTOP.width);
    expect(oneRow([named(laptopBoxes, 'stage__title'), named(laptopBoxes, 'stage__status')])).toBe(true);
  });
});
