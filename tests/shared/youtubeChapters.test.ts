import { describe, expect, it } from 'vitest';
import type { ShowEvent } from '../../shared/events.js';
import { emptyShowState } from '../../shared/model.js';
import type { ShowState } from '../../shared/model.js';
import { applyEvents } from '../../shared/reducer.js';
import { formatChapterTime, youtubeChapters } from '../../shared/youtubeChapters.js';
import { deepFreeze, fixtureSegments, SHOW_INFO, seededRandom } from './fixtures.js';
import { MIN, REPORT_CHAPTERS, reportShow, SEC, T0 } from './reportFixtures.js';

/** The fixture rundown (keynote, talk, break, lightning) with these events after it. */
function showWith(events: ShowEvent[]): ShowState {
  return deepFreeze(
    applyEvents(emptyShowState('chapters'), [
      { type: 'rundownImported', show: SHOW_INFO, segments: fixtureSegments() },
      ...events,
    ]),
  );
}

const live = (at: number): ShowEvent => ({ type: 'streamStateRecorded', active: true, at });
const stop = (at: number): ShowEvent => ({ type: 'streamStateRecorded', active: false, at });
const start = (segmentId: string, at: number): ShowEvent => ({ type: 'segmentStarted', segmentId, at });
const end = (segmentId: string, at: number): ShowEvent => ({ type: 'segmentEnded', segmentId, at });

function text(state: ShowState, run?: number): string {
  const result = youtubeChapters(state, { run });
  if (!result.ok) throw new Error(`expected chapters, got: ${result.error}`);
  return result.text;
}

