import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { OBSWebSocket } from 'obs-websocket-js/json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { NoticeMessage, ObsLiveMessage } from '../../shared/protocol.js';
import { CrewClient, startTestCore, tempDir } from '../core/harness.js';
import { ObsProcess, obsForTests, setUpTestScenes } from './obsProcess.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * OBS through the whole core: commands from a crew socket with roles and the journal, the live
 * mirror on every screen, the rundown automation, and the settings that never leave the core.
 */
const obs = obsForTests();

async function programScene(client: OBSWebSocket): Promise<string> {
  return (await client.call('GetCurrentProgramScene')).currentProgramSceneName;
}

async function lowerThirdText(client: OBSWebSocket): Promise<unknown> {
  return (await client.call('GetInputSettings', { inputName: 'LowerThird' })).inputSettings.text;
}

/** expect.poll for hooks, where vitest does not allow it. */
async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!obs.run)('OBS through the core, against a real OBS', () => {
  let proc: ObsProcess;
  let client: OBSWebSocket;
  let data: ReturnType<typeof tempDir>;
  let running: RunningCore;
  let producer: CrewClient;
  let mc: CrewClient;
  const live: ObsLiveMessage[] = [];
  const notices: NoticeMessage[] = [];

  beforeAll(async () => {
    proc = await ObsProcess.start();
    client = await proc.client();
    await setUpTestScenes(client);
    await client.call('SetCurrentProgramScene', { sceneName: 'Main' });
    data = tempDir('showcaller-core-obs-');
    running = await startTestCore(data.dir, { obs: {} });
    producer = await new CrewClient(running.url, running.tokens.producer).ready();
    producer.socket.on('notice', (notice) => notices.push(notice));
    mc = await new CrewClient(running.url, running.tokens.mc).ready();
    mc.socket.on('obs', (message) => live.push(message));
    // Settings go in through the command path like a producer would enter them.
    const configured = await producer.send({ type: 'obsConfigure', settings: proc.settings });
    expect(configured.ok).toBe(true);
    await waitFor(
      'OBS connected and synced',
      () => {
        const state = live.at(-1)?.state;
        return state?.connection.status === 'connected' && state.scenes.length >= 3;
      },
      30_000,
    );
  });

  afterAll(async () => {
    ifAssigned(producer)?.close();
    ifAssigned(mc)?.close();
    await ifAssigned(running)?.close();
    await ifAssigned(client)?.disconnect();
    ifAssigned(data)?.remove();
    if (ifAssigned(proc)) await proc.stop();
  });

  it('keeps the password in the core: not on screens, not in the state, not in the journal', () => {
    const settingsFile = path.join(data.dir, 'obs.json');
    expect(statSync(settingsFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toMatchObject({ password: proc.password });
    const message = live.at(-1)!;
    expect(message.settings).toEqual({
      host: proc.settings.host,
      port: proc.settings.port,
      hasPassword: true,
    });
    expect(JSON.stringify(message)).not.toContain(proc.password);
    const journal = readFileSync(path.join(data.dir, 'shows', running.showId, 'journal.ndjson'), 'utf8');
    expect(journal).not.toContain(proc.password);
    expect(live.at(-1)?.state.connection.obsVersion).toMatch(/^29\./);
  });

  it('switches the program scene by command, journals it, and every screen sees it', async () => {
    const result = await producer.send({ type: 'obsSetProgramScene', sceneName: 'Break' });
    expect(result).toMatchObject({ ok: true });
    expect(await programScene(client)).toBe('Break');
    await expect.poll(() => live.at(-1)?.state.programScene, { timeout: 5_000 }).toBe('Break');
    const seq = result.ok ? result.seq : -1;
    await mc.until(seq);
    const journal = readFileSync(path.join(data.dir, 'shows', running.showId, 'journal.ndjson'), 'utf8');
    expect(journal).toContain(
      '"type":"obsCommandApplied","command":{"type":"obsSetProgramScene","sceneName":"Break"}',
    );
  });

  it('refuses OBS commands from roles that do not run the show, and names missing scenes', async () => {
    expect(await mc.send({ type: 'obsSetProgramScene', sceneName: 'Main' })).toEqual({
      ok: false,
      status: 403,
      error: 'the mc role may not obsSetProgramScene',
    });
    const missing = await producer.send({ type: 'obsSetProgramScene', sceneName: 'Sponsors' });
    expect(missing).toMatchObject({ ok: false, status: 409 });
    expect(!missing.ok && missing.error).toMatch(/Sponsors/);
    expect(await programScene(client)).toBe('Break');
  });

  it('a segment going live takes OBS with it: its scene and its lower third', async () => {
    const cue = await producer.send({
      type: 'updateSegment',
      segmentId: 's002',
      changes: {
        obs: { scene: 'Speaker', lowerThird: { inputName: 'LowerThird', template: '{speakers} — {title}' } },
      },
    });
    expect(cue.ok).toBe(true);
    expect((await producer.send({ type: 'startSegment', segmentId: 's002' })).ok).toBe(true);
    await expect.poll(() => programScene(client), { timeout: 10_000 }).toBe('Speaker');
    await expect
      .poll(() => lowerThirdText(client), { timeout: 10_000 })
      .toBe('Vincent D. Warmerdam — Group-by statements that save the day');
  });

  it('a break with no scene of its own goes to the break scene', async () => {
    expect((await producer.send({ type: 'updateShow', changes: { breakScene: 'Break' } })).ok).toBe(true);
    const coffee = running.core.state.segments.find((s) => s.kind === 'break')!;
    expect((await producer.send({ type: 'startSegment', segmentId: coffee.id })).ok).toBe(true);
    await expect.poll(() => programScene(client), { timeout: 10_000 }).toBe('Break');
  });

  it('a cue OBS cannot follow is a notice to the producer; the segment still goes live', async () => {
    await producer.send({ type: 'updateSegment', segmentId: 's003', changes: { obs: { scene: 'Nowhere' } } });
    const started = await producer.send({ type: 'startSegment', segmentId: 's003' });
    expect(started.ok).toBe(true);
    expect(running.core.state.live.currentSegmentId).toBe('s003');
    await expect.poll(() => notices.at(-1)?.text ?? '', { timeout: 10_000 }).toMatch(/Nowhere/);
    expect(notices.at(-1)?.level).toBe('error');
  });

  it('sends program thumbnails only while a producer screen watches', async () => {
    const thumbnails: string[] = [];
    producer.socket.on('obsThumbnail', (t) => thumbnails.push(t.dataUrl));
    producer.socket.emit('obsThumbnails', true);
    await expect.poll(() => thumbnails.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(thumbnails[0]).toMatch(/^data:image\/jpeg;base64,/);
    producer.socket.emit('obsThumbnails', false);
    await new Promise((r) => setTimeout(r, 300));
    const count = thumbnails.length;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(thumbnails.length).toBe(count);
  });

  it('refuses OBS commands while OBS is down, and never fires them later', async () => {
    await proc.kill();
    await expect.poll(() => live.at(-1)?.state.connection.status, { timeout: 15_000 }).not.toBe('connected');
    const refused = await producer.send({ type: 'obsSetProgramScene', sceneName: 'Main' });
    expect(refused).toEqual({ ok: false, status: 503, error: 'OBS is not connected' });
    await client.disconnect().catch(() => undefined);
    await proc.restart();
    client = await proc.client();
    await expect.poll(() => live.at(-1)?.state.connection.status, { timeout: 30_000 }).toBe('connected');
    await setUpTestScenes(client);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await programScene(client)).not.toBe('Main');
  });
});
