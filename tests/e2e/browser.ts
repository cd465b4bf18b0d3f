import { accessSync, constants } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** Debian's chromium: Playwright cannot download its own browsers on these machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const IN_CI = process.env.CI === 'true';

export interface ChromiumCheck {
  usable: boolean;
  reason: string;
}

export function checkChromium(): ChromiumCheck {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return { usable: true, reason: '' };
  } catch {
    return {
      usable: false,
      reason: `no executable Chromium at ${CHROMIUM_PATH} (install Debian's "chromium" package, or set CHROMIUM_PATH)`,
    };
  }
}

/**
 * Whether browser tests should run. Off CI a missing browser skips them with a note; in CI it
 * must fail, or a broken install would pass as green.
 */
export function chromiumForTests(): ChromiumCheck & { run: boolean } {
  const check = checkChromium();
  if (!check.usable && !IN_CI) console.warn(`[e2e] skipping browser tests: ${check.reason}`);
  return { ...check, run: check.usable || IN_CI };
}

export async function launchChromium(): Promise<Browser> {
  const check = checkChromium();
  if (!check.usable) throw new Error(`Chromium is required for the e2e tests: ${check.reason}`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
