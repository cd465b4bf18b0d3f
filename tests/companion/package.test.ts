import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCompanionModule } from '../../companion-module/build.js';
import { PAGE, PAGE_CATEGORY, PICK, PICK_CATEGORY } from '../../companion-module/src/presets.js';
import { startTestCore, tempDir } from '../core/harness.js';
import { CompanionHost } from './companionHost.js';

/**
 * The module as Companion installs it: `npm run build:companion`'s bundle, started with plain
 * Node (no tsx, no repository around it), and its definitions as Companion receives them.
 */

let built: Awaited<ReturnType<typeof buildCompanionModule>>;
beforeAll(async () => {
  built = await buildCompanionModule();
}, 120_000);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Definitions {
  setActionDefinitions: { actions: Array<{ id: string; options: Array<{ id: string }> }> };
  setFeedbackDefinitions: { feedbacks: Array<{ id: string; type: string; options: Array<{ id: string }> }> };
  setVariableDefinitions: { variables: Array<{ id: string }> };
  setPresetDefinitions: {
    presets: Array<{
      id: string;
      category: string;
      style: { text: string };
      feedbacks: Array<{ feedbackId: string; options: Record<string, unknown> }>;
      steps: Array<{ down: Array<{ actionId: string; options: Record<string, unknown> }> }>;
    }>;
  };
}

describe('the packaged Companion module', () => {
  it('runs from its bundle and registers with the API version it was built against', async () => {
    const require = createRequire(import.meta.url);
    const base = JSON.parse(readFileSync(require.resolve('@companion-module/base/package.json'), 'utf8')) as {
      version: string;
    };
    expect(built.manifest.runtime.apiVersion).toBe(base.version);
    expect(built.manifest.runtime.entrypoint).toBe('../main.js');

    const data = tempDir('showcaller-companion-pkg-');
    const running = await startTestCore(data.dir);
    cleanups.push(data.remove, () => running.close());
    const host = new CompanionHost(
      path.join(built.dir, 'main.js'),
      [],
      path.join(built.dir, 'companion', 'manifest.json'),
    );
    cleanups.push(() => host.destroy());
    await host.init({}, { joinLink: running.joinUrls.producer });
    expect(host.registration).toMatchObject({ apiVersion: base.version, connectionId: 'showcaller-test' });
    await expect.poll(() => host.lastStatus?.status).toBe('ok');
    expect(await host.press('next')).toMatchObject({ success: true });
    await expect.poll(() => host.variables.current_title).toBe(running.core.state.segments[0]!.title);

    // Definitions as Companion receives them: every preset key refers to real actions,
    // feedbacks, options and variables, and the page fills a 15-key deck.
    await expect.poll(() => Object.keys(host.definitions).length).toBe(4);
    const defs = host.definitions as unknown as Definitions;
    const actions = new Map(defs.setActionDefinitions.actions.map((a) => [a.id, a]));
    const feedbacks = new Map(defs.setFeedbackDefinitions.feedbacks.map((f) => [f.id, f]));
    const variables = new Set(defs.setVariableDefinitions.variables.map((v) => v.id));
    const presets = defs.setPresetDefinitions.presets;
    const page = presets.filter((p) => p.category === PAGE_CATEGORY);
    expect(page.map((p) => p.id)).toEqual(PAGE.map((key) => key.id));
    expect(page).toHaveLength(15);
    expect(presets.filter((p) => p.category === PICK_CATEGORY).map((p) => p.id)).toEqual(
      PICK.map((key) => key.id),
    );
    for (const preset of presets) {
      for (const [, name] of preset.style.text.matchAll(/\$\(showcaller:([a-z_]+)\)/g))
        expect(variables, `${preset.id} shows $(showcaller:${name})`).toContain(name);
      for (const step of preset.steps)
        for (const press of step.down) {
          const action = actions.get(press.actionId);
          expect(action, `${preset.id} runs ${press.actionId}`).toBeDefined();
          for (const option of Object.keys(press.options))
            expect(action!.options.map((o) => o.id)).toContain(option);
        }
      for (const used of preset.feedbacks) {
        const feedback = feedbacks.get(used.feedbackId);
        expect(feedback, `${preset.id} uses ${used.feedbackId}`).toMatchObject({ type: 'boolean' });
        for (const option of Object.keys(used.options))
          expect(feedback!.options.map((o) => o.id)).toContain(option);
      }
    }
    expect([...actions.keys()].sort()).toEqual(
      [
        'addMinute',
        'clearMessage',
        'next',
        'obsScene',
        'obsStudioMode',
        'obsTransition',
        'pause',
        'previous',
        'removeMinute',
        'resume',
        'selectNext',
        'selectPrevious',
        'sendCustom',
        'sendPreset',
        'startSegment',
        'startSelected',
        'takeControl',
        'togglePause',
      ].sort(),
    );
    // The segment dropdown lists the show's rundown.
    const startSegment = actions.get('startSegment') as unknown as { options: Array<{ choices: unknown[] }> };
    expect(startSegment.options[0]!.choices).toHaveLength(running.core.state.segments.length);
  });
});
