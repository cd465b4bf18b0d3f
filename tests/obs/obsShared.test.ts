import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../core/adapters/backoff.js';
import { OBS_BACKOFF } from '../../core/obs/obsConnection.js';
import { syncedState } from './obsStates.js';
import { COMMAND_TABLE } from '../../shared/commandTable.js';
import {
  ObsCommand,
  ObsSettings,
  initialObsState,
  obsHealth,
  obsNeedsOf,
  obsUrl,
  preflight,
  publicObsSettings,
  renderLowerThird,
  validateLowerThirdTemplate,
} from '../../shared/obs.js';

describe('OBS settings', () => {
  it('accepts a host, port and password, and never shows the password to clients', () => {
    const settings = ObsSettings.parse({ host: '192.168.1.20', port: 4455, password: 's3cret' });
    expect(publicObsSettings(settings)).toEqual({ host: '192.168.1.20', port: 4455, hasPassword: true });
    expect(JSON.stringify(publicObsSettings(settings))).not.toContain('s3cret');
  });

  it('rejects a URL where a host belongs, and ports out of range', () => {
    expect(ObsSettings.safeParse({ host: 'ws://localhost', port: 4455, password: '' }).success).toBe(false);
    expect(ObsSettings.safeParse({ host: 'localhost', port: 70_000, password: '' }).success).toBe(false);
  });

  it('brackets IPv6 literals in the URL', () => {
    expect(obsUrl({ host: '::1', port: 4455 })).toBe('ws://[::1]:4455');
    expect(obsUrl({ host: 'obs.local', port: 4455 })).toBe('ws://obs.local:4455');
  });
});

describe('OBS commands', () => {
  it('parses each command and rejects malformed ones with a reason', () => {
    expect(ObsCommand.parse({ type: 'obsSetProgramScene', sceneName: 'Break' })).toEqual({
      type: 'obsSetProgramScene',
      sceneName: 'Break',
    });
    expect(ObsCommand.safeParse({ type: 'obsSetProgramScene', sceneName: '' }).success).toBe(false);
    expect(ObsCommand.safeParse({ type: 'obsStream', action: 'pause' }).success).toBe(false);
    expect(ObsCommand.safeParse({ type: 'obsSetTransition' }).success).toBe(false);
    expect(ObsCommand.safeParse({ type: 'obsSetTransition', durationMs: 10 }).success).toBe(false);
    expect(ObsCommand.safeParse({ type: 'obsSetTransition', name: 'Cut' }).success).toBe(true);
    expect(
      ObsCommand.safeParse({ type: 'obsMedia', inputName: 'Clip', action: 'restart', extra: 1 }).success,
    ).toBe(false);
  });

  it('tells OBS commands from show commands', () => {
    expect(COMMAND_TABLE.obsTransition.route).toBe('obs');
    expect(COMMAND_TABLE.startSegment.route).toBe('show');
  });
});

describe('preflight', () => {
  it('lists the scenes and inputs the rundown names that OBS lacks', () => {
    const result = preflight(
      { scenes: ['Main', 'Break', 'Sponsors', 'Break'], inputs: ['LowerThird', 'Ticker'] },
      syncedState(),
    );
    expect(result).toEqual({
      ok: false,
      checked: true,
      missingScenes: ['Sponsors'],
      missingInputs: ['Ticker'],
      notMediaInputs: [],
      problems: ['OBS has no scene "Sponsors"', 'OBS has no input "Ticker"'],
    });
  });

  it('passes when OBS has everything', () => {
    expect(preflight({ scenes: ['Main'], inputs: ['LowerThird'] }, syncedState()).ok).toBe(true);
  });

  it('says it could not check while OBS is not connected', () => {
    const result = preflight({ scenes: ['Main'], inputs: [] }, initialObsState(0));
    expect(result.checked).toBe(false);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatch(/OBS is not connected/);
  });

  it('collects needs from segment cues, breaks going to the break scene', () => {
    const needs = obsNeedsOf(
      [
        {
          kind: 'talk',
          obs: { scene: 'Speaker', lowerThird: { inputName: 'LowerThird', template: '{speakers}' } },
        },
        { kind: 'break' },
        { kind: 'talk', obs: { scene: 'Speaker' } },
        { kind: 'talk' },
      ],
      { breakScene: 'Break' },
    );
    expect(needs).toEqual({ scenes: ['Speaker', 'Break'], inputs: ['LowerThird'], mediaInputs: [] });
  });
});

