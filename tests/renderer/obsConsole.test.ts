import { describe, expect, it } from 'vitest';
import type { Segment } from '../../shared/model.js';
import type { ObsState } from '../../shared/obs.js';
import { initialObsState } from '../../shared/obs.js';
import { key } from './keyInput.js';
import {
  SHORTCUT_HELP,
  isSceneShortcut,
  sceneDigitOf,
  shortcutFor,
} from '../../renderer/console/shortcuts.js';
import { formValuesOf, segmentChangesFrom } from '../../renderer/console/segmentForm.js';
import { noticeToast } from '../../renderer/connection/pushes.js';
import { readPush } from '../../shared/protocol.js';
import {
  connectionLine,
  formatElapsed,
  formatPercent,
  onAirOf,
  recordElapsedMs,
  retryText,
  streamElapsedMs,
} from '../../renderer/obs/obsStatus.js';
import { preflightReport, sceneOfSegment } from '../../renderer/obs/preflightReport.js';
import { pickSceneCommand, sceneShortcutCommand } from '../../renderer/obs/sceneCommands.js';
import { createShowStore } from '../../renderer/store/showStore.js';

const NOW = 1_700_000_000_000;

function connectedObs(changes: Partial<ObsState> = {}): ObsState {
  const state = initialObsState(NOW);
  return {
    ...state,
    connection: {
      ...state.connection,
      status: 'connected',
      obsVersion: '29.0.2',
      websocketVersion: '5.1.0',
      rpcVersion: 1,
    },
    synced: true,
    scenes: ['Main', 'Break', 'Speaker'],
    programScene: 'Main',
    inputs: [{ name: 'LowerThird', kind: 'text_ft2_source_v2' }],
    ...changes,
  };
}

const segment = (id: string, changes: Partial<Segment> = {}): Segment => ({
  id,
  kind: 'talk',
  session: 'Morning',
  title: `Talk ${id}`,
  speakers: ['Ada Lovelace'],
  plannedStart: null,
  durationMs: 30 * 60_000,
  warningMs: 5 * 60_000,
  dangerMs: 60_000,
  notes: '',
  ...changes,
});

describe('what the console says about the OBS connection', () => {
  const settings = { host: '127.0.0.1', port: 4455, hasPassword: true };

  it('names OBS and websocket versions when connected', () => {
    expect(connectionLine(connectedObs().connection, settings, NOW)).toEqual({
      tone: 'ok',
      text: 'OBS 29.0.2 · ws 5.1.0',
      detail: null,
    });
  });

  it('says what to do when the password is wrong, and counts down a reconnect on the core’s clock', () => {
    const info = initialObsState(NOW).connection;
    const authFailed = { ...info, status: 'auth-failed' as const, reason: 'OBS refused the password' };
    expect(connectionLine(authFailed, settings, NOW)).toMatchObject({
      tone: 'bad',
      text: 'Auth failed: check the password',
      detail: 'OBS refused the password',
    });
    const reconnecting = { ...info, status: 'reconnecting' as const, retryAt: NOW + 1_000 };
    expect(connectionLine(reconnecting, settings, NOW).text).toBe('Reconnecting in 1 s');
    expect(connectionLine(reconnecting, settings, NOW).detail).toBe('OBS at 127.0.0.1:4455 is not answering');
    expect(retryText(NOW + 2_500, NOW)).toBe('Reconnecting in 3 s');
    expect(retryText(NOW - 10, NOW)).toBe('Reconnecting now…');
    expect(connectionLine({ ...info, status: 'connecting' }, { ...settings, host: '::1' }, NOW).text).toBe(
      'Connecting to OBS at [::1]:4455…',
    );
  });
});

