import type { Page } from 'playwright-core';

/**
 * Makes a page's wall clock wrong by `skewMs`, the way a crew laptop's can be: `Date`,
 * `Date.now()` and `performance.timeOrigin` (so timeOrigin + performance.now() agrees) all
 * shift together. Runs before any page script.
 */
export async function skewPageClock(page: Page, skewMs: number): Promise<void> {
  await page.addInitScript((skew: number) => {
    const RealDate = Date;
    const realNow = RealDate.now.bind(RealDate);
    const skewed = new Proxy(RealDate, {
      construct(target, args: unknown[]) {
        return args.length === 0 ? new target(realNow() + skew) : new target(...(args as [string]));
      },
      apply() {
        return new RealDate(realNow() + skew).toString();
      },
    });
    Object.defineProperty(skewed, 'now', {
      value: () => realNow() + skew,
      configurable: true,
      writable: true,
    });
    globalThis.Date = skewed;
    const timeOrigin = performance.timeOrigin + skew;
    Object.defineProperty(performance, 'timeOrigin', { get: () => timeOrigin, configurable: true });
  }, skewMs);
}

/**
 * Waits, if need be, until the wall clock is at least `marginMs` before the next minute.
 * For a test that plans a rundown from `Date.now()`, starts it a moment later and then compares
 * HH:MM strings: that moment must not carry a time across a minute, or 10 minutes late reads 11.
 */
export async function clearOfMinuteEdge(marginMs = 5_000): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 60_000 - marginMs)
    await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 50));
}