describe('renderLowerThird', () => {
  const talk = {
    speakers: ['Vicki Boykis', 'Ben Labaschin'],
    title: 'Welcome to NormConf',
    session: 'Morning',
  };

  it('fills the template', () => {
    expect(renderLowerThird('{speakers} — {title}', talk)).toBe(
      'Vicki Boykis, Ben Labaschin — Welcome to NormConf',
    );
    expect(renderLowerThird('{session}: {title}', talk)).toBe('Morning: Welcome to NormConf');
  });

  it('drops the separator an empty field leaves behind', () => {
    expect(renderLowerThird('{speakers} — {title}', { speakers: [], title: 'Lunch', session: '' })).toBe(
      'Lunch',
    );
    expect(renderLowerThird('{speakers} — {title}', { speakers: ['Ada'], title: '', session: '' })).toBe(
      'Ada',
    );
  });

  it('leaves unknown placeholders as typed and reports them', () => {
    expect(renderLowerThird('{speaker} — {title}', talk)).toBe('{speaker} — Welcome to NormConf');
    expect(validateLowerThirdTemplate('{speaker} — {title} {foo}')).toEqual(['speaker', 'foo']);
    expect(validateLowerThirdTemplate('{speakers} — {title}')).toEqual([]);
  });
});

describe('obsHealth', () => {
  it('is ok when nothing is wrong', () => {
    expect(obsHealth(syncedState()).level).toBe('ok');
  });

  it('turns red on dropped frames while live, and on a lost connection', () => {
    const live = syncedState();
    const dropping = {
      ...live,
      stream: { ...live.stream, active: true, phase: 'on' as const, skippedFrames: 60, totalFrames: 1000 },
    };
    const health = obsHealth(dropping);
    expect(health.level).toBe('bad');
    expect(health.droppedFramesPct).toBeCloseTo(6);
    expect(health.problems[0]).toMatch(/6\.0% frames dropped/);
    expect(obsHealth(initialObsState(0)).level).toBe('bad');
  });
});

describe('obsHealth on skipped frames', () => {
  const stats = {
    activeFps: 30,
    cpuUsage: 12,
    renderSkippedFrames: 900,
    renderTotalFrames: 10_000,
    outputSkippedFrames: 0,
    outputTotalFrames: 10_000,
    availableDiskSpace: 50_000,
    at: 0,
  };

  it('judges the last window, not the counts since OBS started', () => {
    const roughStart = {
      ...syncedState(),
      stats: { ...stats, recent: { renderSkipped: 0, renderTotal: 60, outputSkipped: 0, outputTotal: 60 } },
    };
    expect(obsHealth(roughStart).level).toBe('ok');
    expect(obsHealth(roughStart).renderSkippedPct).toBe(0);
    const lagging = {
      ...syncedState(),
      stats: { ...stats, recent: { renderSkipped: 6, renderTotal: 60, outputSkipped: 0, outputTotal: 60 } },
    };
    expect(obsHealth(lagging).level).toBe('bad');
    expect(obsHealth(lagging).problems).toContain('10.0% frames skipped (rendering lag)');
  });

  it('says nothing about skipped frames before a second reading', () => {
    expect(obsHealth({ ...syncedState(), stats: { ...stats, recent: null } }).level).toBe('ok');
  });
});

describe('the OBS reconnect backoff', () => {
  it('starts at about 250 ms and stays under the 2 s resync budget', () => {
    expect(backoffDelay(OBS_BACKOFF, 1, () => 0.5)).toBe(250);
    expect(backoffDelay(OBS_BACKOFF, 2, () => 0.5)).toBe(500);
    expect(backoffDelay(OBS_BACKOFF, 10, () => 0.5)).toBe(1_000);
    expect(backoffDelay(OBS_BACKOFF, 10, () => 1)).toBe(1_200);
    expect(backoffDelay(OBS_BACKOFF, 1, () => 0)).toBe(200);
  });
});
