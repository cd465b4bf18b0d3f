import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { OBSWebSocket } from 'obs-websocket-js/json';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RUNDOWN_CSV } from '../../core/demoShow.js';
import { obsForTests } from '../obs/obsProcess.js';
import { freshView } from '../obs/obsReadBack.js';
import { useTestObs } from '../obs/testObs.js';
import { chromiumForTests } from './browser.js';
import { useBrowserCore } from './browserCore.js';
import { PROJECT_ROOT } from './rendererBuild.js';

/**
 * The producer's OBS controls in real Chromium against a real OBS 29 (Debian's obs-studio under
 * Xvfb, started by the tests/obs harness). Everything the console claims is read back from OBS
 * with a separate obs-websocket client, never from the code under test.
 */

const chromium = chromiumForTests();
const obsCheck = obsForTests();
const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots');
const CONSOLE_SIZE = { width: 1440, height: 900 };
/** OBS takes a few seconds to start under Xvfb on a 2-core machine, more on a busy one. */
const SETUP_TIMEOUT_MS = 180_000;

/** Solid colours and a big word per scene, so the thumbnails show which scene they are. */
async function paintScenes(client: OBSWebSocket): Promise<void> {
  const colours: Record<string, number> = { Main: 0xff7a3b1d, Break: 0xff2a5e2a, Speaker: 0xff5e2a55 };
  for (const [sceneName, colour] of Object.entries(colours)) {
    await client.call('CreateInput', {
      sceneName,
      inputName: `${sceneName} background`,
      inputKind: 'color_source_v3',
      inputSettings: { color: colour, width: 640, height: 360 },
      sceneItemEnabled: true,
    });
    const { sceneItemId } = await client.call('CreateInput', {
      sceneName,
      inputName: `${sceneName} label`,
      inputKind: 'text_ft2_source_v2',
      inputSettings: {
        text: sceneName.toUpperCase(),
        font: { face: 'DejaVu Sans', size: 64, style: 'Bold', flags: 1 },
      },
      sceneItemEnabled: true,
    });
    // Centred on the 640×360 canvas (alignment 0 is the item's centre).
    await client.call('SetSceneItemTransform', {
      sceneName,
      sceneItemId,
      sceneItemTransform: { positionX: 320, positionY: 180, alignment: 0 },
    });
  }
}

/**
 * NormConf's schedule with OBS cues: talks on "Speaker" with a lower third, the keynote on a
 * camera scene OBS does not have, breaks left to the show's break scene.
 */
function rundownWithCues(): string {
  const [header, ...rows] = DEMO_RUNDOWN_CSV.trim().split('\r\n');
  const cued = rows.map((row, index) => {
    if (row.includes(',break,')) return `${row},,,`;
    if (index === 1) return `${row},Keynote cam,,`;
    return `${row},Speaker,LowerThird,{speakers} — {title}`;
  });
  return [`${header},obs_scene,lower_third_input,lower_third_template`, ...cued].join('\r\n') + '\r\n';
}

