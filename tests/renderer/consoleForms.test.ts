import { describe, expect, it } from 'vitest';
import type { Segment } from '../../shared/model.js';
import { base64Of, importFormatOf } from '../../renderer/console/importFormat.js';
import { rundownZones, showDayAnchor } from '../../renderer/console/rundownColumns.js';
import { formValuesOf, segmentChangesFrom } from '../../renderer/console/segmentForm.js';

const talk: Segment = {
  id: 'k',
  kind: 'keynote',
  session: 'Session 1',
  title: 'Keynote',
  speakers: ['Vicki Boykis'],
  plannedStart: Date.UTC(2022, 11, 15, 12, 30),
  durationMs: 30 * 60_000,
  warningMs: 5 * 60_000,
  dangerMs: 60_000,
  notes: '',
};

describe('the segment editor form', () => {
  it('round-trips a segment without changes', () => {
    expect(segmentChangesFrom(talk, formValuesOf(talk))).toEqual({ changes: {} });
  });

  it('sends only the fields that changed, in the model’s units', () => {
    const values = {
      ...formValuesOf(talk),
      durationMin: '25',
      speakers: 'Vicki Boykis,  Guest ,',
      title: ' Keynote ',
    };
    expect(segmentChangesFrom(talk, values)).toEqual({
      changes: { durationMs: 25 * 60_000, speakers: ['Vicki Boykis', 'Guest'] },
    });
  });

  it('catches typos before the round trip', () => {
    expect(segmentChangesFrom(talk, { ...formValuesOf(talk), durationMin: '0' })).toHaveProperty('error');
    expect(segmentChangesFrom(talk, { ...formValuesOf(talk), warningMin: 'soon' })).toHaveProperty('error');
    expect(
      segmentChangesFrom(talk, { ...formValuesOf(talk), warningMin: '1', dangerMin: '2' }),
    ).toHaveProperty('error');
  });
});

describe('the segment editor: start mode, end action, timer', () => {
  it('reads absent fields as their defaults and sends nothing for them unchanged', () => {
    expect(formValuesOf(talk)).toMatchObject({ startMode: 'manual', endAction: 'none', timer: 'countdown' });
    expect(segmentChangesFrom(talk, formValuesOf(talk))).toEqual({ changes: {} });
  });

  it('sends the ones changed, including back to the default', () => {
    const values = {
      ...formValuesOf(talk),
      startMode: 'follow',
      endAction: 'next',
      timer: 'countup',
    } as const;
    expect(segmentChangesFrom(talk, values)).toEqual({
      changes: { startMode: 'follow', endAction: 'next', timer: 'countup' },
    });
    const clocked: Segment = { ...talk, timer: 'clock', startMode: 'hard' };
    expect(
      segmentChangesFrom(clocked, { ...formValuesOf(clocked), timer: 'countdown', startMode: 'manual' }),
    ).toEqual({ changes: { timer: 'countdown', startMode: 'manual' } });
  });

  it('refuses a hard start on a segment with no planned start, saying why', () => {
    const unplanned: Segment = { ...talk, plannedStart: null };
    expect(segmentChangesFrom(unplanned, { ...formValuesOf(unplanned), startMode: 'hard' })).toEqual({
      error: 'A hard start needs a planned start time: this segment has none.',
    });
    expect(segmentChangesFrom(talk, { ...formValuesOf(talk), startMode: 'hard' })).toEqual({
      changes: { startMode: 'hard' },
    });
  });
});

describe('rundown import and columns', () => {
  it('takes the format from the file extension', () => {
    expect(importFormatOf('NormConf 2022.CSV')).toBe('csv');
    expect(importFormatOf('rundown.json')).toBe('json');
    expect(importFormatOf('Run of show.XLSX')).toBe('xlsx');
    expect(importFormatOf('rundown.xls')).toBeNull();
    expect(importFormatOf('csv')).toBeNull();
  });

  it('sends an .xlsx as the base64 of its bytes', () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256);
    expect(base64Of(bytes.buffer)).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64Of(new ArrayBuffer(0))).toBe('');
  });

  it('lists the show zone first and each display zone once', () => {
    expect(
      rundownZones({
        name: 'x',
        timezone: 'America/New_York',
        displayTimezones: ['UTC', 'America/New_York', 'Europe/London'],
      }),
    ).toEqual(['America/New_York', 'UTC', 'Europe/London']);
    expect(showDayAnchor([{ ...talk, plannedStart: null }, talk])).toBe(talk.plannedStart);
    expect(showDayAnchor([])).toBeNull();
  });
});
