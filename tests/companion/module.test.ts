import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { RecordMessage } from '../../shared/protocol.js';
import type { CrewPresenceMessage } from '../../shared/crew.js';
import { connect, startTestCore, tempDir } from '../core/harness.js';
import { CompanionHost, MODULE_DIR } from './companionHost.js';

const SKEW_CLOCK = path.join(MODULE_DIR, '..', 'tests', 'companion', 'skewClock.cjs');

/**
 * The Companion module as Companion runs it (its own process, the host IPC of
 * @companion-module/base), connected with a producer join link to a real core over the
 * crew protocol.
 */

const ENTRY = path.join(MODULE_DIR, 'src', 'main.ts');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startModule(
  running: RunningCore,
  config: Record<string, unknown> = {},
  options: { execArgv?: string[]; env?: Record<string, string> } = {},
) {
  const host = new CompanionHost(
    ENTRY,
    ['--import', 'tsx', ...(options.execArgv ?? [])],
    undefined,
    options.env,
  );
  cleanups.push(() => host.destroy());
  await host.init(config, { joinLink: running.joinUrls.producer });
  return host;
}

async function startCore() {
  const data = tempDir('showcaller-companion-');
  const running = await startTestCore(data.dir);
  cleanups.push(data.remove, () => running.close());
  return running;
}

describe('Companion module against a real core', () => {
  it('shows the live talk and remaining time, and turns feedbacks on as the show changes', async () => {
    const running = await startCore();
    const host = await startModule(running);
    await expect.poll(() => host.lastStatus?.status, { timeout: 10_000 }).toBe('ok');
    await host.placeFeedbacks([
      { id: 'fb-overtime', feedbackId: 'timerPhase', options: { phase: 'overtime' } },
      { id: 'fb-paused', feedbackId: 'paused', options: {} },
      { id: 'fb-me', feedbackId: 'controlHolder', options: { who: 'me' } },
    ]);
    await expect.poll(() => host.feedbacks['fb-paused']).toBe(false);
    expect(host.variables.current_title).toBe('');

    const producer = await connect(running, 'producer', 'Console');
    cleanups.push(() => producer.close());
    const segment = running.core.state.segments[2]!;
    expect((await producer.send({ type: 'startSegment', segmentId: segment.id })).ok).toBe(true);
    await expect.poll(() => host.variables.current_title).toBe(segment.title);
    expect(host.variables.remaining).toMatch(/^\d\d:\d\d$/);
    expect(host.variables.next_title).toBe(running.core.state.segments[3]!.title);

    expect((await producer.send({ type: 'pauseTimer' })).ok).toBe(true);
    await expect.poll(() => host.feedbacks['fb-paused']).toBe(true);
    expect((await producer.send({ type: 'adjustTime', deltaMs: -segment.durationMs })).ok).toBe(true);
    await expect.poll(() => host.feedbacks['fb-overtime']).toBe(true);
    await expect.poll(() => host.variables.remaining).toMatch(/^\+00:\d\d$/);
    expect(host.feedbacks['fb-me']).toBe(false);
  });

  it('runs a key press as a command journaled under the module’s name', async () => {
    const running = await startCore();
    const host = await startModule(running, { clientName: 'Deck A' });
    await expect.poll(() => host.lastStatus?.status, { timeout: 10_000 }).toBe('ok');
    await host.placeFeedbacks([{ id: 'fb-me', feedbackId: 'controlHolder', options: { who: 'me' } }]);
    const watcher = await connect(running, 'mc');
    cleanups.push(() => watcher.close());
    // Records reach screens only once they are on disk (core/showCore.ts commit).
    const records: RecordMessage[] = [];
    watcher.socket.on('record', (record) => records.push(record));

    expect(await host.press('next')).toMatchObject({ success: true });
    const first = running.core.state.segments[0]!;
    await expect.poll(() => records.length).toBe(1);
    const [taken, started] = records[0]!.events;
    expect(taken).toMatchObject({
      type: 'controlTaken',
      holder: { role: 'producer', name: 'Deck A' },
      implicit: true,
    });
    expect(started).toMatchObject({ type: 'segmentStarted', segmentId: first.id });
    await expect.poll(() => host.feedbacks['fb-me']).toBe(true);

    // Pick with the select keys, start the pick: then the pick follows "next" again.
    const segments = running.core.state.segments;
    await expect.poll(() => host.variables.selected_title).toBe(segments[1]!.title);
    await host.press('selectNext');
    await host.press('selectNext');
    expect(host.variables.selected_title).toBe(segments[3]!.title);
    expect(await host.press('startSelected')).toMatchObject({ success: true });
    await expect.poll(() => running.core.state.live.currentSegmentId).toBe(segments[3]!.id);
    await expect.poll(() => host.variables.selected_title).toBe(segments[4]!.title);

    // A refused press says why and changes nothing.
    const seq = running.core.seq;
    const refused = await host.press('sendCustom', { text: '   ' });
    expect(refused.success).toBe(false);
    expect(refused.errorMessage).toBe('the message is empty');
    expect(running.core.seq).toBe(seq);
  });
});

/** Nothing Companion logs or shows as status may carry the token. */
function expectNoToken(host: CompanionHost, token: string) {
  const said = [...host.logs, ...host.statuses.map((s) => s.message ?? '')];
  expect(said.length).toBeGreaterThan(0);
  for (const line of said) expect(line).not.toContain(token);
}

