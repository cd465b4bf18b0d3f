// Importing a lightning-talk list through a real core over HTTP: journaled, replayed on restart, refusals change nothing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { ShowInfo } from '../../shared/model.js';
import { httpApiOf, journalText, startTestCore, tempDir } from './harness.js';

const MIN = 60_000;
const SAMPLES = path.resolve(import.meta.dirname, '../fixtures/samples');
const LIGHTNING = readFileSync(path.join(SAMPLES, 'normconf-2022-lightning.csv'), 'utf8');
const SHOW: ShowInfo = { name: 'NormConf 2022', timezone: 'America/New_York', displayTimezones: [] };
/** Two talks and a hard-start closing, with a 20-minute gap before it. */
const RUNDOWN = [
  'session,start_utc,duration_min,kind,speaker,title,start_mode,id',
  'Session 1,2022-12-15T12:30:00Z,30,keynote,Vicki Boykis,Keynote,,keynote',
  'Session 1,2022-12-15T13:00:00Z,30,talk,Vincent D. Warmerdam,Group-by,,groupby',
  'Session 1,2022-12-15T13:50:00Z,10,other,,Closing,hard,closing',
].join('\n');

let data: ReturnType<typeof tempDir>;
let running: RunningCore;
const { post, state } = httpApiOf(() => running);

beforeEach(async () => {
  data = tempDir('showcaller-talks-');
  running = await startTestCore(data.dir);
  const imported = await post({ type: 'importRundown', format: 'csv', text: RUNDOWN, show: SHOW });
  expect(imported.body.error).toBeUndefined();
});

afterEach(async () => {
  await running.close();
  data.remove();
});

const journalOf = (showId: string) => journalText(data.dir, showId);

/** A refusal: the status and reason, and the show and its journal exactly as before. */
async function expectRefused(body: unknown, status: number): Promise<string> {
  const before = await state();
  const journal = journalOf(before.showId);
  const result = await post(body);
  expect(result.status).toBe(status);
  const after = await state();
  expect(after.seq).toBe(before.seq);
  expect(after.state).toEqual(before.state);
  expect(journalOf(after.showId)).toBe(journal);
  return result.body.error ?? '';
}

describe('talk list import over HTTP', () => {
  it('imports the NormConf list as 31 talks in a new session, journaled, and a restart replays it', async () => {
    const before = await state();
    const result = await post({
      type: 'importTalkList',
      text: LIGHTNING,
      placement: { newSession: { title: 'Lightning talks' } },
    });
    expect(result.body.error).toBeUndefined();
    expect(result.status).toBe(200);
    const after = await state();
    expect(after.seq).toBeGreaterThan(before.seq);
    const talks = after.state.segments.slice(3);
    expect(talks).toHaveLength(31);
    expect(after.state.segments.slice(0, 3)).toEqual(before.state.segments);
    // The closing ends at 14:00 UTC; the talks run back to back from then, 5 minutes each.
    const start = Date.parse('2022-12-15T14:00:00Z');
    expect(talks.map((t) => t.plannedStart)).toEqual(talks.map((_, i) => start + i * 5 * MIN));
    expect(talks[0]).toMatchObject({
      kind: 'lightning',
      session: 'Lightning talks',
      speakers: ['Amanda Alvarez'],
      durationMs: 5 * MIN,
      startMode: 'manual',
      endAction: 'next',
    });
    expect(talks[1]).toMatchObject({ startMode: 'follow', endAction: 'next' });
    expect(talks.at(-1)).toMatchObject({ startMode: 'follow', endAction: 'none' });

    const lines = journalOf(after.showId).trim().split('\n');
    const last = JSON.parse(lines.at(-1) ?? '{}') as { seq: number; events: { type: string }[] };
    // One record for the whole block: a crash cannot leave half a list.
    expect(last.seq).toBe(after.seq);
    expect(last.events.filter((e) => e.type === 'segmentInserted')).toHaveLength(31);

    await running.close();
    running = await startTestCore(data.dir);
    const replayed = await state();
    expect(replayed.seq).toBe(after.seq);
    expect(replayed.state.segments).toEqual(after.state.segments);
  });

  it('puts talks with their own durations after a segment and pushes the gap-less plan back', async () => {
    const text = 'speaker,title,duration_min\nAda,One,8\nBob,Two,\n';
    const result = await post({
      type: 'importTalkList',
      text,
      placement: { after: 'keynote' },
      defaultDurationMin: 6,
    });
    expect(result.body.error).toBeUndefined();
    const { state: after } = await state();
    expect(after.segments.map((s) => [s.title, s.session, s.plannedStart, s.durationMs])).toEqual([
      ['Keynote', 'Session 1', Date.parse('2022-12-15T12:30:00Z'), 30 * MIN],
      ['One', 'Session 1', Date.parse('2022-12-15T13:00:00Z'), 8 * MIN],
      ['Two', 'Session 1', Date.parse('2022-12-15T13:08:00Z'), 6 * MIN],
      // 14 minutes of talks: Group-by moves back, and still ends before the hard start.
      ['Group-by', 'Session 1', Date.parse('2022-12-15T13:14:00Z'), 30 * MIN],
      ['Closing', 'Session 1', Date.parse('2022-12-15T13:50:00Z'), 10 * MIN],
    ]);
  });

  it('refuses a block that runs into the hard start, and bad lists, changing nothing', async () => {
    const hard = await expectRefused(
      { type: 'importTalkList', text: LIGHTNING, placement: { after: 'groupby' } },
      409,
    );
    expect(hard).toBe(
      'with the 31 talks (155 min) the plan would reach the hard start of "Closing" at 08:50 ' +
        '(America/New_York) only at 11:05, 135 min late; shorten the talks or put them elsewhere',
    );
    expect(
      await expectRefused({ type: 'importTalkList', text: LIGHTNING, placement: { after: 'nope' } }, 409),
    ).toBe('no segment "nope" to put the talks after');
    expect(
      await expectRefused(
        { type: 'importTalkList', text: 'name,talk\nAda,One\n', placement: { after: 'keynote' } },
        400,
      ),
    ).toMatch(/^talk list not imported:\nline 1, column speaker: missing required column speaker/);
    expect(
      await expectRefused(
        { type: 'importTalkList', text: 'speaker,title\n', placement: { after: 'keynote' } },
        400,
      ),
    ).toBe('talk list not imported:\nno talks: the list has a header but no rows');
    expect(
      await expectRefused(
        {
          type: 'importTalkList',
          text: LIGHTNING,
          placement: { after: 'keynote' },
          defaultDurationMin: 0,
        },
        400,
      ),
    ).toMatch(/defaultDurationMin/);
    // The list sent as a rundown says which import it needs.
    expect(
      await expectRefused({ type: 'importRundown', format: 'csv', text: LIGHTNING, show: SHOW }, 400),
    ).toContain('this looks like a talk list');
  });

  it('is for whoever runs the show: an MC is refused', async () => {
    const before = await state();
    const res = await fetch(`${running.url}/api/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${running.tokens.mc}` },
      body: JSON.stringify({ type: 'importTalkList', text: LIGHTNING, placement: { after: 'keynote' } }),
    });
    expect(res.status).toBe(403);
    expect((await state()).seq).toBe(before.seq);
  });
});
