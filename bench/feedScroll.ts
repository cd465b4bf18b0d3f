/**
 * The moderator's feed of 50,000 messages scrolling in real Chromium (docs/targets.md: ≥ 55 fps,
 * virtualised). Frames are counted with requestAnimationFrame while the feed scrolls 120 px a
 * frame; the baseline, in the same browser and run, is the same loop on a blank page, which is
 * what this machine's headless Chromium can do at all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startCore } from '../core/server.js';
import { fillFeed } from '../tests/chat/fakes/syntheticChat.js';
import { launchChromium } from '../tests/e2e/browser.js';
import { ensureRendererBuilt, RENDERER_DIST } from '../tests/e2e/rendererBuild.js';
import { median } from './stats.js';

export interface FeedScrollResult {
  messages: number;
  seconds: number;
  feedFps: number[];
  blankFps: number[];
  feedMedian: number;
  blankMedian: number;
  /** Rows in the page while scrolling (virtualised: a window, not 50,000). */
  maxRows: number;
}

/**
 * Frames per second of a scrolling loop in `selector` (or the document) for `seconds`. Sent as
 * source text: tsx would otherwise wrap the page-side function with helpers the page lacks.
 */
function scrollFps(page: Page, selector: string | null, seconds: number): Promise<number> {
  const element = selector
    ? `document.querySelector(${JSON.stringify(selector)})`
    : 'document.scrollingElement';
  return page.evaluate(`new Promise((resolve) => {
    const el = ${element};
    let frames = 0;
    const started = performance.now();
    const step = () => {
      frames++;
      if (el) el.scrollTop = (el.scrollTop + 120) % Math.max(1, el.scrollHeight - el.clientHeight);
      if (performance.now() - started < ${seconds * 1000}) requestAnimationFrame(step);
      else resolve((frames * 1000) / (performance.now() - started));
    };
    requestAnimationFrame(step);
  })`);
}

export async function runFeedScroll(options: {
  messages: number;
  seconds: number;
  runs: number;
  log: (line: string) => void;
}): Promise<FeedScrollResult> {
  ensureRendererBuilt();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'showcaller-bench-feed-'));
  const running = await startCore({
    dataDir,
    port: 0,
    host: '127.0.0.1',
    staticDir: RENDERER_DIST,
    obs: false,
    chat: false,
    log: () => undefined,
  });
  const browser = await launchChromium();
  try {
    await fillFeed(running.core, options.messages);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(running.joinUrls.moderator);
    await page
      .getByTestId('feed-count')
      .filter({ hasText: options.messages.toLocaleString('en-US') })
      .waitFor({ timeout: 60_000 });
    const blank = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await blank.setContent('<div style="height: 100000px"></div>');
    const feedFps: number[] = [];
    const blankFps: number[] = [];
    let maxRows = 0;
    for (let run = 0; run < options.runs; run++) {
      feedFps.push(await scrollFps(page, '[data-testid="feed-scroll"]', options.seconds));
      maxRows = Math.max(maxRows, await page.getByTestId('feed-row').count());
      blankFps.push(await scrollFps(blank, null, options.seconds));
      options.log(
        `feed scroll: run ${run + 1}: feed ${feedFps.at(-1)!.toFixed(1)} fps, blank page ${blankFps.at(-1)!.toFixed(1)} fps`,
      );
    }
    return {
      messages: options.messages,
      seconds: options.seconds,
      feedFps,
      blankFps,
      feedMedian: median(feedFps),
      blankMedian: median(blankFps),
      maxRows,
    };
  } finally {
    await browser.close();
    await running.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
