import { performance } from 'node:perf_hooks';
import type { OBSWebSocket } from 'obs-websocket-js/json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObsConnection, ObsConnectionClosedError, ObsTimeoutError } from '../../core/obs/obsConnection.js';
import { ObsController } from '../../core/obs/obsController.js';
import { MIRRORED_EVENTS, ObsMirror } from '../../core/obs/obsMirror.js';
import { ObsProcess, obsForTests, setUpTestScenes } from './obsProcess.js';
import { freshView, mirrorReaches, sleep, viewOf } from './obsReadBack.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * OBS failing under a live show: frozen, killed with SIGKILL mid-request, and started again on
 * the same port. The tests run in order and share one OBS (and one ObsConnection, as the core
 * would: it lives as long as the show).
 */

const obs = obsForTests();

describe.skipIf(!obs.run)('OBS going away and coming back, against a real OBS', () => {
  let proc: ObsProcess;
  let client: OBSWebSocket | null = null;
  let connection: ObsConnection;
  let mirror: ObsMirror;
  let controller: ObsController;
  const programEvents: unknown[] = [];
  let lastConnectedAt = 0;

  beforeAll(async () => {
    proc = await ObsProcess.start();
    client = await proc.client();
    await setUpTestScenes(client);
    // The production backoff: the resync time measured below is what a show would see.
    connection = new ObsConnection({ settings: proc.settings });
    mirror = new ObsMirror(connection);
    controller = new ObsController(connection, mirror);
    connection.on('connected', () => (lastConnectedAt = performance.now()));
    // Subscribed once, before any restart: it must hear each event exactly once afterwards.
    connection.onEvent('CurrentProgramSceneChanged', (data) => programEvents.push(data));
    connection.connect();
    await mirror.whenSynced({ timeoutMs: 30_000 });
  });

  afterAll(async () => {
    ifAssigned(mirror)?.dispose();
    await ifAssigned(connection)?.dispose();
    await client?.disconnect();
    if (!ifAssigned(proc)) return;
    await proc.stop();
    expect(proc.alivePids()).toEqual([]);
  });

  it('times out a request that a frozen OBS never answers, and carries on when it thaws', async () => {
    await proc.freeze();
    try {
      const call = connection.call('GetSceneList', undefined, { timeoutMs: 300 });
      await expect(call).rejects.toBeInstanceOf(ObsTimeoutError);
    } finally {
      proc.thaw();
    }
    await expect(connection.call('GetCurrentProgramScene')).resolves.toHaveProperty(
      'currentProgramSceneName',
    );
  });

  it('rejects a request whose socket drops mid-call, instead of hanging', async () => {
    await client?.disconnect();
    client = null;
    await proc.freeze(); // the request gets on the wire, and nobody answers it...
    const call = connection.call('GetSceneList', undefined, { timeoutMs: 60_000 });
    const outcome = call.then(
      () => 'answered',
      (error: unknown) => error,
    );
    await sleep(100);
    await proc.kill(); // ...then OBS dies under it
    const error = await outcome;
    expect(error).toBeInstanceOf(ObsConnectionClosedError);
    expect((error as Error).message).toMatch(/^OBS connection closed before OBS answered GetSceneList/);
    expect(connection.stats.pendingCalls).toBe(0);
  });

  it('while OBS is down: says so, and refuses commands instead of queueing them', async () => {
    await expect.poll(() => mirror.state.connection.status).toBe('reconnecting');
    expect(mirror.state.connection.reason).toBeTruthy();
    expect(mirror.state.synced).toBe(false);
    expect(await controller.execute({ type: 'obsSetProgramScene', sceneName: 'Break' })).toEqual({
      ok: false,
      status: 503,
      code: 'not-connected',
      error: 'OBS is not connected',
    });
    await expect(connection.call('GetSceneList')).rejects.toThrow(/^OBS is not connected$/);
    await sleep(1_500); // a few retries against the closed port
  });

  it('comes back after a restart: reconnected, fully resynced, one set of handlers', async () => {
    const syncsBefore = mirror.syncCount;
    const attemptsBefore = connection.stats.attempts;
    const listeningAt = await proc.restart();
    const state = await mirror.whenSynced({ after: syncsBefore, timeoutMs: 30_000 });
    const syncedAt = performance.now();
    const resync = mirror.lastResync!;
    console.log(
      `[obs] OBS listening → connected ${(lastConnectedAt - listeningAt).toFixed(0)} ms, ` +
        `resync ${resync.durationMs.toFixed(1)} ms (${resync.rounds} read), ` +
        `listening → resynced ${(syncedAt - listeningAt).toFixed(0)} ms (target ≤ 2000 ms; ` +
        `${connection.stats.attempts - attemptsBefore} attempts while down)`,
    );

    expect(state.connection.status).toBe('connected');
    client = await proc.client();
    expect(viewOf(mirror.state)).toEqual(await freshView(client));

    for (const eventType of MIRRORED_EVENTS) expect(connection.socketListenerCount(eventType)).toBe(1);
    expect(connection.socketListenerCount('ConnectionClosed')).toBe(1);

    // Scenes created over the websocket may not have been saved before the kill.
    await setUpTestScenes(client);
    await mirrorReaches(
      mirror,
      (s) => ['Main', 'Break'].every((name) => s.scenes.includes(name)),
      'test scenes',
    );
    if (mirror.state.programScene === 'Break') {
      await client.call('SetCurrentProgramScene', { sceneName: 'Main' });
      await mirrorReaches(mirror, (s) => s.programScene === 'Main' && !s.transitionActive, 'Main');
    }
    await sleep(500);
    programEvents.length = 0;
    await client.call('SetCurrentProgramScene', { sceneName: 'Break' });
    await mirrorReaches(mirror, (s) => s.programScene === 'Break', 'Break');
    await sleep(1_000); // time for a duplicate to show up, were there one
    expect(programEvents).toEqual([{ sceneName: 'Break' }]);

    expect(await controller.execute({ type: 'obsSetProgramScene', sceneName: 'Main' })).toEqual({ ok: true });
    expect((await client.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Main');
  });
});
