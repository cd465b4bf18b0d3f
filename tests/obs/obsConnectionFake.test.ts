import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ObsConnection,
  ObsConnectionClosedError,
  ObsNotConnectedError,
  ObsTimeoutError,
  ObsUnsupportedError,
} from '../../core/obs/obsConnection.js';
import type { ObsConnectionOptions } from '../../core/obs/obsConnection.js';
import { FakeObsServer, NO_ANSWER } from './fakeObsServer.js';
import { freePort } from './obsProcess.js';

/** The connection's own logic against a scripted server; the real OBS is in the other files. */

async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ObsConnection against a scripted obs-websocket server', () => {
  let server: FakeObsServer;
  let connection: ObsConnection | null = null;

  const open = (options: Partial<ObsConnectionOptions> = {}): ObsConnection => {
    connection = new ObsConnection({
      settings: { host: '127.0.0.1', port: server.port, password: '' },
      backoff: () => 30,
      ...options,
    });
    return connection;
  };

  beforeEach(async () => {
    server = await FakeObsServer.start();
  });

  afterEach(async () => {
    await connection?.dispose();
    connection = null;
    await server.stop();
  });

  it('refuses a call while not connected, with exactly "OBS is not connected", and queues nothing', async () => {
    const obs = open();
    const refused = obs.call('GetSceneList');
    await expect(refused).rejects.toBeInstanceOf(ObsNotConnectedError);
    await expect(refused).rejects.toThrow(/^OBS is not connected$/);
    obs.connect();
    await waitFor(() => obs.status === 'connected', 'connected');
    await sleep(100);
    expect(server.requests).toEqual(['GetVersion']);
  });

  it('stops retrying when kicked (4011) and starts again on new settings', async () => {
    const obs = open();
    const statuses: string[] = [];
    obs.on('status', (info) => statuses.push(info.status));
    obs.connect();
    await waitFor(() => obs.status === 'connected', 'connected');
    server.closeAll(4011, 'You have been kicked.');
    await waitFor(() => obs.status === 'kicked', 'kicked');
    expect(obs.connectionInfo.reason).toMatch(/kicked/);
    const connections = server.connections;
    await sleep(500); // ~16 retry periods
    expect(server.connections).toBe(connections);
    expect(obs.status).toBe('kicked');

    obs.updateSettings({ host: '127.0.0.1', port: server.port, password: '' });
    await waitFor(() => obs.status === 'connected', 'connected again');
    expect(statuses).toEqual(['connecting', 'connected', 'kicked', 'connecting', 'connected']);
  });

  it('reconnects on its schedule after drops, with one relay per event however often it came back', async () => {
    const delays: number[] = [];
    const obs = open({ backoff: (attempt) => (delays.push(attempt), 20) });
    const delivered: unknown[] = [];
    obs.onEvent('CurrentProgramSceneChanged', (data) => delivered.push(data));
    let connects = 0;
    obs.on('connected', () => (connects += 1));
    obs.connect();
    await waitFor(() => connects === 1, 'first connect');
    for (let drop = 2; drop <= 4; drop += 1) {
      server.dropAll();
      await waitFor(() => connects === drop, `reconnect ${drop}`);
    }
    expect(delays).toEqual([1, 1, 1]); // each drop starts the schedule afresh after a good session
    expect(obs.socketListenerCount('CurrentProgramSceneChanged')).toBe(1);
    expect(obs.socketListenerCount('ConnectionClosed')).toBe(1);
    server.emitEvent('CurrentProgramSceneChanged', { sceneName: 'Break' });
    await waitFor(() => delivered.length > 0, 'event');
    await sleep(50);
    expect(delivered).toEqual([{ sceneName: 'Break' }]);
  });

  it('backs off along the schedule while nothing listens', async () => {
    const port = await freePort();
    const attempts: number[] = [];
    const obs = open({ backoff: (attempt) => (attempts.push(attempt), 40) });
    obs.updateSettings({ host: '127.0.0.1', port, password: '' });
    obs.connect();
    await waitFor(() => attempts.length >= 3, 'three retries');
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
    expect(obs.status).toBe('reconnecting');
    expect(obs.connectionInfo.reason).toMatch(/nothing listens on 127\.0\.0\.1:\d+/);
    expect(obs.connectionInfo.retryAt).not.toBeNull();
  });

  it('rejects a call in flight when the socket drops, instead of leaving it hanging', async () => {
    server.handler = (type) => (type === 'GetSceneList' ? NO_ANSWER : {});
    const obs = open();
    obs.connect();
    await waitFor(() => obs.status === 'connected', 'connected');
    const call = obs.call('GetSceneList', undefined, { timeoutMs: 60_000 });
    await waitFor(() => server.requests.includes('GetSceneList'), 'request on the wire');
    server.dropAll();
    await expect(call).rejects.toBeInstanceOf(ObsConnectionClosedError);
    await expect(call).rejects.toThrow(/OBS connection closed before OBS answered GetSceneList/);
    expect(obs.stats.pendingCalls).toBe(0);
  });

  it('times out a request OBS never answers', async () => {
    server.handler = () => NO_ANSWER;
    const obs = open();
    obs.connect();
    await waitFor(() => obs.status === 'connected', 'connected');
    const call = obs.call('GetCurrentProgramScene', undefined, { timeoutMs: 150 });
    await expect(call).rejects.toBeInstanceOf(ObsTimeoutError);
    await expect(call).rejects.toThrow('OBS did not answer GetCurrentProgramScene within 150 ms');
    expect(obs.stats.pendingCalls).toBe(0);
  });

  it('refuses a request this OBS does not offer, naming the version', async () => {
    const obs = open();
    obs.connect();
    await waitFor(() => obs.status === 'connected', 'connected');
    expect(obs.supports('GetSceneList')).toBe(true);
    expect(obs.supports('GetStats')).toBe(false);
    await expect(obs.call('GetStats')).rejects.toBeInstanceOf(ObsUnsupportedError);
    await expect(obs.call('GetStats')).rejects.toThrow(
      'OBS 29.0.2 (obs-websocket 5.1.0) does not support GetStats',
    );
    expect(server.requests).not.toContain('GetStats');
  });

  it('holds requests while OBS switches scene collections', async () => {
    const obs = open();
    obs.connect();
    await waitFor(() => obs.status === 'connected', 'connected');
    server.emitEvent('CurrentSceneCollectionChanging', { sceneCollectionName: 'Show' });
    await waitFor(() => obs.isBusy, 'busy');
    await expect(obs.call('GetSceneList')).rejects.toThrow(/switching scene collections/);
    server.emitEvent('CurrentSceneCollectionChanged', { sceneCollectionName: 'Other' });
    await waitFor(() => !obs.isBusy, 'not busy');
    await expect(obs.call('GetSceneList')).resolves.toEqual({});
  });

  it('disconnect() rejects pending calls and stays down', async () => {
    server.handler = () => NO_ANSWER;
    const obs = open();
    obs.connect();
    await waitFor(() => obs.status === 'connected', 'connected');
    const call = obs.call('GetSceneList', undefined, { timeoutMs: 60_000 });
    const rejected = expect(call).rejects.toThrow(/OBS connection closed/);
    await obs.disconnect();
    await rejected;
    const connections = server.connections;
    await sleep(200);
    expect(obs.status).toBe('disconnected');
    expect(server.connections).toBe(connections);
  });
});
