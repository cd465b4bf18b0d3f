import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { CoreOptions, RunningCore } from '../../core/server.js';
import { startTestCore } from '../core/harness.js';
import type { ChromiumCheck } from './browser.js';
import { launchChromium } from './browser.js';
import { skewPageClock } from './clockSkew.js';
import { ensureRendererBuilt, RENDERER_DIST } from './rendererBuild.js';
import { assigned } from '../ifAssigned.js';

/** A core serving the built renderer, and a Chromium to open its screens in. */
export interface BrowserCore {
  readonly core: RunningCore;
  readonly browser: Browser;
  /** Starts the core again on its port and data folder, after the test has closed it. */
  restartCore: () => Promise<void>;
}

export interface BrowserCoreOptions {
  /** Names the core's data folder: showcaller-e2e-<name>-…, removed afterwards. */
  name: string;
  /** The core's options besides the renderer; a function where they come from an earlier beforeAll. */
  core?: Partial<CoreOptions> | (() => Partial<CoreOptions>);
  /** For the beforeAll and afterAll hooks; vitest's hook timeout if not given. */
  timeoutMs?: number;
}

/**
 * The start of a browser test, in the describe block: a beforeAll that (in CI, where a missing
 * browser must fail with its reason instead of skipping quietly) checks Chromium, builds the
 * renderer if it is stale, starts a core serving it from a fresh data folder and launches
 * Chromium; and an afterAll that closes the browser and the core and removes the folder.
 * Hooks the test registers after this run after it, and their afterAll before it.
 */
export function useBrowserCore(chromium: ChromiumCheck, options: BrowserCoreOptions): BrowserCore {
  let core: RunningCore | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  let coreOptions: Partial<CoreOptions> = {};

  beforeAll(async () => {
    if (!chromium.usable) throw new Error(`CI must run the browser tests: ${chromium.reason}`);
    ensureRendererBuilt();
    dataDir = await mkdtemp(path.join(tmpdir(), `showcaller-e2e-${options.name}-`));
    coreOptions = {
      staticDir: RENDERER_DIST,
      ...(typeof options.core === 'function' ? options.core() : options.core),
    };
    core = await startTestCore(dataDir, coreOptions);
    browser = await launchChromium();
  }, options.timeoutMs);

  afterAll(async () => {
    await browser?.close();
    await core?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, options.timeoutMs);

  const rig: BrowserCore = {
    get core() {
      return assigned(core, 'no core: the browser test’s beforeAll did not start it');
    },
    get browser() {
      return assigned(browser, 'no browser: the browser test’s beforeAll did not launch it');
    },
    async restartCore() {
      const { port } = rig.core;
      core = await startTestCore(dataDir!, { ...coreOptions, port });
    },
  };
  return rig;
}

/**
 * Opens a crew screen's join link in a new page, its wall clock `skewMs` off, and waits until
 * it is connected and the core's hello has picked its view.
 */
export async function openScreen(context: BrowserContext, url: string, skewMs = 0): Promise<Page> {
  const page = await context.newPage();
  if (skewMs !== 0) await skewPageClock(page, skewMs);
  await page.goto(url);
  await expect.poll(() => page.getByTestId('connection-pill').getAttribute('data-status')).toBe('connected');
  // "connected" comes a moment before the core's hello, which picks the view.
  await expect.poll(() => page.locator('[data-view]').getAttribute('data-view')).not.toBe('waiting');
  return page;
}
