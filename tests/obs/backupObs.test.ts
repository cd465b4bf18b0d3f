import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import { CrewClient, startTestCore, tempDir } from '../core/harness.js';
import { obsForTests } from './obsProcess.js';
import { useTestObs } from './testObs.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * A backup drives the OBS of its own machine, with its own settings, and only once promoted:
 * while it follows, the primary is the one on air.
 */
const obs = obsForTests();

describe.skipIf(!obs.run)('a promoted backup takes over OBS, against a real OBS', () => {
  const real = useTestObs();
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  let primary: RunningCore;
  let backup: RunningCore;

  beforeAll(async () => {
    await real.client.call('SetCurrentProgramScene', { sceneName: 'Main' });
    dirs.push(tempDir('showcaller-obs-primary-'), tempDir('showcaller-obs-backup-'));
    primary = await startTestCore(dirs[0]!.dir);
    // The backup's OBS settings come from its own data folder, entered in its console below.
    backup = await startTestCore(dirs[1]!.dir, {
      obs: {},
      follow: { url: primary.url, token: primary.tokens.backup },
    });
  });

  afterAll(async () => {
    await ifAssigned(backup)?.close();
    await ifAssigned(primary)?.close();
    for (const dir of dirs) dir.remove();
  });

  it('takes its OBS settings while following without connecting, then connects when promoted', async () => {
    await expect.poll(() => backup.core.seq, { timeout: 10_000 }).toBe(primary.core.seq);
    const producer = await new CrewClient(backup.url, primary.tokens.producer).ready();
    try {
      // The operator enters this machine's OBS before any takeover; no show control needed.
      expect(await producer.send({ type: 'obsConfigure', settings: real.proc.settings })).toMatchObject({
        ok: true,
      });
      expect(backup.obs?.live.settings).toEqual({
        host: real.proc.settings.host,
        port: real.proc.settings.port,
        hasPassword: true,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(backup.obs?.live.state.connection.status).toBe('disconnected');
      expect(await producer.send({ type: 'obsSetProgramScene', sceneName: 'Break' })).toMatchObject({
        ok: false,
        status: 409,
      });
      expect((await real.client.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Main');

      await primary.close();
      expect(await producer.send({ type: 'promote' })).toMatchObject({ ok: true });
      await expect
        .poll(() => backup.obs?.live.state.connection.status, { timeout: 30_000 })
        .toBe('connected');
      expect(await producer.send({ type: 'obsSetProgramScene', sceneName: 'Break' })).toMatchObject({
        ok: true,
      });
      expect((await real.client.call('GetCurrentProgramScene')).currentProgramSceneName).toBe('Break');
    } finally {
      producer.close();
    }
  });
});
