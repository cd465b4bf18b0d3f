import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../fakes/fakeSlack.js';
import type { Rig } from './harness.js';
import { connected, makeSource, pause, waitFor } from './harness.js';

let fake: FakeSlack;
let rig: Omit<Rig, 'fake'> | null = null;

beforeEach(async () => {
  fake = await FakeSlack.start();
  fake.addUser({ id: 'U0NEW', name: 'newcomer', real_name: 'New Comer', display_name: '' });
});

afterEach(async () => {
  await rig?.source.stop();
  rig = null;
  await fake.close();
});

/** Backoff in these tests is 30 ms: ten rounds of it is plenty of time for a retry loop to show. */
const RETRY_WINDOW_MS = 300;

async function stopped(r: Omit<Rig, 'fake'>): Promise<string> {
  await waitFor(() => r.source.status.state === 'stopped', 'the source to stop');
  return r.source.status.reason ?? '';
}

describe('Slack source: tokens Slack refuses', () => {
  it('a wrong app-level token (invalid_auth at apps.connections.open) stops with a clear reason, no retries', async () => {
    rig = makeSource(fake, { settings: { appToken: 'xapp-1-A0SHOWCALL-1-wrong' } });
    await rig.source.start();
    expect(await stopped(rig)).toBe(
      'Slack refused the app-level token (invalid_auth): check it in the settings',
    );
    await pause(RETRY_WINDOW_MS);
    expect(fake.callsTo('apps.connections.open').map((c) => c.error)).toEqual(['invalid_auth']);
    expect(fake.socketConnections).toBe(0);
    expect(rig.source.status).toMatchObject({ state: 'stopped', retryAt: null });
    expect(rig.logs.join('\n')).not.toContain('xapp-1-A0SHOWCALL-1-wrong');
  });

  it('a wrong bot token (invalid_auth at auth.test) stops before opening the socket', async () => {
    rig = makeSource(fake, { settings: { botToken: 'xoxb-wrong' } });
    await rig.source.start();
    expect(await stopped(rig)).toBe('Slack refused the bot token (invalid_auth): check it in the settings');
    await pause(RETRY_WINDOW_MS);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(0);
    expect(rig.logs.join('\n')).not.toContain('xoxb-wrong');
  });

  it('account_inactive on reconnect (app uninstalled mid-show) stops; no reconnect loop', async () => {
    rig = makeSource(fake);
    await rig.source.start();
    await connected(rig);
    fake.tokenErrors.app = 'account_inactive';
    fake.dropSocket();
    expect(await stopped(rig)).toMatch(
      /^Slack says the app's app-level token is no longer active \(account_inactive\)/,
    );
    await pause(RETRY_WINDOW_MS);
    expect(fake.callsTo('apps.connections.open').map((c) => c.error)).toEqual([null, 'account_inactive']);
    expect(fake.socketConnections).toBe(1);
    expect(rig.recorder.states().slice(-3)).toEqual(['connected', 'reconnecting', 'stopped']);
  });

  it('account_inactive from a Web API call while connected stops and closes the socket', async () => {
    rig = makeSource(fake);
    await rig.source.start();
    await connected(rig);
    fake.tokenErrors.bot = 'account_inactive';
    fake.post('C0ASK', 'a first message from a newcomer needs users.info', { user: 'U0NEW' });
    expect(await stopped(rig)).toMatch(
      /bot token is no longer active \(account_inactive\): reinstall the app/,
    );
    await waitFor(() => !fake.connected || undefined, 'the socket to close');
    await pause(RETRY_WINDOW_MS);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
    expect(fake.callsTo('users.info').map((c) => c.error)).toEqual(['account_inactive']);
    expect(fake.connected).toBe(false);
  });

  it('stops when Slack says the app was uninstalled', async () => {
    rig = makeSource(fake);
    await rig.source.start();
    await connected(rig);
    fake.deliver({ type: 'app_uninstalled' });
    expect(await stopped(rig)).toMatch(/uninstalled/);
    await pause(RETRY_WINDOW_MS);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(1);
  });

  it("stops when Slack revokes the app's bot token (tokens_revoked), ignores other users' tokens", async () => {
    rig = makeSource(fake);
    await rig.source.start();
    await connected(rig);
    fake.deliver({ type: 'tokens_revoked', tokens: { oauth: ['U0SOMEONE'] } });
    fake.deliver({ type: 'tokens_revoked', tokens: { bot: [fake.botUserId] } });
    expect(await stopped(rig)).toMatch(/^Slack revoked the app's bot token \(tokens_revoked\)/);
  });

  it('keeps retrying (with backoff) while Slack is merely unreachable, and says so', async () => {
    fake.blockConnections = true;
    rig = makeSource(fake);
    await rig.source.start();
    const r = rig;
    await waitFor(() => fake.callsTo('apps.connections.open').length >= 3 || undefined, 'a few attempts');
    expect(r.source.status).toMatchObject({ state: 'reconnecting', reason: 'Slack answered HTTP 503' });
    expect(r.source.status.retryAt).toEqual(expect.any(Number));
    fake.blockConnections = false;
    await connected(r);
  });

  it('stop() while connecting leaves nothing connected', async () => {
    rig = makeSource(fake);
    await rig.source.start();
    await rig.source.stop();
    await pause(RETRY_WINDOW_MS);
    expect(fake.connected).toBe(false);
    expect(rig.source.status.state).toBe('off');
  });
});