describe('on-air time and output state', () => {
  it('counts the stream from when it went live, on the core’s clock', () => {
    const stream = {
      ...connectedObs().stream,
      active: true,
      phase: 'on' as const,
      startedAt: NOW - 3_723_000,
    };
    expect(formatElapsed(streamElapsedMs(stream, NOW)!)).toBe('01:02:03');
    expect(streamElapsedMs({ ...stream, active: false }, NOW)).toBeNull();
    // Live before the core connected: OBS's own count, carried forward.
    expect(
      streamElapsedMs({ ...stream, startedAt: null, durationMs: 10_000, measuredAt: NOW - 5_000 }, NOW),
    ).toBe(15_000);
  });

  it('stops counting a paused recording', () => {
    const record = { ...connectedObs().record, active: true, durationMs: 60_000, measuredAt: NOW - 2_000 };
    expect(recordElapsedMs(record, NOW)).toBe(62_000);
    expect(recordElapsedMs({ ...record, paused: true }, NOW)).toBe(60_000);
    expect(recordElapsedMs({ ...record, active: false }, NOW)).toBeNull();
  });

  it('never claims LIVE from an OBS it cannot reach', () => {
    const live = connectedObs({ stream: { ...connectedObs().stream, active: true, phase: 'on' } });
    expect(onAirOf(live)).toBe('live');
    expect(onAirOf(connectedObs())).toBe('off');
    expect(onAirOf(null)).toBe('unknown');
    expect(onAirOf({ ...live, connection: { ...live.connection, status: 'reconnecting' } })).toBe('unknown');
    expect(onAirOf({ ...live, stream: { ...live.stream, reconnecting: true } })).toBe('reconnecting');
  });

  it('formats percentages for the strip', () => {
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(4.25)).toBe('4.3%');
    expect(formatPercent(87.6)).toBe('88%');
  });
});

describe('scene keys 1–9', () => {
  it('maps digits to scenes, with the same rules as the other shortcuts', () => {
    const one = shortcutFor(key('1'));
    expect(one).toBe('scene1');
    expect(one && isSceneShortcut(one) ? sceneDigitOf(one) : null).toBe(1);
    expect(shortcutFor(key('9'))).toBe('scene9');
    expect(shortcutFor(key('0'))).toBeNull();
    expect(shortcutFor(key('!'))).toBeNull();
    expect(shortcutFor(key('1', { targetTag: 'INPUT' }))).toBeNull();
    expect(shortcutFor(key('1', { ctrlKey: true }))).toBeNull();
    expect(isSceneShortcut('next')).toBe(false);
    expect(SHORTCUT_HELP.some(([keys]) => keys === '1–9')).toBe(true);
  });

  it('puts the scene on program, or on preview in studio mode', () => {
    expect(sceneShortcutCommand(connectedObs(), 2)).toEqual({
      command: { type: 'obsSetProgramScene', sceneName: 'Break' },
    });
    expect(pickSceneCommand({ studioMode: true }, 'Speaker')).toEqual({
      type: 'obsSetPreviewScene',
      sceneName: 'Speaker',
    });
  });

  it('explains a key with no scene instead of sending nothing silently', () => {
    expect(sceneShortcutCommand(connectedObs(), 5)).toEqual({ why: 'Key 5: OBS has only 3 scenes.' });
    expect(sceneShortcutCommand(null, 1)).toHaveProperty('why');
  });
});

describe('the segment editor’s OBS cue', () => {
  const talk = segment('a');

  it('adds a scene and a lower third, and leaves an unchanged cue alone whatever its key order', () => {
    const values = {
      ...formValuesOf(talk),
      obsScene: 'Speaker',
      lowerThirdInput: 'LowerThird',
      lowerThirdTemplate: '{speakers} — {title}',
    };
    expect(segmentChangesFrom(talk, values)).toEqual({
      changes: {
        obs: { scene: 'Speaker', lowerThird: { inputName: 'LowerThird', template: '{speakers} — {title}' } },
      },
    });
    const cued = segment('a', {
      obs: { lowerThird: { template: '{title}', inputName: 'LowerThird' }, scene: 'Main' },
    });
    expect(segmentChangesFrom(cued, formValuesOf(cued))).toEqual({ changes: {} });
  });

  it('keeps a segment’s media when the scene changes, and sets or clears it', () => {
    const recorded = segment('a', { obs: { scene: 'Main', media: { inputName: 'Talk video' } } });
    expect(segmentChangesFrom(recorded, formValuesOf(recorded))).toEqual({ changes: {} });
    expect(segmentChangesFrom(recorded, { ...formValuesOf(recorded), obsScene: 'Speaker' })).toEqual({
      changes: { obs: { scene: 'Speaker', media: { inputName: 'Talk video' } } },
    });
    expect(segmentChangesFrom(recorded, { ...formValuesOf(recorded), obsMedia: '' })).toEqual({
      changes: { obs: { scene: 'Main' } },
    });
  });

  it('clears a cue with an empty one, so the old cue does not survive', () => {
    const cued = segment('a', { obs: { scene: 'Main' } });
    expect(segmentChangesFrom(cued, { ...formValuesOf(cued), obsScene: '' })).toEqual({
      changes: { obs: {} },
    });
  });

  it('catches an unknown placeholder and a half-filled lower third', () => {
    const base = formValuesOf(talk);
    expect(
      segmentChangesFrom(talk, { ...base, lowerThirdInput: 'LowerThird', lowerThirdTemplate: '{name}' }),
    ).toEqual({ error: 'Lower third: Unknown placeholder {name}: use {speakers}, {title}, {session}.' });
    expect(segmentChangesFrom(talk, { ...base, lowerThirdInput: 'LowerThird' })).toHaveProperty('error');
    expect(segmentChangesFrom(talk, { ...base, lowerThirdTemplate: '{title}' })).toHaveProperty('error');
  });
});