describe.skipIf(!chromium.run || !obsCheck.run)('OBS control in the producer console', () => {
  const obs = useTestObs(SETUP_TIMEOUT_MS);
  let context: BrowserContext;
  let producer: Page;

  const programInObs = async () => (await obs.client.call('GetCurrentProgramScene')).currentProgramSceneName;
  const sceneButton = (name: string) =>
    producer.locator(`[data-testid="scene-button"][data-scene="${name}"]`);

  beforeAll(async () => {
    await paintScenes(obs.client);
    await obs.client.call('SetCurrentProgramScene', { sceneName: 'Main' });
  }, SETUP_TIMEOUT_MS);

  const e2e = useBrowserCore(chromium, {
    name: 'obs',
    core: () => ({ obs: { settings: obs.proc.settings } }),
    timeoutMs: SETUP_TIMEOUT_MS,
  });

  beforeAll(async () => {
    context = await e2e.browser.newContext({ viewport: CONSOLE_SIZE });
    producer = await context.newPage();
    await producer.goto(e2e.core.joinUrls.producer);
    await producer.locator('[data-view="console"]').waitFor({ timeout: 20_000 });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, SETUP_TIMEOUT_MS);

  it('shows OBS connected, with its versions, and a button per scene in OBS’s order', async () => {
    const connection = producer.getByTestId('obs-connection');
    await expect.poll(() => connection.getAttribute('data-status'), { timeout: 20_000 }).toBe('connected');
    expect(await connection.innerText()).toMatch(/^OBS \d+\.\d+\.\d+ · ws \d+\.\d+\.\d+$/);
    // OBS lists its top scene with the highest index (as tests/obs/obsReadBack.ts reads it too).
    const obsOrder = (await freshView(obs.client)).scenes;
    await expect
      .poll(() =>
        producer.getByTestId('scene-button').evaluateAll((els) => els.map((el) => el.dataset.scene)),
      )
      .toEqual(obsOrder);
    expect(obsOrder).toEqual(expect.arrayContaining(['Main', 'Break', 'Speaker']));
    expect(await sceneButton('Main').getAttribute('data-tally')).toBe('program');
    // OBS under Xvfb on a busy 2-core machine may skip frames while starting, so the strip may
    // well be amber or red here; whatever its colour, it must say why in words.
    const strip = producer.getByTestId('obs-strip');
    if ((await strip.getAttribute('data-level')) !== 'ok') {
      expect(await strip.getByTestId('obs-problems').innerText()).toMatch(/frames|CPU|free|congestion/);
    }
  });

  it('puts a clicked scene on program in OBS, with the PGM tally', async () => {
    await sceneButton('Break').click();
    await expect.poll(programInObs).toBe('Break');
    await expect.poll(() => sceneButton('Break').getAttribute('data-tally')).toBe('program');
    expect(await sceneButton('Break').innerText()).toContain('PGM');
    expect(await sceneButton('Main').getAttribute('data-tally')).toBe('none');
  });

  it('picks scene 1 with the "1" key', async () => {
    const first = await producer.getByTestId('scene-button').first().getAttribute('data-scene');
    expect(first).not.toBe('Break');
    await producer.keyboard.press('1');
    await expect.poll(programInObs).toBe(first);
    await expect
      .poll(() => producer.getByTestId('scene-button').first().getAttribute('data-tally'))
      .toBe('program');
  });

  it('shows live program thumbnails with their age', async () => {
    const program = producer.getByTestId('thumbnail-program');
    await expect.poll(() => program.getAttribute('data-fresh'), { timeout: 10_000 }).toBe('true');
    expect(await program.locator('img').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);
    expect(await producer.getByTestId('thumbnail-program-age').innerText()).toMatch(/^(now|\d s ago)$/);
  });

  it('in studio mode, a click goes to preview (PVW) and Transition takes it to program', async () => {
    await producer.getByTestId('studio-mode').click();
    await expect
      .poll(async () => (await obs.client.call('GetStudioModeEnabled')).studioModeEnabled)
      .toBe(true);
    // The click picks preview or program from the console's own picture of OBS, so wait for the
    // console to show studio mode on, not only OBS: before that, a click is a program cut.
    await expect.poll(() => producer.getByTestId('studio-mode').getAttribute('aria-pressed')).toBe('true');
    const programBefore = await programInObs();
    // Whichever scene is not on program already: the "1" key above put OBS's first scene
    // there, and OBS's order is its own (a scene on program and preview shows PGM).
    const target = ['Speaker', 'Break', 'Main'].find((name) => name !== programBefore)!;
    await sceneButton(target).click();
    await expect.poll(() => sceneButton(target).getAttribute('data-tally')).toBe('preview');
    expect(await sceneButton(target).innerText()).toContain('PVW');
    expect((await obs.client.call('GetCurrentPreviewScene')).currentPreviewSceneName).toBe(target);
    expect(await programInObs()).toBe(programBefore);
    await expect
      .poll(() => producer.getByTestId('thumbnail-preview').getAttribute('data-fresh'))
      .toBe('true');

    await producer.getByTestId('transition-button').click();
    await expect.poll(programInObs).toBe(target);
    await expect.poll(() => sceneButton(target).getAttribute('data-tally')).toBe('program');
    await expect.poll(() => producer.getByTestId('transition-button').isEnabled()).toBe(true);
  });

  it('preflight lists the scene the rundown names that OBS lacks, and clears once it is fixed', async () => {
    await producer.getByLabel('Import rundown (.csv, .json or .xlsx)').setInputFiles({
      name: 'normconf-obs.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(rundownWithCues()),
    });
    await expect.poll(() => producer.getByTestId('row-scene').first().innerText()).toMatch(/Speaker/);
    const preflightButton = producer.getByTestId('preflight-button');
    await expect.poll(() => preflightButton.getAttribute('data-status')).toBe('missing');
    await preflightButton.click();
    const missing = producer.getByTestId('preflight-missing');
    await expect.poll(() => missing.count()).toBe(1);
    expect(await missing.innerText()).toMatch(/^OBS has no scene “Keynote cam”/);
    expect(await missing.innerText()).toContain('Group-by statements that save the day');
    const keynoteRow = producer.locator('[data-testid="rundown-row"]').nth(1);
    expect(await keynoteRow.getByTestId('row-scene').innerText()).toMatch(/Keynote cam\s*missing/i);

    // The break goes to the show's break scene; OBS has "Break", so naming it adds no problem.
    await producer.getByRole('button', { name: 'Show settings…' }).click();
    const settings = producer.getByRole('dialog', { name: 'Show settings' });
    await settings.getByLabel('Break scene').selectOption('Break');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => settings.count()).toBe(0);

    // Fix it from the preflight list, which opens the segment's editor: a select of OBS's scenes.
    await missing.getByRole('button', { name: 'Group-by statements that save the day' }).click();
    const editor = producer.getByRole('dialog', { name: 'Edit segment' });
    const sceneSelect = editor.getByLabel('OBS scene');
    expect(await sceneSelect.inputValue()).toBe('Keynote cam');
    await sceneSelect.selectOption('Speaker');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => editor.count()).toBe(0);
    await expect.poll(() => preflightButton.getAttribute('data-status')).toBe('ok');
    expect(await producer.getByTestId('preflight-summary').innerText()).toBe(
      'All 2 scenes and 1 input found',
    );
    await producer.getByRole('button', { name: 'Close preflight' }).click();
  });

  it('starting a segment switches OBS to its scene and sets its lower third', async () => {
    await producer.getByTestId('studio-mode').click();
    await expect
      .poll(async () => (await obs.client.call('GetStudioModeEnabled')).studioModeEnabled)
      .toBe(false);
    // A scene click means what the console shows: wait until it shows studio mode off too, or
    // the click (rightly) goes to preview.
    await expect.poll(() => producer.getByTestId('studio-mode').getAttribute('aria-pressed')).toBe('false');
    await sceneButton('Main').click();
    await expect.poll(programInObs).toBe('Main');

    await producer.keyboard.press('s'); // the first row is selected: the keynote
    await expect.poll(() => producer.getByTestId('live-title').innerText()).toBe('Keynote');
    await expect.poll(programInObs).toBe('Speaker');
    await expect
      .poll(
        async () =>
          (await obs.client.call('GetInputSettings', { inputName: 'LowerThird' })).inputSettings.text,
      )
      .toBe('Vicki Boykis — Keynote');
    await expect.poll(() => sceneButton('Speaker').getAttribute('data-tally')).toBe('program');
  });

  it('tells the MC that the show is off air', async () => {
    const mc = await context.newPage();
    await mc.goto(e2e.core.joinUrls.mc);
    const badge = mc.getByTestId('on-air');
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 20_000 }).toBe('off');
    expect(await badge.innerText()).toBe('OFF AIR');
    await mc.close();
  });

  it('saves a screenshot of the console running a show with OBS', async () => {
    await producer.getByTestId('studio-mode').click();
    await expect.poll(() => producer.getByTestId('studio-mode').getAttribute('aria-pressed')).toBe('true');
    await sceneButton('Break').click();
    await expect.poll(() => sceneButton('Break').getAttribute('data-tally')).toBe('preview');
    for (const slot of ['program', 'preview']) {
      await expect
        .poll(() => producer.getByTestId(`thumbnail-${slot}`).getAttribute('data-fresh'))
        .toBe('true');
    }
    await producer.mouse.move(0, 0);
    await producer.screenshot({ path: path.join(SCREENSHOTS, 'producer-obs.png') });
  });

  it('OBS settings: the password is write-only, and a wrong one reads "Auth failed"', async () => {
    const open = async () => {
      await producer.getByRole('button', { name: 'OBS settings…' }).click();
      return producer.getByRole('dialog', { name: 'OBS connection' });
    };
    let dialog = await open();
    expect(await dialog.getByTestId('password-saved').innerText()).toBe('password saved');
    expect(await dialog.getByLabel('Password').inputValue()).toBe('');
    expect(await dialog.getByTestId('password-note').innerText()).toMatch(/clears it/);
    await dialog.getByLabel('Password').fill('not-the-password');
    await dialog.getByRole('button', { name: 'Save and connect' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const connection = producer.getByTestId('obs-connection');
    await expect.poll(() => connection.getAttribute('data-status'), { timeout: 15_000 }).toBe('auth-failed');
    expect(await connection.innerText()).toMatch(/^Auth failed: check the password/);
    expect(await producer.getByTestId('obs-strip').getAttribute('data-level')).toBe('bad');
    // OBS down: the scene buttons say so instead of sending commands that cannot run.
    expect(await sceneButton('Main').isDisabled()).toBe(true);

    dialog = await open();
    await dialog.getByLabel('Password').fill(obs.proc.password);
    await dialog.getByRole('button', { name: 'Save and connect' }).click();
    await expect.poll(() => connection.getAttribute('data-status'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => sceneButton('Main').isEnabled()).toBe(true);
  });
});
