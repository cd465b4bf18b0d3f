import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { Segment } from '../../shared/model.js';
import type { OverlayView } from '../../shared/overlays.js';
import { OVERLAY_HEIGHT, OVERLAY_VIEWS, OVERLAY_WIDTH, overlayLinks } from '../../shared/overlays.js';
import { parseCountdown } from '../../renderer/timer/timerDisplay.js';
import { CrewClient, startTestCore } from '../core/harness.js';
import { chromiumForTests, launchChromium } from './browser.js';
import type { RgbaImage } from './png.js';
import { alphaAt, decodePng, transparentShare } from './png.js';
import { ensureRendererBuilt, PROJECT_ROOT, RENDERER_DIST } from './rendererBuild.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * The four OBS overlays in real Chromium at 1920×1080: transparent pages with visible cards,
 * following the show as segments change, and going blank (not frozen, not counting on) when
 * the core goes away, then coming back by themselves.
 */

const chromium = chromiumForTests();
const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');
const STAFF_QUESTION = 'What would you tell yourself on the first day of your first data job?';

describe.skipIf(!chromium.run)('OBS overlays in real Chromium', () => {
  let core: RunningCore;
  let dataDir: string;
  let producer: CrewClient;
  let browser: Browser;
  let context: BrowserContext;
  const pages = {} as Record<OverlayView, Page>;
  let talk: Segment;
  let nextTalk: Segment;
  let breakSegment: Segment;
  let laterTalk: Segment;

  const showing = (view: OverlayView) => pages[view].getByTestId(view).getAttribute('data-showing');
  const layers = (view: OverlayView) => pages[view].locator('.overlay__layer').count();
  const text = (view: OverlayView) => pages[view].getByTestId(view).innerText();

  async function send(command: Parameters<CrewClient['send']>[0]): Promise<void> {
    const result = await producer.send(command);
    expect(result, JSON.stringify(command)).toMatchObject({ ok: true });
    if (result.ok) await producer.until(result.seq);
  }

  /** A screenshot of the whole 1920×1080 page with its transparency kept, saved when named. */
  async function shot(view: OverlayView, save = false): Promise<RgbaImage> {
    const png = await pages[view].screenshot({ omitBackground: true });
    if (save) await writeFile(path.join(SCREENSHOTS, `${view}.png`), png);
    return decodePng(png);
  }

  /** Transparent page, opaque card: corners and most of the frame clear, the card's point solid. */
  function expectTransparentWithCard(image: RgbaImage, card: { x: number; y: number }): void {
    expect(image.width).toBe(OVERLAY_WIDTH);
    expect(image.height).toBe(OVERLAY_HEIGHT);
    for (const [x, y] of [
      [0, 0],
      [OVERLAY_WIDTH - 1, 0],
      [0, OVERLAY_HEIGHT - 1],
      [OVERLAY_WIDTH - 1, OVERLAY_HEIGHT - 1],
    ] as const) {
      expect(alphaAt(image, x, y), `alpha at ${x},${y}`).toBe(0);
    }
    expect(alphaAt(image, card.x, card.y), `alpha of the card at ${card.x},${card.y}`).toBeGreaterThan(200);
    const clear = transparentShare(image);
    expect(clear).toBeGreaterThan(0.4);
    expect(clear).toBeLessThan(1);
  }

  async function waitForEntrance(view: OverlayView): Promise<void> {
    await expect.poll(() => layers(view)).toBe(1);
    // The card slides in over 0.35 s; screenshot it at rest.
    await pages[view].waitForTimeout(600);
  }

  beforeAll(async () => {
    if (!chromium.usable) throw new Error(`CI must run the browser tests: ${chromium.reason}`);
    ensureRendererBuilt();
    dataDir = await mkdtemp(path.join(tmpdir(), 'showcaller-e2e-overlays-'));
    core = await startTestCore(dataDir, { staticDir: RENDERER_DIST });
    producer = await new CrewClient(core.url, core.tokens.producer).ready();
    const segments = producer.replica.state!.segments;
    const breakIndex = segments.findIndex((s) => s.kind === 'break');
    expect(breakIndex).toBeGreaterThan(2);
    talk = segments[breakIndex - 2]!;
    nextTalk = segments[breakIndex - 1]!;
    breakSegment = segments[breakIndex]!;
    laterTalk = segments[breakIndex + 1]!;
    await send({ type: 'startSegment', segmentId: talk.id });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: OVERLAY_WIDTH, height: OVERLAY_HEIGHT } });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    ifAssigned(producer)?.close();
    await ifAssigned(browser)?.close();
    await ifAssigned(core)?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('opens every overlay from its link on the viewer token, on a transparent page', async () => {
    const links = overlayLinks(core.joinUrls.viewer);
    expect(links.map((l) => l.view)).toEqual([...OVERLAY_VIEWS]);
    for (const link of links) {
      expect(link.url).toContain(`token=${encodeURIComponent(core.tokens.viewer)}`);
      const page = await context.newPage();
      await page.goto(link.url);
      await expect.poll(() => page.locator('[data-view]').getAttribute('data-view')).toBe(link.view);
      for (const element of ['document.documentElement', 'document.body']) {
        expect(await page.evaluate(`getComputedStyle(${element}).backgroundColor`)).toBe('rgba(0, 0, 0, 0)');
      }
      pages[link.view] = page;
    }
  });

  it("shows the live talk's speakers and title in the lower third", async () => {
    await expect.poll(() => showing('overlay-lower-third')).toBe('true');
    expect(await pages['overlay-lower-third'].getByTestId('lower-third-speakers').innerText()).toBe(
      talk.speakers.join(', '),
    );
    expect(await pages['overlay-lower-third'].getByTestId('lower-third-title').innerText()).toBe(talk.title);
    await waitForEntrance('overlay-lower-third');
    // The card sits bottom left, inside the title-safe area.
    expectTransparentWithCard(await shot('overlay-lower-third', true), { x: 140, y: OVERLAY_HEIGHT - 150 });
  });

  it("shows the live segment's timer, big, in the clean countdown", async () => {
    await expect.poll(() => showing('overlay-countdown')).toBe('true');
    const seconds = parseCountdown(
      await pages['overlay-countdown'].getByTestId('countdown-time').innerText(),
    );
    expect(seconds).toBeGreaterThan(talk.durationMs / 1000 - 120);
    expect(seconds).toBeLessThanOrEqual(talk.durationMs / 1000);
    expect(await pages['overlay-countdown'].getByTestId('clean-countdown').getAttribute('data-phase')).toBe(
      'normal',
    );
    await waitForEntrance('overlay-countdown');
    expectTransparentWithCard(await shot('overlay-countdown', true), {
      x: OVERLAY_WIDTH / 2,
      y: OVERLAY_HEIGHT / 2,
    });
  });

  it('turns the countdown to the warning, danger and overtime phases as time is taken off', async () => {
    const phase = () => pages['overlay-countdown'].getByTestId('clean-countdown').getAttribute('data-phase');
    // 30 min talk: 26 minutes off leaves under 4 (warning), 29 off under 1 (danger), 30 off below 0.
    await send({ type: 'adjustTime', deltaMs: -26 * 60_000 });
    await expect.poll(phase).toBe('warning');
    await send({ type: 'adjustTime', deltaMs: -3 * 60_000 });
    await expect.poll(phase).toBe('danger');
    // The total may go down to zero (not below): the time already run is then overtime.
    await send({ type: 'adjustTime', deltaMs: -60_000 });
    await expect.poll(phase).toBe('overtime');
    expect(await pages['overlay-countdown'].getByTestId('countdown-time').innerText()).toMatch(
      /^\+\d\d:\d\d$/,
    );
  });

  it('puts the on-air question up and takes it down when answered', async () => {
    expect(await showing('overlay-question')).toBe('false');
    await send({ type: 'addStaffQuestion', text: STAFF_QUESTION, segmentId: talk.id });
    const question = Object.values(producer.replica.state!.feed.questions).find(
      (q) => q.text === STAFF_QUESTION,
    );
    expect(question).toBeDefined();
    await send({ type: 'putQuestionOnAir', questionId: question!.id });
    await expect.poll(() => showing('overlay-question')).toBe('true');
    expect(await pages['overlay-question'].getByTestId('overlay-text').innerText()).toBe(STAFF_QUESTION);
    expect(await text('overlay-question')).toContain('From the hosts');
    await waitForEntrance('overlay-question');
    // Its screenshot (overlay-question.png, with a Slack asker) comes from questionFeed.test.ts.
    expectTransparentWithCard(await shot('overlay-question'), {
      x: OVERLAY_WIDTH / 2,
      y: OVERLAY_HEIGHT - 110,
    });
    await send({ type: 'answerQuestion', questionId: question!.id });
    await expect.poll(() => showing('overlay-question')).toBe('false');
    await expect.poll(() => layers('overlay-question')).toBe(0);
  });

  it('shows no "next talk" while a talk is live', () => {
    return expect.poll(() => showing('overlay-next')).toBe('false');
  });

  it('follows the show into the next talk: new lower third, a fresh countdown', async () => {
    await send({ type: 'startSegment', segmentId: nextTalk.id });
    await expect
      .poll(() => pages['overlay-lower-third'].getByTestId('lower-third-title').innerText())
      .toBe(nextTalk.title);
    expect(await pages['overlay-lower-third'].getByTestId('lower-third-speakers').innerText()).toBe(
      nextTalk.speakers.join(', '),
    );
    await expect
      .poll(async () =>
        parseCountdown(await pages['overlay-countdown'].getByTestId('countdown-time').innerText()),
      )
      .toBeGreaterThan(nextTalk.durationMs / 1000 - 120);
    expect(await pages['overlay-countdown'].getByTestId('clean-countdown').getAttribute('data-phase')).toBe(
      'normal',
    );
  });

  it('stays blank until its clock is measured, even when connected and holding the show', async () => {
    // A fresh browser whose clockPing packets never reach the core: it gets hello and snapshot
    // (and the hello's guess at the clock) but no measured sample. The socket stays on HTTP
    // long-polling (the websocket upgrade is refused) so every packet it sends can be read.
    const blocked = await browser.newContext({ viewport: { width: OVERLAY_WIDTH, height: OVERLAY_HEIGHT } });
    let blockPings = true;
    let sawSnapshot = false;
    await blocked.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await blocked.route(/\/socket\.io\//, async (route) => {
      const request = route.request();
      if (!blockPings || request.method() !== 'POST') return route.continue();
      // Engine.io batches packets in one POST, separated by the record separator.
      const packets = (request.postData() ?? '').split('\x1e');
      const kept = packets.filter((packet) => !packet.includes('["clockPing"'));
      if (kept.length === packets.length) return route.continue();
      if (kept.length === 0) return route.fulfill({ status: 200, contentType: 'text/html', body: 'ok' });
      return route.continue({ postData: kept.join('\x1e') });
    });
    try {
      const page = await blocked.newPage();
      page.on('response', (response) => {
        if (!/\/socket\.io\//.test(response.url()) || response.request().method() !== 'GET') return;
        response.text().then(
          (body) => (sawSnapshot ||= body.includes('["snapshot"')),
          () => undefined,
        );
      });
      await page.goto(overlayLinks(core.joinUrls.viewer).find((l) => l.view === 'overlay-countdown')!.url);
      await expect.poll(() => sawSnapshot).toBe(true);
      // Holding the live segment, as the other countdown page shows; not showing it.
      await expect.poll(() => showing('overlay-countdown')).toBe('true');
      await page.waitForTimeout(1_500);
      const blank = page.getByTestId('overlay-countdown');
      expect(await blank.getAttribute('data-showing')).toBe('false');
      expect(await page.locator('.overlay__layer').count()).toBe(0);
      // Let the pings through: the next one measures the clock and the countdown appears.
      blockPings = false;
      await expect.poll(() => blank.getAttribute('data-showing'), { timeout: 15_000 }).toBe('true');
      const seconds = parseCountdown(await page.getByTestId('countdown-time').innerText())!;
      const reference = parseCountdown(
        await pages['overlay-countdown'].getByTestId('countdown-time').innerText(),
      )!;
      expect(Math.abs(seconds - reference)).toBeLessThanOrEqual(1);
    } finally {
      await blocked.close();
    }
  });

  it('during a break: no lower third, and "Starts in m:ss" to the next talk\'s expected start', async () => {
    // Plan the talk after the break five minutes from now: the break runs 30 min, so the talk
    // is expected when the break ends, not at its planned time.
    const plannedStart = Date.now() + 5 * 60_000;
    await send({ type: 'updateSegment', segmentId: laterTalk.id, changes: { plannedStart } });
    await send({ type: 'startSegment', segmentId: breakSegment.id });
    await expect.poll(() => showing('overlay-lower-third')).toBe('false');
    await expect.poll(() => layers('overlay-lower-third')).toBe(0);
    await expect.poll(() => showing('overlay-next')).toBe('true');
    const next = pages['overlay-next'];
    const startsIn = async () => {
      const text = await next.getByTestId('next-countdown').innerText();
      expect(text).toMatch(/^Starts in \d+:\d\d$/);
      return parseCountdown(text.replace(/^Starts in /, ''))!;
    };
    expect(await next.getByTestId('next-title').innerText()).toBe(laterTalk.title);
    expect(await text('overlay-next')).toContain(laterTalk.speakers[0]!);
    const seconds = await startsIn();
    expect(seconds).toBeGreaterThan(breakSegment.durationMs / 1000 - 120);
    expect(seconds).toBeLessThanOrEqual(breakSegment.durationMs / 1000);
    // It counts down from the core's clock: a later reading is smaller.
    await expect.poll(startsIn).toBeLessThan(seconds);
    await waitForEntrance('overlay-next');
    expectTransparentWithCard(await shot('overlay-next', true), {
      x: OVERLAY_WIDTH / 2,
      y: OVERLAY_HEIGHT - 260,
    });
    // The countdown overlay now runs the break's own timer.
    await expect
      .poll(async () =>
        parseCountdown(await pages['overlay-countdown'].getByTestId('countdown-time').innerText()),
      )
      .toBeGreaterThan(breakSegment.durationMs / 1000 - 120);
    // Take the break's time away: its time is up, so the talk is due.
    await send({ type: 'adjustTime', deltaMs: -breakSegment.durationMs });
    await expect.poll(() => next.getByTestId('next-countdown').innerText()).toBe('Starting now');
  });

  it('goes blank when the core goes away, rather than keep counting or show an old value', async () => {
    await send({ type: 'putQuestionOnAir', questionId: questionIdOf(STAFF_QUESTION) });
    await expect.poll(() => showing('overlay-question')).toBe('true');
    producer.close();
    await core.close();
    for (const view of ['overlay-countdown', 'overlay-next', 'overlay-question'] as const) {
      await expect.poll(() => showing(view), { timeout: 15_000 }).toBe('false');
      // Faded out and removed: not a pixel left on the programme.
      await expect.poll(() => layers(view)).toBe(0);
      expect(transparentShare(await shot(view))).toBe(1);
    }
    expect(await showing('overlay-lower-third')).toBe('false');
  });

  it('comes back by itself when the core is back, with the current values', async () => {
    core = await startTestCore(dataDir, { staticDir: RENDERER_DIST, port: core.port });
    producer = await new CrewClient(core.url, core.tokens.producer).ready();
    for (const view of ['overlay-countdown', 'overlay-next', 'overlay-question'] as const) {
      await expect.poll(() => showing(view), { timeout: 20_000 }).toBe('true');
    }
    expect(await pages['overlay-next'].getByTestId('next-title').innerText()).toBe(laterTalk.title);
    // And it follows changes made after the restart.
    await send({ type: 'startSegment', segmentId: laterTalk.id });
    await expect.poll(() => showing('overlay-lower-third')).toBe('true');
    expect(await pages['overlay-lower-third'].getByTestId('lower-third-title').innerText()).toBe(
      laterTalk.title,
    );
    await expect.poll(() => showing('overlay-next')).toBe('false');
  });

  function questionIdOf(questionText: string): string {
    const question = Object.values(producer.replica.state!.feed.questions).find(
      (q) => q.text === questionText,
    );
    if (!question) throw new Error(`no question "${questionText}"`);
    return question.id;
  }
});