describe('preflight', () => {
  const show = { name: 'Demo', timezone: 'UTC', displayTimezones: [], breakScene: 'Break' };
  const segments = [
    segment('a', { obs: { scene: 'Speaker', lowerThird: { inputName: 'LowerThird', template: '{title}' } } }),
    segment('b', { title: 'Keynote', obs: { scene: 'Keynote cam' } }),
    segment('c', { kind: 'break', title: 'Lunch' }),
  ];

  it('lists what OBS lacks and the segments that name it', () => {
    const report = preflightReport(segments, { ...show, breakScene: 'Lunch scene' }, connectedObs())!;
    expect(report.missing).toEqual([
      { kind: 'scene', name: 'Keynote cam', usedBy: [{ id: 'b', title: 'Keynote' }] },
      { kind: 'scene', name: 'Lunch scene', usedBy: [{ id: 'c', title: 'Lunch' }] },
    ]);
    expect(report.summary).toBe('OBS lacks 2 scenes the rundown names');
  });

  it('says all was found, or that it could not check', () => {
    const fixed = segments.map((s) => (s.id === 'b' ? { ...s, obs: { scene: 'Main' } } : s));
    expect(preflightReport(fixed, show, connectedObs())!.summary).toBe('All 3 scenes and 1 input found');
    const down = connectedObs();
    down.connection = { ...down.connection, status: 'reconnecting' };
    expect(preflightReport(fixed, show, down)!.summary).toBe('OBS not connected — cannot check');
    expect(sceneOfSegment(segments[2]!, 'Break')).toBe('Break');
  });
});

describe('OBS in the store and on the wire', () => {
  it('keeps the newest thumbnail per slot', () => {
    const store = createShowStore();
    const thumb = (at: number) => ({
      slot: 'program' as const,
      sceneName: 'Main',
      dataUrl: 'data:image/jpeg;base64,AA==',
      at,
    });
    store.getState().receiveObsThumbnail(thumb(2_000));
    store.getState().receiveObsThumbnail(thumb(1_000));
    expect(store.getState().obsThumbnails.program?.at).toBe(2_000);
    expect(store.getState().obsThumbnails.preview).toBeNull();
  });

  it('counts thumbnail watchers, and an unwatch twice counts once', () => {
    const store = createShowStore();
    const stopA = store.getState().watchObsThumbnails();
    const stopB = store.getState().watchObsThumbnails();
    stopA();
    stopA();
    expect(store.getState().obsThumbnailWatchers).toBe(1);
    stopB();
    expect(store.getState().obsThumbnailWatchers).toBe(0);
  });

  it('accepts the core’s OBS messages and drops malformed ones', () => {
    const live = { state: connectedObs(), settings: { host: '127.0.0.1', port: 4455, hasPassword: false } };
    expect(readPush('obs', live)).toEqual({ ok: true, value: live });
    expect(readPush('obs', { state: { scenes: 'x' }, settings: live.settings }).ok).toBe(false);
    const thumbnail = {
      slot: 'preview',
      sceneName: 'Main',
      dataUrl: 'data:image/jpeg;base64,/9j/AA==',
      at: NOW,
    };
    expect(readPush('obsThumbnail', thumbnail)).toEqual({ ok: true, value: thumbnail });
    // Only inline still images may become an <img src>.
    expect(readPush('obsThumbnail', { ...thumbnail, dataUrl: 'https://example.invalid/x.jpg' }).ok).toBe(
      false,
    );
    expect(readPush('obsThumbnail', { ...thumbnail, dataUrl: 'data:text/html;base64,PGI+' }).ok).toBe(false);
    const notice = readPush('notice', {
      id: 'n1',
      level: 'warn',
      text: 'Segment s004 starts: OBS has no scene "Break"',
      at: NOW,
    });
    expect(notice.ok && noticeToast(notice.value)).toEqual({
      kind: 'warn',
      title: 'Warning',
      text: 'Segment s004 starts: OBS has no scene "Break"',
    });
    expect(readPush('notice', { id: 'n2', level: 'panic', text: '', at: NOW }).ok).toBe(false);
  });
});
