import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForTests } from './browser.js';
import { openScreen, useBrowserCore } from './browserCore.js';
import { headerOverlaps } from './layout.js';

const chromium = chromiumForTests();
const CONSOLE_SIZE = { width: 1280, height: 800 };

/** The CSS animation running on the flash, or "none" (reduced motion, or no flash). */
function flashAnimation(page: Page): Promise<string> {
  return page.getByTestId('signal-flash').evaluate((el) => getComputedStyle(el).animationName);
}

describe.skipIf(!chromium.run)('control hand-over and signals in real Chromium', () => {
  const e2e = useBrowserCore(chromium, { name: 'control' });
  let producer: Page;
  let backup: Page;
  let mc: Page;
  let stage: Page;

  it('opens the producer, backup, MC and stage screens, each with its name', async () => {
    const consoles = await e2e.browser.newContext({ viewport: CONSOLE_SIZE });
    // The stage screen's viewer prefers reduced motion: a steady frame instead of the flash.
    const calm = await e2e.browser.newContext({ viewport: CONSOLE_SIZE, reducedMotion: 'reduce' });
    producer = await openScreen(consoles, `${e2e.core.joinUrls.producer}&name=Ana`);
    backup = await openScreen(consoles, `${e2e.core.joinUrls.backup}&name=Ben`);
    mc = await openScreen(consoles, `${e2e.core.joinUrls.mc}&name=Cleo`);
    stage = await openScreen(calm, `${e2e.core.joinUrls.viewer}&name=Stage`);
    // Nobody holds control on a new show; the backup must take it explicitly.
    await expect.poll(() => mc.getByTestId('control-holder').innerText()).toMatch(/nobody$/);
    await expect
      .poll(() => backup.getByTestId('control-lock').innerText())
      .toMatch(/Nobody has control yet; take control first/);
  });

  it('the producer takes control with the first command; the backup console is locked and says why', async () => {
    await producer.getByRole('button', { name: /^Next/ }).click();
    await expect.poll(() => producer.getByTestId('control-holder').innerText()).toMatch(/You$/);
    await expect
      .poll(() => backup.getByTestId('control-lock').innerText())
      .toMatch(/Ana \(producer\) has control/);
    expect(await backup.getByRole('button', { name: 'Wrap up', exact: true }).isDisabled()).toBe(true);
    await expect.poll(() => mc.getByTestId('control-holder').innerText()).toMatch(/Ana \(producer\)/);
  });

  it('the backup takes control through the confirmation; the producer’s controls lock with the reason', async () => {
    // The demo show is planned in 2022, so the header carries a drift of years: it still fits.
    expect(await headerOverlaps(backup)).toEqual([]);
    await backup.getByRole('button', { name: 'Take control…' }).click();
    const confirm = backup.getByRole('group', { name: 'Confirm taking control' });
    expect(await confirm.innerText()).toMatch(/Take control from Ana \(producer\)\?/);
    expect(await headerOverlaps(backup)).toEqual([]);
    // Nothing happens until the confirmation.
    expect(e2e.core.core.state.control).toMatchObject({ role: 'producer', name: 'Ana' });
    await confirm.getByRole('button', { name: 'Take control', exact: true }).click();

    await expect.poll(() => backup.getByTestId('control-holder').innerText()).toMatch(/You$/);
    await expect.poll(() => backup.getByTestId('control-lock').count()).toBe(0);
    const lock = producer.getByTestId('control-lock');
    await expect.poll(() => lock.innerText()).toMatch(/Ben \(backup\) has control/);
    for (const name of [/^Wrap up$/, /^Stretch$/, /^Pause/, /^Next/, /^Add 1 minute$/]) {
      expect(await producer.getByRole('button', { name }).isDisabled(), String(name)).toBe(true);
    }
    expect(await producer.getByRole('textbox', { name: 'Custom message' }).isDisabled()).toBe(true);
    await expect.poll(() => mc.getByTestId('control-holder').innerText()).toMatch(/Ben \(backup\)/);
    expect(e2e.core.core.state.control).toMatchObject({ role: 'backup', name: 'Ben' });
  });

  it('a signal from the backup flashes the MC and stage screens until acknowledged; the consoles see who', async () => {
    await backup.getByRole('button', { name: 'Wrap up', exact: true }).click();
    for (const page of [mc, stage]) {
      await expect.poll(() => page.getByTestId('active-message').innerText()).toBe('Wrap up');
      expect(await page.getByTestId('signal-flash').isVisible()).toBe(true);
    }
    expect(await flashAnimation(mc)).toBe('signal-flash');
    // Reduced motion: no animation, a steady thick frame.
    expect(await flashAnimation(stage)).toBe('none');
    expect(await stage.getByTestId('signal-flash').evaluate((el) => getComputedStyle(el).boxShadow)).toMatch(
      /inset/,
    );
    for (const page of [producer, backup]) {
      await expect.poll(() => page.getByTestId('message-acks').innerText()).toBe('Not acknowledged yet');
    }

    await mc.getByTestId('acknowledge-message').click();
    await expect.poll(() => mc.getByTestId('signal-flash').count()).toBe(0);
    expect(await mc.getByTestId('message-acked').innerText()).toMatch(/Acknowledged/);
    for (const page of [producer, backup]) {
      await expect
        .poll(() => page.getByTestId('message-acks').innerText())
        .toMatch(/^✓ Cleo \(mc\) at \d\d:\d\d:\d\d$/);
    }
    // Acknowledged by the MC, the stage stops flashing too; the message stays until cleared.
    await expect.poll(() => stage.getByTestId('signal-flash').count()).toBe(0);
    expect(await stage.getByTestId('active-message').innerText()).toBe('Wrap up');

    await stage.getByTestId('acknowledge-message').click();
    await expect
      .poll(() => backup.getByTestId('message-acks').innerText())
      .toMatch(/Cleo \(mc\) at .* · ✓ Stage \(stage\) at \d\d:\d\d:\d\d$/);
  });

  it('the MC signals the producer, who sees it prominently and acknowledges it without holding control', async () => {
    await mc.getByRole('button', { name: 'Speaker audio problem' }).click();
    const signal = producer.getByTestId('crew-signal-audioProblem');
    await expect.poll(() => signal.innerText()).toMatch(/Speaker audio problem\s*from Cleo \(mc\) at/);
    await expect.poll(() => backup.getByTestId('crew-signal-audioProblem').count()).toBe(1);
    await expect.poll(() => mc.getByTestId('mc-signal-audioProblem').innerText()).toMatch(/^Sent at/);

    await signal.getByRole('button', { name: 'Acknowledge' }).click();
    await expect
      .poll(() => mc.getByTestId('mc-signal-audioProblem').innerText())
      .toMatch(/^✓ Ana \(producer\) saw it at \d\d:\d\d:\d\d$/);
    await backup.getByTestId('crew-signal-audioProblem').getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => producer.getByTestId('crew-signals').count()).toBe(0);
    await expect.poll(() => mc.getByTestId('mc-signal-audioProblem').count()).toBe(0);
  });
});
