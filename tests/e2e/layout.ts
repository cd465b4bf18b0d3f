import type { Page } from 'playwright-core';

/** Pairs of header items whose boxes overlap, or items that run out of the window: none, at any size. */
export function headerOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const items = Array.from(document.querySelectorAll('.topbar > *'))
      .map((el) => ({ name: el.className || el.tagName, r: el.getBoundingClientRect() }))
      .filter((item) => item.r.width > 0);
    const found: string[] = [];
    for (const [i, a] of items.entries()) {
      if (a.r.left < 0 || a.r.right > innerWidth) found.push(`${a.name} leaves the window`);
      for (const b of items.slice(i + 1)) {
        if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5)
          found.push(`${a.name} overlaps ${b.name}`);
      }
    }
    return found;
  });
}