describe('YouTube chapters', () => {
  it('counts from the stream start recorded from OBS, with an intro before the first talk', () => {
    // Stream live 07:25:00; keynote 07:30:05, talk 08:02:40, break 08:26:00, lightning 08:40:30.
    expect(text(reportShow())).toBe(REPORT_CHAPTERS);
  });

  it('says clearly when the stream never went live, instead of an empty list', () => {
    const state = showWith([start('keynote', T0), end('keynote', T0 + 30 * MIN)]);
    const result = youtubeChapters(state);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/stream never went live.*OBS/);
  });

  it('starts with the first segment at 0:00 when it began within ten seconds of the stream', () => {
    const state = showWith([
      live(T0),
      start('keynote', T0 + 9 * SEC),
      end('keynote', T0 + 30 * MIN),
      start('talk', T0 + 30 * MIN),
      end('talk', T0 + 55 * MIN),
      start('break', T0 + 55 * MIN),
    ]);
    expect(text(state)).toBe(
      '0:00 Opening keynote – Vicki Boykis\n30:00 Group-by statements that save the day – Vincent D. Warmerdam\n55:00 Coffee break\n',
    );
  });

  it('keeps an intro of exactly ten seconds', () => {
    const state = showWith([
      live(T0),
      start('keynote', T0 + 10 * SEC),
      end('keynote', T0 + 30 * MIN),
      start('talk', T0 + 30 * MIN),
    ]);
    expect(text(state)).toBe(
      '0:00 Intro\n0:10 Opening keynote – Vicki Boykis\n30:00 Group-by statements that save the day – Vincent D. Warmerdam\n',
    );
  });

  it('opens with the segment already live when the stream went live', () => {
    const state = showWith([
      start('keynote', T0),
      live(T0 + 2 * MIN),
      end('keynote', T0 + 30 * MIN),
      start('talk', T0 + 30 * MIN),
      end('talk', T0 + 55 * MIN),
      start('break', T0 + 55 * MIN),
    ]);
    expect(text(state)).toBe(
      '0:00 Opening keynote – Vicki Boykis\n28:00 Group-by statements that save the day – Vincent D. Warmerdam\n53:00 Coffee break\n',
    );
  });

  it("drops a segment that lasted under ten seconds (started by mistake), keeping the next one's time", () => {
    const state = showWith([
      live(T0),
      start('keynote', T0 + 1 * MIN),
      end('keynote', T0 + 30 * MIN),
      start('break', T0 + 30 * MIN), // oops: the break, for four seconds
      end('break', T0 + 30 * MIN + 4 * SEC),
      start('talk', T0 + 30 * MIN + 4 * SEC),
      end('talk', T0 + 55 * MIN),
      start('lightning', T0 + 55 * MIN),
    ]);
    expect(text(state)).toBe(
      [
        '0:00 Intro',
        '1:00 Opening keynote – Vicki Boykis',
        '30:04 Group-by statements that save the day – Vincent D. Warmerdam',
        '55:00 Config files for fast and reproducible ML experiments – Anuvabh Dutt',
        '',
      ].join('\n'),
    );
  });

  it('lets a first segment 5 s after the stream start take the 0:00 place', () => {
    const state = showWith([
      live(T0),
      start('keynote', T0 + 5 * SEC),
      end('keynote', T0 + 3 * MIN),
      start('talk', T0 + 3 * MIN),
      end('talk', T0 + 6 * MIN),
      start('break', T0 + 6 * MIN),
    ]);
    expect(text(state)).toBe(
      '0:00 Opening keynote – Vicki Boykis\n3:00 Group-by statements that save the day – Vincent D. Warmerdam\n6:00 Coffee break\n',
    );
  });

  it('drops a last chapter the recording ends within ten seconds of', () => {
    const state = showWith([
      live(T0),
      start('keynote', T0 + 1 * MIN),
      end('keynote', T0 + 30 * MIN),
      start('talk', T0 + 30 * MIN),
      end('talk', T0 + 55 * MIN),
      start('break', T0 + 55 * MIN),
      stop(T0 + 55 * MIN + 9 * SEC),
    ]);
    expect(text(state)).toBe(
      '0:00 Intro\n1:00 Opening keynote – Vicki Boykis\n30:00 Group-by statements that save the day – Vincent D. Warmerdam\n',
    );
  });

  it('refuses with a reason when YouTube would not show chapters (fewer than three)', () => {
    const state = showWith([live(T0), start('keynote', T0)]);
    const result = youtubeChapters(state);
    expect(result).toEqual({
      ok: false,
      error: 'YouTube needs at least 3 chapters of 10 s or more; this stream has 1',
    });
  });

  it('gives each run of the stream its own chapters, counted from its own start', () => {
    const state = showWith([
      live(T0),
      start('keynote', T0 + 1 * MIN),
      end('keynote', T0 + 30 * MIN),
      start('talk', T0 + 30 * MIN),
      stop(T0 + 40 * MIN), // the stream dropped mid-talk…
      live(T0 + 42 * MIN), // …and came back as a new video
      end('talk', T0 + 55 * MIN),
      start('break', T0 + 55 * MIN),
      end('break', T0 + 70 * MIN),
      start('lightning', T0 + 70 * MIN),
    ]);
    expect(state.streamRuns).toEqual([
      { startedAt: T0, endedAt: T0 + 40 * MIN },
      { startedAt: T0 + 42 * MIN, endedAt: null },
    ]);
    expect(text(state, 1)).toBe(
      '0:00 Intro\n1:00 Opening keynote – Vicki Boykis\n30:00 Group-by statements that save the day – Vincent D. Warmerdam\n',
    );
    expect(text(state, 2)).toBe(
      '0:00 Group-by statements that save the day – Vincent D. Warmerdam\n13:00 Coffee break\n28:00 Config files for fast and reproducible ML experiments – Anuvabh Dutt\n',
    );
    expect(youtubeChapters(state, { run: 3 })).toEqual({
      ok: false,
      error: 'there is no stream run 3; the stream went live 2 time(s)',
    });
  });

  it('leaves out segments that started after the stream stopped, and puts titles on one line', () => {
    const segments = fixtureSegments().map((s) =>
      s.id === 'talk' ? { ...s, title: '  Group-by\n statements ', speakers: ['A\tB', 'C'] } : s,
    );
    const state = deepFreeze(
      applyEvents(emptyShowState('chapters'), [
        { type: 'rundownImported', show: SHOW_INFO, segments },
        live(T0),
        start('keynote', T0 + 1 * MIN),
        end('keynote', T0 + 30 * MIN),
        start('talk', T0 + 30 * MIN),
        end('talk', T0 + 55 * MIN),
        stop(T0 + 56 * MIN),
        start('break', T0 + 57 * MIN),
      ]),
    );
    expect(text(state)).toBe(
      '0:00 Intro\n1:00 Opening keynote – Vicki Boykis\n30:00 Group-by statements – A B, C\n',
    );
  });

  it('formats times as YouTube reads them', () => {
    expect([0, 9, 65, 599, 3600, 3661, 36_000].map(formatChapterTime)).toEqual([
      '0:00',
      '0:09',
      '1:05',
      '9:59',
      '1:00:00',
      '1:01:01',
      '10:00:00',
    ]);
  });

  it("keeps YouTube's rules for any show: starts at 0:00, ascends, ten seconds apart, three or more", () => {
    const random = seededRandom(20221215);
    const ids = fixtureSegments().map((s) => s.id);
    let listed = 0;
    for (let round = 0; round < 300; round++) {
      const events: ShowEvent[] = [live(T0 + Math.floor(random() * 60) * SEC)];
      let at = T0 + Math.floor(random() * 30) * SEC;
      for (const id of ids) {
        if (random() < 0.2) continue;
        events.push(start(id, at));
        at += Math.floor(random() * 40) * SEC; // often under ten seconds
        events.push(end(id, at));
        at += Math.floor(random() * 3) * SEC;
      }
      if (random() < 0.5) events.push(stop(at + Math.floor(random() * 20) * SEC));
      const result = youtubeChapters(showWith(events));
      if (!result.ok) {
        expect(result.error).toMatch(/at least 3 chapters/);
        continue;
      }
      listed += 1;
      const seconds = result.chapters.map((c) => c.seconds);
      expect(seconds[0]).toBe(0);
      expect(seconds.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < seconds.length; i++)
        expect(seconds[i]! - seconds[i - 1]!).toBeGreaterThanOrEqual(10);
      expect(result.text.split('\n').filter(Boolean)).toHaveLength(seconds.length);
    }
    expect(listed).toBeGreaterThan(100); // the rules were checked, not only the refusals
  });
});
