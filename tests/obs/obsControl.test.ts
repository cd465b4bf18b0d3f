import type { OBSWebSocket } from 'obs-websocket-js/json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObsConnection } from '../../core/obs/obsConnection.js';
import { ObsController } from '../../core/obs/obsController.js';
import { ObsMirror } from '../../core/obs/obsMirror.js';
import { preflight, renderLowerThird } from '../../shared/obs.js';
import { ObsProcess, obsForTests, setUpTestScenes } from './obsProcess.js';
import { freshView, mirrorReaches, sleep, viewOf } from './obsReadBack.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * The producer's OBS commands against a real OBS 29 (Debian's obs-studio under Xvfb). One OBS
 * for the whole file; each test leaves it the way it found it (program "Main", studio mode off,
 * Fade 300 ms).
 */

const obs = obsForTests();

describe.skipIf(!obs.run)('OBS control, against a real OBS', () => {
  let proc: ObsProcess;
  let client: OBSWebSocket;
  let connection: ObsConnection;
  let mirror: ObsMirror;
  let controller: ObsController;
  const logs: string[] = [];

  beforeAll(async () => {
    proc = await ObsProcess.start();
    client = await proc.client();
    await setUpTestScenes(client);
    await client.call('SetCurrentProgramScene', { sceneName: 'Main' });
    connection = new ObsConnection({ settings: proc.settings, log: (line) => logs.push(line) });
    mirror = new ObsMirror(connection, { log: (line) => logs.push(line) });
    controller = new ObsController(connection, mirror);
    connection.connect();
    await mirror.whenSynced({ timeoutMs: 30_000 });
  });

  afterAll(async () => {
    ifAssigned(mirror)?.dispose();
    await ifAssigned(connection)?.dispose();
    await ifAssigned(client)?.disconnect();
    if (!ifAssigned(proc)) return;
    await proc.stop();
    expect(proc.alivePids()).toEqual([]);
  });

  it('wrong password: "auth failed", and one attempt, not a reconnect storm', async () => {
    const wrong = new ObsConnection({ settings: { ...proc.settings, password: 'not-the-password' } });
    const statuses: string[] = [];
    wrong.on('status', (info) => statuses.push(info.status));
    try {
      wrong.connect();
      await expect.poll(() => wrong.status, { timeout: 10_000 }).toBe('auth-failed');
      expect(wrong.connectionInfo.reason).toMatch(/OBS refused the password/);
      await sleep(3_000); // a dozen retry periods of the default backoff
      expect(wrong.stats.attempts).toBe(1);
      expect(statuses).toEqual(['connecting', 'auth-failed']);
      await expect(wrong.call('GetSceneList')).rejects.toThrow(/^OBS is not connected$/);
    } finally {
      await wrong.dispose();
    }
  });

  it('mirrors what OBS has after connecting', async () => {
    const state = mirror.state;
    expect(state.connection).toMatchObject({ status: 'connected', reason: null });
    expect(state.connection.obsVersion).toMatch(/^\d+\.\d+/);
    expect(state.connection.websocketVersion).toMatch(/^5\./);
    expect(state.synced).toBe(true);
    expect(state.scenes).toEqual(expect.arrayContaining(['Main', 'Break', 'Speaker']));
    expect(state.inputs).toContainEqual({ name: 'LowerThird', kind: 'text_ft2_source_v2' });
    expect(state.stats?.activeFps).toBeGreaterThan(0);
    expect(viewOf(state)).toEqual(await freshView(client));
    expect(Object.isFrozen(state)).toBe(true);
  });

  it('switches the program scene by command: in the mirror and in OBS', async () => {
    const result = await controller.execute({ type: 'obsSetProgramScene', sceneName: 'Break' });
    expect(result).toEqual({ ok: true });
    // Read back before answering: no need to wait for the event.
    expect(mirror.state.programScene).toBe('Break');
    expect((await client.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Break');

    // With a Cut, whose CurrentProgramSceneChanged OBS 29 sometimes never sends.
    expect(await controller.execute({ type: 'obsSetTransition', name: 'Cut' })).toMatchObject({ ok: true });
    expect(mirror.state.currentTransition).toBe('Cut');
    expect(mirror.state.transitionDurationMs).toBeNull();
    expect(await controller.execute({ type: 'obsSetProgramScene', sceneName: 'Speaker' })).toEqual({
      ok: true,
    });
    expect(mirror.state.programScene).toBe('Speaker');
    expect((await client.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Speaker');

    expect(await controller.execute({ type: 'obsSetTransition', name: 'Fade', durationMs: 300 })).toEqual({
      ok: true,
    });
    expect(await controller.execute({ type: 'obsSetProgramScene', sceneName: 'Main' })).toEqual({ ok: true });
    await mirrorReaches(
      mirror,
      (s) => s.currentTransition === 'Fade' && s.transitionDurationMs === 300,
      'Fade 300',
    );
  });

  it('names what is missing: scenes and transitions', async () => {
    expect(await controller.execute({ type: 'obsSetProgramScene', sceneName: 'Nope' })).toEqual({
      ok: false,
      status: 409,
      code: 'not-found',
      error: 'OBS has no scene "Nope"',
    });
    const transition = await controller.execute({ type: 'obsSetTransition', name: 'Swipe' });
    expect(transition).toMatchObject({
      ok: false,
      error: 'OBS has no transition "Swipe" (it has "Cut", "Fade")',
    });
    expect(mirror.state.programScene).toBe('Main');
  });

  it('studio mode: preview, transition, and a second transition refused while one runs', async () => {
    // The last test's fade may still be running, and the guard would rightly refuse.
    await mirrorReaches(mirror, (s) => !s.transitionActive, 'no transition running');
    expect(await controller.execute({ type: 'obsSetPreviewScene', sceneName: 'Speaker' })).toMatchObject({
      ok: false,
      error: 'studio mode is off in OBS; turn it on to set a preview scene',
    });
    expect(await controller.execute({ type: 'obsSetStudioMode', enabled: true })).toEqual({ ok: true });
    expect(mirror.state.studioMode).toBe(true);
    expect(await controller.execute({ type: 'obsSetPreviewScene', sceneName: 'Speaker' })).toEqual({
      ok: true,
    });
    expect(mirror.state.previewScene).toBe('Speaker');
    expect((await client.call('GetCurrentPreviewScene')).currentPreviewSceneName).toBe('Speaker');

    // A long fade, so the second press certainly lands during the first.
    expect(await controller.execute({ type: 'obsSetTransition', durationMs: 2_000 })).toEqual({ ok: true });
    const [first, second] = await Promise.all([
      controller.execute({ type: 'obsTransition' }),
      controller.execute({ type: 'obsTransition' }),
    ]);
    expect(first).toEqual({ ok: true });
    expect(second).toEqual({
      ok: false,
      status: 409,
      code: 'conflict',
      error: 'a transition is already running',
    });
    expect(mirror.state.transitionActive).toBe(true);

    await mirrorReaches(
      mirror,
      (s) => !s.transitionActive && s.programScene === 'Speaker',
      'transition done',
      10_000,
    );
    expect((await client.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Speaker');
    // And once it has ended, the next one is allowed.
    expect(await controller.execute({ type: 'obsSetTransition', durationMs: 300 })).toEqual({ ok: true });
    expect(await controller.execute({ type: 'obsSetPreviewScene', sceneName: 'Main' })).toEqual({ ok: true });
    expect(await controller.execute({ type: 'obsTransition' })).toEqual({ ok: true });
    await mirrorReaches(mirror, (s) => !s.transitionActive && s.programScene === 'Main', 'back to Main');

    expect(await controller.execute({ type: 'obsSetStudioMode', enabled: false })).toEqual({ ok: true });
    expect(mirror.state.studioMode).toBe(false);
    expect(mirror.state.previewScene).toBeNull();
    expect(await controller.execute({ type: 'obsTransition' })).toMatchObject({
      ok: false,
      error: 'studio mode is off in OBS; turn it on to transition',
    });
    await mirrorReaches(mirror, (s) => s.programScene === 'Main', 'Main after studio mode');
  });

  it('sets a text input from a segment’s lower-third template', async () => {
    const text = renderLowerThird('{speakers} — {title}', {
      speakers: ['Vicki Boykis'],
      title: 'Welcome to NormConf',
      session: 'Morning',
    });
    expect(await controller.execute({ type: 'obsSetText', inputName: 'LowerThird', text })).toEqual({
      ok: true,
    });
    const { inputSettings } = await client.call('GetInputSettings', { inputName: 'LowerThird' });
    expect(inputSettings.text).toBe('Vicki Boykis — Welcome to NormConf');

    expect(await controller.execute({ type: 'obsSetText', inputName: 'Ticker', text: 'x' })).toMatchObject({
      ok: false,
      error: 'OBS has no input "Ticker"',
    });
  });

  it('hides and shows a scene item', async () => {
    const { sceneItemId } = await client.call('GetSceneItemId', {
      sceneName: 'Main',
      sourceName: 'LowerThird',
    });
    const enabled = async () =>
      (await client.call('GetSceneItemEnabled', { sceneName: 'Main', sceneItemId })).sceneItemEnabled;

    const hide = {
      type: 'obsSetSceneItemEnabled',
      sceneName: 'Main',
      sourceName: 'LowerThird',
      enabled: false,
    } as const;
    expect(await controller.execute(hide)).toEqual({ ok: true });
    expect(await enabled()).toBe(false);
    expect(await controller.execute({ ...hide, enabled: true })).toEqual({ ok: true });
    expect(await enabled()).toBe(true);

    expect(await controller.execute({ ...hide, sceneName: 'Nope' })).toMatchObject({
      error: 'OBS has no scene "Nope"',
    });
    expect(await controller.execute({ ...hide, sourceName: 'Nope' })).toMatchObject({
      error: 'OBS scene "Main" has no source "Nope"',
    });
  });

  it('refuses media actions on something that is not a media source', async () => {
    expect(
      await controller.execute({ type: 'obsMedia', inputName: 'LowerThird', action: 'play' }),
    ).toMatchObject({
      ok: false,
      code: 'conflict',
      error: 'OBS input "LowerThird" is a text_ft2_source_v2, not a media source',
    });
    expect(
      await controller.execute({ type: 'obsMedia', inputName: 'Intro', action: 'restart' }),
    ).toMatchObject({
      error: 'OBS has no input "Intro"',
    });
  });

  it('preflight lists a scene the rundown names that OBS lacks', () => {
    const result = preflight({ scenes: ['Main', 'Break', 'Sponsors'], inputs: ['LowerThird'] }, mirror.state);
    expect(result).toMatchObject({
      ok: false,
      checked: true,
      missingScenes: ['Sponsors'],
      missingInputs: [],
    });
    expect(result.problems).toEqual(['OBS has no scene "Sponsors"']);
  });

  it('follows scenes created and removed in OBS itself', async () => {
    await client.call('CreateScene', { sceneName: 'Sponsors' });
    await mirrorReaches(mirror, (s) => s.scenes.includes('Sponsors'), 'Sponsors added');
    expect(preflight({ scenes: ['Sponsors'], inputs: [] }, mirror.state).ok).toBe(true);
    await client.call('RemoveScene', { sceneName: 'Sponsors' });
    await mirrorReaches(mirror, (s) => !s.scenes.includes('Sponsors'), 'Sponsors removed');
  });

  it('takes a JPEG screenshot for thumbnails', async () => {
    const url = await controller.screenshot('Main', { width: 160, quality: 60 });
    expect(url).toMatch(/^data:image\/jpeg;base64,/);
    const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    await expect(controller.screenshot('Nope')).rejects.toThrow('OBS has no source "Nope"');
  });

  it('records, refuses to start twice, and stops; refuses to stop a stream that is not live', async () => {
    expect(await controller.execute({ type: 'obsStream', action: 'stop' })).toMatchObject({
      ok: false,
      error: 'the stream is not live',
    });
    expect(await controller.execute({ type: 'obsRecord', action: 'start' })).toEqual({
      ok: true,
      detail: 'recording',
    });
    await mirrorReaches(mirror, (s) => s.record.active && s.record.phase === 'on', 'recording');
    expect(await controller.execute({ type: 'obsRecord', action: 'start' })).toMatchObject({
      ok: false,
      status: 409,
      error: 'OBS is already recording',
    });
    expect(await controller.execute({ type: 'obsRecord', action: 'stop' })).toEqual({ ok: true });
    await mirrorReaches(mirror, (s) => !s.record.active && s.record.phase === 'off', 'recording stopped');
    // OBS 29 says STOPPED a few tens of ms before GetRecordStatus agrees.
    await expect.poll(async () => (await client.call('GetRecordStatus')).outputActive).toBe(false);
  });

  it('holds commands through a scene collection switch, then resyncs to the new collection', async () => {
    const before = mirror.syncCount;
    const busy = new Promise<boolean>((resolve) => connection.once('busy', resolve));
    await client.call('CreateSceneCollection', { sceneCollectionName: 'Other' });
    expect(await busy).toBe(true); // requests were held from CurrentSceneCollectionChanging on
    await mirror.whenSynced({ after: before, timeoutMs: 20_000 });
    await mirrorReaches(
      mirror,
      (s) => s.sceneCollection === 'Other' && !s.switchingCollection,
      'collection Other',
    );
    expect(viewOf(mirror.state)).toEqual(await freshView(client));
    expect(mirror.state.scenes).not.toContain('Break');

    const again = mirror.syncCount;
    await client.call('SetCurrentSceneCollection', { sceneCollectionName: 'Showcaller' });
    await mirror.whenSynced({ after: again, timeoutMs: 20_000 });
    await mirrorReaches(mirror, (s) => s.sceneCollection === 'Showcaller', 'collection Showcaller');
    expect(mirror.state.scenes).toEqual(expect.arrayContaining(['Main', 'Break', 'Speaker']));
    expect(viewOf(mirror.state)).toEqual(await freshView(client));
    expect(await controller.execute({ type: 'obsSetProgramScene', sceneName: 'Break' })).toEqual({
      ok: true,
    });
  });
});
