import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatJoinLink, parseJoinLink } from '../../shared/joinLink.js';
import { startTestCore } from '../core/harness.js';
import { chromiumForTests } from './browser.js';
import { openScreen, useBrowserCore } from './browserCore.js';
import { PROJECT_ROOT, RENDERER_DIST } from './rendererBuild.js';

const chromium = chromiumForTests();
const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');
const MINUTE = 60_000;

/** Counts socket.io handshakes (new connections, not polls of an open one) a page starts. */
function countHandshakes(page: Page): { count: () => number } {
  let count = 0;
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/socket.io/') && !url.searchParams.has('sid')) count += 1;
  });
  return { count: () => count };
}

/** Waits for the page's full-screen "closed" notice, checks the reason it gives, and returns its text. */
async function closedScreenSays(page: Page, reason: 'kicked' | 'revoked'): Promise<string> {
  const closed = page.getByTestId('closed');
  await expect.poll(() => closed.isVisible()).toBe(true);
  expect(await closed.getAttribute('data-reason')).toBe(reason);
  return closed.innerText();
}

describe.skipIf(!chromium.run)('the crew panel in real Chromium', () => {
  const e2e = useBrowserCore(chromium, { name: 'crew' });
  let context: BrowserContext;
  let producer: Page;
  let mc: Page;

  const mcRow = () => producer.locator('[data-testid="crew-member"][data-role="mc"]');

  beforeAll(async () => {
    context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  it('shows a connected MC page with its name, role, since, clock offset and last seen', async () => {
    producer = await openScreen(context, `${e2e.core.joinUrls.producer}&name=Producer%20desk`);
    // The MC's laptop runs 5 minutes fast; its link names it.
    mc = await openScreen(context, `${e2e.core.joinUrls.mc}&name=MC%20Ann`, 5 * MINUTE);
    expect(await mc.locator('[data-view]').getAttribute('data-view')).toBe('mc');

    await producer.getByTestId('crew-button').click();
    const dialog = producer.getByRole('dialog', { name: 'Crew' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expect.poll(() => mcRow().count()).toBe(1);
    expect(await mcRow().innerText()).toContain('MC Ann');
    // core − MC clock: about minus five minutes, as the MC page measured it.
    await expect
      .poll(() => mcRow().getByTestId('crew-offset').innerText())
      .toMatch(/^−(4 min 59\.\d|5 min 0\.\d) s$/);
    expect(await mcRow().getByTestId('crew-since').innerText()).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(await mcRow().getByTestId('crew-last-seen').innerText()).toMatch(/just now|\d+ s ago/);
    const own = producer.locator('[data-testid="crew-member"][data-role="producer"]');
    expect(await own.innerText()).toContain('Producer desk (this screen)');

    // A join link and a QR code for every role, with this core's address.
    const links = producer.getByTestId('join-link');
    await expect.poll(() => links.count()).toBe(5);
    const mcLink = await producer.getByLabel('mc join link').inputValue();
    expect(parseJoinLink(mcLink)).toEqual({ token: e2e.core.tokens.mc, cores: [e2e.core.url] });
    await expect
      .poll(() => producer.getByAltText('QR code of the mc join link').getAttribute('src'))
      .toMatch(/^data:image\/svg\+xml;/);
    await producer.screenshot({ path: path.join(SCREENSHOTS, 'crew-panel.png') });
  });

  it('kicks the MC page after a confirmation; the page says so and does not retry on its own', async () => {
    const handshakes = countHandshakes(mc);
    await mcRow().getByRole('button', { name: 'Disconnect…' }).click();
    await producer
      .getByRole('group', { name: 'Confirm disconnecting MC Ann' })
      .getByRole('button', { name: 'Disconnect' })
      .click();

    expect(await closedScreenSays(mc, 'kicked')).toContain(
      'Producer desk (producer) disconnected this screen',
    );
    expect(await mc.getByTestId('connection-pill').getAttribute('data-status')).toBe('closed');
    await mc.screenshot({ path: path.join(SCREENSHOTS, 'crew-kicked.png') });
    await expect.poll(() => mcRow().count()).toBe(0);
    // A page that silently retried would be back within 1–3 s.
    await mc.waitForTimeout(3_500);
    expect(handshakes.count()).toBe(0);
    expect(await mcRow().count()).toBe(0);

    // A kick is not a ban: its person reconnects with the same link.
    await mc.getByRole('button', { name: 'Reconnect' }).click();
    await expect.poll(() => mc.getByTestId('connection-pill').getAttribute('data-status')).toBe('connected');
    await expect.poll(() => mcRow().count()).toBe(1);
  });

  it('revokes the MC link after a confirmation; the MC page says why and the old link is dead', async () => {
    const oldLink = await producer.getByLabel('mc join link').inputValue();
    const card = producer.locator('[data-testid="join-link"][data-role="mc"]');
    await card.getByRole('button', { name: 'Revoke…' }).click();
    await card
      .getByRole('group', { name: 'Confirm revoking the mc link' })
      .getByRole('button', { name: 'Revoke' })
      .click();

    expect(await closedScreenSays(mc, 'revoked')).toContain('revoked this join link');
    await expect.poll(() => mcRow().count()).toBe(0);

    // The panel shows the new link; the old one is refused, the new one works.
    await expect.poll(() => producer.getByLabel('mc join link').inputValue()).not.toBe(oldLink);
    const newLink = await producer.getByLabel('mc join link').inputValue();
    expect(parseJoinLink(newLink).token).toBe(e2e.core.tokens.mc);
    await mc.goto(oldLink);
    await mc.reload();
    await expect.poll(() => mc.getByTestId('refusal').isVisible()).toBe(true);
    expect(await mc.getByTestId('refusal').innerText()).toContain('not valid for this show (or was revoked)');
    const fresh = await openScreen(context, newLink);
    expect(await fresh.locator('[data-view]').getAttribute('data-view')).toBe('mc');
    await expect.poll(() => mcRow().count()).toBe(1);

    // The producer cannot revoke its own link from its own screen.
    const ownCard = producer.locator('[data-testid="join-link"][data-role="producer"]');
    expect(await ownCard.getByRole('button', { name: 'Revoke…' }).isDisabled()).toBe(true);
  });

  it('follows a join link to the first core that answers, even one the page did not come from', async () => {
    // A second core (the backup laptop's, say) that the first one advertises.
    const dirs = [
      await mkdtemp(path.join(tmpdir(), 'showcaller-e2e-crew-a-')),
      await mkdtemp(path.join(tmpdir(), 'showcaller-e2e-crew-b-')),
    ];
    const other = await startTestCore(dirs[1]!, { staticDir: RENDERER_DIST });
    const first = await startTestCore(dirs[0]!, { staticDir: RENDERER_DIST, advertise: [other.url] });
    try {
      expect(first.coreAddresses).toEqual([first.url, other.url]);
      // Nothing listens on port 9; the link tries it first, then `other`, then `first`.
      const link = formatJoinLink({
        token: other.tokens.mc,
        cores: ['http://127.0.0.1:9', other.url, first.url],
      });
      // The page comes from `first` (as after the primary served it), with that link's fragment.
      const page = await context.newPage();
      await page.goto(`${first.url}/${new URL(link).hash}`);
      await expect
        .poll(() => page.getByTestId('connection-pill').getAttribute('data-status'))
        .toBe('connected');
      // "connected" shows a moment before the core's hello, which picks the view.
      await expect.poll(() => page.locator('[data-view]').getAttribute('data-view')).toBe('mc');
      // `other` accepted the MC (its token is only valid there), and lists it.
      const watcher = await openScreen(context, other.joinUrls.producer);
      await watcher.getByTestId('crew-button').click();
      await expect.poll(() => watcher.locator('[data-testid="crew-member"][data-role="mc"]').count()).toBe(1);
      await page.close();
      await watcher.close();
    } finally {
      await first.close();
      await other.close();
      for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    }
  });
});