describe('Companion module: connection', () => {
  it('comes back by itself when the core restarts, and never logs the token', async () => {
    const data = tempDir('showcaller-companion-restart-');
    cleanups.push(data.remove);
    let running = await startTestCore(data.dir);
    const port = running.port;
    cleanups.push(() => running.close());
    const host = await startModule(running);
    await expect.poll(() => host.lastStatus?.status).toBe('ok');
    expect(await host.press('next')).toMatchObject({ success: true });
    const first = running.core.state.segments[0]!;
    await expect.poll(() => host.variables.current_title).toBe(first.title);

    await running.close();
    await expect.poll(() => host.lastStatus?.status).toBe('disconnected');
    // While the core is away a press is refused at once, never queued for later.
    const offline = await host.press('next');
    expect(offline.success).toBe(false);
    expect(offline.errorMessage).toMatch(/Not connected/);

    running = await startTestCore(data.dir, { port });
    await expect.poll(() => host.lastStatus?.status, { timeout: 15_000 }).toBe('ok');
    expect(await host.press('next')).toMatchObject({ success: true });
    await expect.poll(() => host.variables.current_title).toBe(running.core.state.segments[1]!.title);
    expectNoToken(host, running.tokens.producer);
  });

  it('says what is wrong with a bad join link or a revoked token, and changes nothing', async () => {
    const running = await startCore();
    const host = new CompanionHost(ENTRY, ['--import', 'tsx']);
    cleanups.push(() => host.destroy());
    // A producer pastes the bare token instead of the link: refused, and the token not quoted.
    await host.init({}, { joinLink: running.tokens.producer });
    await expect.poll(() => host.lastStatus).toMatchObject({ status: 'bad_config' });
    expect(host.lastStatus?.message).toMatch(/is not a link/);
    expectNoToken(host, running.tokens.producer);

    const wrong = running.joinUrls.producer.replace(/token=[^&]+/, 'token=wrong-token-123');
    await host.updateConfig({}, { joinLink: wrong });
    await expect.poll(() => host.lastStatus?.status).toBe('authentication_failure');
    const seq = running.core.seq;
    expect((await host.press('next')).success).toBe(false);
    expect(running.core.seq).toBe(seq);
    expectNoToken(host, 'wrong-token-123');

    await host.updateConfig({}, { joinLink: running.joinUrls.producer });
    await expect.poll(() => host.lastStatus?.status).toBe('ok');
    expectNoToken(host, running.tokens.producer);
    // Saving the config again with the same link: a new connection, and Companion hears it is up.
    const statuses = host.statuses.length;
    await host.updateConfig({ clientName: 'Deck B' }, { joinLink: running.joinUrls.producer });
    await expect.poll(() => host.statuses.length).toBeGreaterThan(statuses);
    await expect.poll(() => host.lastStatus?.status).toBe('ok');
  });

  it('starts a new connection with the defaults and asks for a join link', async () => {
    const host = new CompanionHost(ENTRY, ['--import', 'tsx']);
    cleanups.push(() => host.destroy());
    await host.init({}, {}, true);
    await expect
      .poll(() => host.lastStatus)
      .toEqual({
        status: 'bad_config',
        message: 'Paste a join link from the Showcaller console',
      });
    expect(host.saved[0]).toEqual({ config: { clientName: 'Stream Deck' }, secrets: { joinLink: '' } });
    expect(host.variables.remaining).toBe('--:--');
  });

  it('says so when the producer kicks the deck, and does not come back on its own', async () => {
    const running = await startCore();
    const host = await startModule(running, { clientName: 'Deck K' });
    await expect.poll(() => host.lastStatus?.status).toBe('ok');
    const producer = await connect(running, 'producer', 'Console');
    cleanups.push(() => producer.close());
    const crews: CrewPresenceMessage[] = [];
    producer.socket.on('crew', (crew) => crews.push(crew));
    await expect.poll(() => crews.at(-1)?.members.find((m) => m.name === 'Deck K')).toBeDefined();
    const deck = crews.at(-1)!.members.find((m) => m.name === 'Deck K')!;
    expect(await producer.send({ type: 'kickClient', clientId: deck.clientId })).toMatchObject({ ok: true });
    await expect.poll(() => host.lastStatus?.status).toBe('authentication_failure');
    expect(host.lastStatus?.message).toMatch(/disconnected this screen/);
    // It stays off (a kick asks it to), until the connection is saved or enabled again.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(host.lastStatus?.status).toBe('authentication_failure');
    expect(crews.at(-1)?.members.some((m) => m.name === 'Deck K')).toBe(false);
  });

  it('reads the remaining time on the core’s clock when the deck’s clock is 90 s ahead', async () => {
    const running = await startCore();
    const host = await startModule(
      running,
      {},
      { execArgv: ['--require', SKEW_CLOCK], env: { SHOWCALLER_SKEW_MS: '90000' } },
    );
    await expect.poll(() => host.lastStatus?.status).toBe('ok');
    expect(await host.press('next')).toMatchObject({ success: true });
    const segment = running.core.state.segments[0]!;
    const seconds = (text: unknown) => {
      const match = /^(\d\d):(\d\d)$/.exec(String(text));
      return match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
    };
    // What the core's own clock says is left, against what the deck shows (whole seconds).
    await expect
      .poll(() => {
        const timer = running.core.state.live.timer!;
        const left = (timer.startedAt + segment.durationMs - Date.now()) / 1000;
        return Math.abs(seconds(host.variables.remaining) - left);
      })
      .toBeLessThan(2);
  });
});
