import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import { formatJoinLink } from '../../shared/joinLink.js';
import { freePort, startTestCore } from '../core/harness.js';
import { chromiumForTests, launchChromium } from './browser.js';
import { ensureRendererBuilt, PROJECT_ROOT, RENDERER_DIST } from './rendererBuild.js';
import { ifAssigned } from '../ifAssigned.js';

const chromium = chromiumForTests();
const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');

describe.skipIf(!chromium.run)('backup takeover in real Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let primary: RunningCore;
  let backup: RunningCore;
  const dirs: string[] = [];
  let mc: Page;
  let backupConsole: Page;

  beforeAll(async () => {
    if (!chromium.usable) throw new Error(`CI must run the browser tests: ${chromium.reason}`);
    ensureRendererBuilt();
    const [portA, portB] = [await freePort(), await freePort()];
    for (const name of ['a', 'b'])
      dirs.push(await mkdtemp(path.join(tmpdir(), `showcaller-e2e-takeover-${name}-`)));
    primary = await startTestCore(dirs[0]!, {
      staticDir: RENDERER_DIST,
      port: portA,
      advertise: [`http://127.0.0.1:${portB}`],
    });
    backup = await startTestCore(dirs[1]!, {
      staticDir: RENDERER_DIST,
      port: portB,
      follow: { url: primary.url, token: primary.tokens.backup },
    });
    expect(await primary.core.execute({ type: 'startSegment', segmentId: 's002' }, 'producer')).toMatchObject(
      {
        ok: true,
      },
    );
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await ifAssigned(browser)?.close();
    await ifAssigned(backup)?.close();
    await ifAssigned(primary)?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('the backup console shows it following, up to date, with a Promote button', async () => {
    backupConsole = await context.newPage();
    await backupConsole.goto(
      formatJoinLink({ token: primary.tokens.backup, cores: [backup.url], name: 'Backup desk' }),
    );
    const banner = backupConsole.getByTestId('core-banner');
    await expect.poll(() => banner.innerText(), { timeout: 10_000 }).toMatch(/Backup following .*up to date/);
    expect(await backupConsole.getByRole('button', { name: 'Promote this backup…' }).count()).toBe(1);
    await backupConsole.mouse.move(0, 0);
    await backupConsole.screenshot({ path: path.join(SCREENSHOTS, 'backup-following.png') });
  });

  it('an MC page on the primary moves to the backup when the primary dies, and the backup takes over', async () => {
    mc = await context.newPage();
    // The MC's link names both cores, the primary first.
    await mc.goto(`${formatJoinLink({ token: primary.tokens.mc, cores: [primary.url, backup.url] })}`);
    await expect.poll(() => mc.getByTestId('connection-pill').getAttribute('data-status')).toBe('connected');
    expect(new URL(mc.url()).origin).toBe(primary.url);
    const title = primary.core.state.segments.find((s) => s.id === 's002')!.title;
    await expect.poll(() => mc.locator('body').innerText()).toContain(title);

    await primary.close();
    // Nothing else answers as a primary: the page opens again from the backup, read-only for now.
    await expect.poll(() => new URL(mc.url()).origin, { timeout: 10_000 }).toBe(backup.url);
    await expect.poll(() => mc.getByTestId('connection-pill').getAttribute('data-status')).toBe('connected');
    await expect.poll(() => mc.locator('body').innerText()).toContain(title);

    await backupConsole.getByRole('button', { name: 'Promote this backup…' }).click();
    await backupConsole.getByRole('button', { name: 'Promote', exact: true }).click();
    await expect.poll(() => backupConsole.getByTestId('core-banner').count(), { timeout: 10_000 }).toBe(0);
    expect(backup.core.mode).toBe('primary');
    expect(backup.core.term).toBe(2);
    // Whoever promoted it holds show control; the show goes on from there, and the MC page follows.
    expect(backup.core.state.control).toMatchObject({ role: 'backup', name: 'Backup desk' });
    const next = backup.core.state.segments[2]!;
    const origin = { clientId: null, name: 'Backup desk', givenName: 'Backup desk' };
    const started = await backup.core.execute({ type: 'startSegment', segmentId: next.id }, 'backup', origin);
    expect(started).toMatchObject({ ok: true });
    await expect.poll(() => mc.locator('body').innerText()).toContain(next.title);
  });
});
