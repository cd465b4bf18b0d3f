import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDrift, formatSignedDrift } from '../../shared/durationText.js';
import type { AutomaticReason, ShowEvent } from '../../shared/events.js';
import { formatJoinLink } from '../../shared/joinLink.js';
import type { ShowState } from '../../shared/model.js';
import type { CommandResult, StateResponse } from '../../shared/protocol.js';
import { describeOffset, liveDeadline, projectSchedule } from '../../shared/schedule.js';
import { formatTimeInZone } from '../../renderer/format/zonedTime.js';
import { freePort, tempDir } from '../core/harness.js';
import type { Served } from '../core/serveProcess.js';
import { serve } from '../core/serveProcess.js';
import { chromiumForTests, launchChromium } from './browser.js';
import { ensureRendererBuilt } from './rendererBuild.js';
import { ifAssigned } from '../ifAssigned.js';

/**
 * A conference day at a compressed time scale (segments of seconds), end to end: a real core as
 * a child process (`serve`), the built renderer in Chromium (console and MC pages), the rundown
 * imported as CSV with start_mode and end_action columns. The first talk overruns; both pages
 * show the offset and the session's and the day's projected ends that projectSchedule gives for
 * the core's state; a lightning block advances by itself; the core is killed with SIGKILL while
 * a lightning talk runs and restarted on the same data folder and port past its due moment; the
 * block goes on exactly once per due moment, the pages reconnect by themselves, and the hard
 * start fires at its planned instant (within 1 s, by the journal) cutting the break before it.
 */

const chromium = chromiumForTests();
const SECOND = 1000;
const ZONE = 'UTC';
/** How late the show starts against its plan, so the offset is past "on schedule" (30 s). */
const LATE_MS = 40 * SECOND;
const OVERRUN_MS = 6 * SECOND;
/** When the hard start is planned, after the import: room for a slow restart of the core before it. */
const HARD_START_AFTER_MS = 80 * SECOND;

interface Row {
  id: string;
  session: string;
  kind: string;
  title: string;
  durationMs: number;
  startMode?: 'hard';
  endAction?: 'next';
}

const ROWS: Row[] = [
  { id: 'talk1', session: 'Morning', kind: 'talk', title: 'Opening talk', durationMs: 6 * SECOND },
  { id: 'talk2', session: 'Morning', kind: 'talk', title: 'Second talk', durationMs: 4 * SECOND },
  {
    id: 'lt1',
    session: 'Lightning',
    kind: 'lightning',
    title: 'Lightning one',
    durationMs: 4 * SECOND,
    endAction: 'next',
  },
  {
    id: 'lt2',
    session: 'Lightning',
    kind: 'lightning',
    title: 'Lightning two',
    durationMs: 5 * SECOND,
    endAction: 'next',
  },
  {
    id: 'lt3',
    session: 'Lightning',
    kind: 'lightning',
    title: 'Lightning three',
    durationMs: 4 * SECOND,
    endAction: 'next',
  },
  // Its length is set so the plan ends it at the hard start (the plan may not overlap one).
  { id: 'break', session: 'Break', kind: 'break', title: 'Coffee break', durationMs: 0 },
  {
    id: 'keynote',
    session: 'Afternoon',
    kind: 'keynote',
    title: 'Closing keynote',
    durationMs: 10 * SECOND,
    startMode: 'hard',
  },
];

/** The rundown as a CSV file, planned back to back from `firstStart`, the hard start at `hardStart`. */
function rundownCsv(firstStart: number, hardStart: number): string {
  const lines = ['id,session,kind,title,speaker,start_utc,duration_min,start_mode,end_action'];
  let t = firstStart;
  for (const row of ROWS) {
    const start = row.startMode === 'hard' ? hardStart : t;
    const durationMs = row.id === 'break' ? hardStart - start : row.durationMs;
    // Minutes to 7 places round back to the same whole milliseconds (the importer rounds).
    const minutes = (durationMs / 60_000).toFixed(7);
    lines.push(
      [
        row.id,
        row.session,
        row.kind,
        row.title,
        'Speaker',
        new Date(start).toISOString(),
        minutes,
        row.startMode ?? '',
        row.endAction ?? '',
      ].join(','),
    );
    t = start + durationMs;
  }
  return `${lines.join('\n')}\n`;
}

/** What a screen shows for the schedule at `second` (its useSchedule works to the second). */
function expectedShown(state: ShowState, second: number) {
  const projection = projectSchedule(state, second);
  const session = projection.sessions.find(
    (s) => s.first <= projection.cursor && projection.cursor <= s.last,
  );
  const endText = (end: number | null, plannedEnd: number | null) =>
    end === null
      ? null
      : `${formatTimeInZone(end, ZONE)}${
          plannedEnd !== null && Math.abs(end - plannedEnd) >= 30_000
            ? ` (${formatSignedDrift(end - plannedEnd)})`
            : ''
        }`;
  return {
    projection,
    badge: projection.offsetMs === null ? null : describeOffset(projection.offsetMs).text,
    session: session ? endText(session.end, session.plannedEnd) : null,
    day: endText(projection.day.end, projection.day.plannedEnd),
  };
}

interface Shown {
  badge: string | null;
  session: string | null;
  day: string | null;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

async function textOf(page: Page, selector: string): Promise<string | null> {
  const found = page.locator(selector);
  return (await found.count()) === 0 ? null : squash(await found.first().innerText());
}

async function shownOn(page: Page, withEnds: boolean): Promise<Shown> {
  return {
    badge: await textOf(page, '[data-testid="schedule-badge"] .schedule-badge__text'),
    session: withEnds ? await textOf(page, '[data-testid="schedule-end-session"] dd') : null,
    day: withEnds ? await textOf(page, '[data-testid="schedule-end-day"] dd') : null,
  };
}

describe.skipIf(!chromium.run)(
  'a compressed conference day in real Chromium, with kill -9 of the core',
  () => {
    const data = tempDir('showcaller-e2e-compressed-');
    let port = 0;
    let served: Served | null = null;
    let browser: Browser;
    let context: BrowserContext;
    let tokens: Record<string, string> = {};

    const url = () => `http://127.0.0.1:${port}`;

    async function state(): Promise<StateResponse> {
      const res = await fetch(`${url()}/api/state`, {
        headers: { authorization: `Bearer ${tokens.viewer}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as StateResponse;
    }

    async function command(cmd: Record<string, unknown>): Promise<CommandResult> {
      const res = await fetch(`${url()}/api/commands`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.producer}`,
          'content-type': 'application/json',
          'x-client-name': 'Test producer',
        },
        body: JSON.stringify(cmd),
      });
      const result = (await res.json()) as CommandResult;
      expect(result, `${String(cmd.type)}: ${JSON.stringify(result)}`).toMatchObject({ ok: true });
      return result;
    }

    /** Polls the core's state until `live` is the live segment. */
    async function untilLive(live: string, timeoutMs: number): Promise<StateResponse> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const response = await state();
        if (response.state.live.currentSegmentId === live) return response;
        if (Date.now() > deadline)
          throw new Error(
            `"${live}" not live after ${timeoutMs} ms (live: ${response.state.live.currentSegmentId})`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    /**
     * Both pages show what projectSchedule gives for the core's state at some second between just
     * before the pages were read and just after (±1 s for the display's rounding to the second).
     */
    async function expectPagesMatchProjection(
      consolePage: Page,
      mcPage: Page,
    ): Promise<ReturnType<typeof expectedShown>> {
      let last = '';
      for (let attempt = 0; attempt < 20; attempt++) {
        const before = await state();
        const readFrom = Date.now();
        const onConsole = await shownOn(consolePage, true);
        const onMc = await shownOn(mcPage, true);
        const readTo = Date.now();
        const after = await state();
        if (after.seq === before.seq) {
          for (
            let s = Math.floor((readFrom - SECOND) / SECOND);
            s <= Math.floor((readTo + SECOND) / SECOND);
            s++
          ) {
            const expected = expectedShown(before.state, s * SECOND);
            if (
              expected.badge === onConsole.badge &&
              expected.badge === onMc.badge &&
              expected.session === onConsole.session &&
              expected.day === onConsole.day &&
              expected.session === onMc.session &&
              expected.day === onMc.day
            )
              return expected;
          }
          const expected = expectedShown(before.state, readFrom);
          last = `console ${JSON.stringify(onConsole)}, MC ${JSON.stringify(onMc)}; expected about ${JSON.stringify(
            {
              badge: expected.badge,
              session: expected.session,
              day: expected.day,
            },
          )}`;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(`the pages do not show the projection: ${last}`);
    }

    beforeAll(async () => {
      if (!chromium.usable) throw new Error(`CI must run the browser tests: ${chromium.reason}`);
      ensureRendererBuilt();
      port = await freePort();
      served = await serve(data.dir, ['--no-obs', '--no-chat'], port);
      tokens = served.tokens;
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    }, 120_000);

    afterAll(async () => {
      await ifAssigned(browser)?.close();
      if (served) {
        served.child.kill('SIGKILL');
        await served.exited;
      }
      data.remove();
    });

    it('shows the offset and session end, runs the lightning block and the hard start, across a kill -9', async () => {
      const consolePage = await context.newPage();
      const mcPage = await context.newPage();
      await consolePage.goto(formatJoinLink({ token: tokens.producer!, cores: [url()], name: 'Console' }));
      await mcPage.goto(formatJoinLink({ token: tokens.mc!, cores: [url()], name: 'MC' }));
      for (const page of [consolePage, mcPage])
        await expect
          .poll(() => page.getByTestId('connection-pill').getAttribute('data-status'), { timeout: 30_000 })
          .toBe('connected');

      // The plan: the first talk 40 s ago (the show starts late), back to back, the hard start ahead.
      const imported = Math.ceil(Date.now() / SECOND) * SECOND;
      const hardStart = imported + HARD_START_AFTER_MS;
      await command({
        type: 'importRundown',
        format: 'csv',
        text: rundownCsv(imported - LATE_MS, hardStart),
        show: { name: 'Compressed day', timezone: ZONE, displayTimezones: [] },
      });
      const plan = (await state()).state.segments;
      expect(plan.map((s) => [s.id, s.startMode ?? 'manual', s.endAction ?? 'none'])).toEqual(
        ROWS.map((r) => [r.id, r.startMode ?? 'manual', r.endAction ?? 'none']),
      );
      expect(plan.find((s) => s.id === 'keynote')!.plannedStart).toBe(hardStart);
      expect(plan.find((s) => s.id === 'lt2')!.durationMs).toBe(5 * SECOND);

      // The first talk overruns by OVERRUN_MS: both pages show the projection's offset, the console the session end.
      await command({ type: 'startSegment', segmentId: 'talk1' });
      const talk1 = (await untilLive('talk1', 10_000)).state;
      await expect.poll(() => mcPage.getByTestId('mc-title').innerText()).toBe('Opening talk');
      const overrunAt = liveDeadline(talk1, Date.now())! + OVERRUN_MS;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, overrunAt - Date.now())));
      const overrun = await expectPagesMatchProjection(consolePage, mcPage);
      const talk1Plan = overrun.projection.segments[0]!;
      // In overtime the live talk ends "now": the offset is how far past its planned end we are.
      expect(overrun.projection.offsetMs).toBeGreaterThanOrEqual(LATE_MS + OVERRUN_MS - 2 * SECOND);
      expect(overrun.badge).toMatch(/^Running 0:\d\d behind$/);
      expect(overrun.session).toMatch(/^\d\d:\d\d \(\+0:\d\d\)$/);
      const morning = overrun.projection.sessions.find((s) => s.name === 'Morning')!;
      // The session ends when the second talk, starting now, is done: its plan plus the offset.
      expect(morning.end! - morning.plannedEnd!).toBe(overrun.projection.offsetMs);
      console.log(
        `[compressed day] talk 1 overran: offset ${formatDrift(overrun.projection.offsetMs!)}, shown "${overrun.badge}", ` +
          `Morning ends "${overrun.session}", planned end of talk 1 ${new Date(talk1Plan.plannedEnd!).toISOString()}`,
      );

      // Next, next: into the lightning block, which then advances by itself.
      await command({ type: 'nextSegment' });
      await untilLive('talk2', 10_000);
      await expect.poll(() => mcPage.getByTestId('mc-title').innerText()).toBe('Second talk');
      await command({ type: 'nextSegment' });
      await untilLive('lt1', 10_000);
      const lt2 = (await untilLive('lt2', 20_000)).state;
      await expect.poll(() => mcPage.getByTestId('mc-title').innerText()).toBe('Lightning two');

      // kill -9 while the second lightning talk runs; restart past its due moment, on the same port.
      const lt2Deadline = liveDeadline(lt2, Date.now())!;
      expect(Date.now()).toBeLessThan(lt2Deadline);
      served!.child.kill('SIGKILL');
      await served!.exited;
      const killedAt = Date.now();
      served = null;
      await expect
        .poll(() => mcPage.getByTestId('connection-pill').getAttribute('data-status'), { timeout: 20_000 })
        .not.toBe('connected');
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, lt2Deadline + SECOND - Date.now())));
      const restartedFrom = Date.now();
      served = await serve(data.dir, ['--no-obs', '--no-chat'], port);
      const readyAt = Date.now();
      expect(served.tokens).toEqual(tokens);
      console.log(
        `[compressed day] killed ${lt2Deadline - killedAt} ms before lt2's due moment; restart took ${readyAt - restartedFrom} ms, ` +
          `${hardStart - readyAt} ms left before the hard start`,
      );

      // The pages come back by themselves; the block goes on, then the break runs into the hard start.
      for (const page of [consolePage, mcPage])
        await expect
          .poll(() => page.getByTestId('connection-pill').getAttribute('data-status'), { timeout: 30_000 })
          .toBe('connected');
      await untilLive('break', 30_000);
      expect(Date.now(), 'the break must run before the hard start (the machine was too slow)').toBeLessThan(
        hardStart - 2 * SECOND,
      );
      await expect
        .poll(() => mcPage.getByTestId('mc-title').innerText(), { timeout: 20_000 })
        .toBe('Coffee break');
      const warning = consolePage.getByTestId('hard-start-warning');
      await expect.poll(() => warning.innerText(), { timeout: 20_000 }).toContain('(Closing keynote)');
      expect(await warning.innerText()).toContain(`Hard start ${formatTimeInZone(hardStart, ZONE)}`);
      expect(await warning.innerText()).toContain('the schedule is cut to make it');
      const onBreak = await expectPagesMatchProjection(consolePage, mcPage);
      expect(onBreak.projection.nextHardStart).toMatchObject({
        segmentId: 'keynote',
        at: hardStart,
        atRisk: true,
      });
      expect(onBreak.projection.segments.find((s) => s.id === 'break')!.end).toBe(hardStart);

      const final = (await untilLive('keynote', hardStart - Date.now() + 20_000)).state;
      await expect
        .poll(() => mcPage.getByTestId('mc-title').innerText(), { timeout: 20_000 })
        .toBe('Closing keynote');

      // The journal (both runs of the core, one file): every start once, in order, with its reason.
      const [showId] = readdirSync(path.join(data.dir, 'shows'));
      const lines = readFileSync(path.join(data.dir, 'shows', showId!, 'journal.ndjson'), 'utf8')
        .split('\n')
        .filter((line) => line.length > 0);
      const records = lines.map(
        (line) => JSON.parse(line) as { seq: number; t: number; events: ShowEvent[] },
      );
      expect(records.map((r) => r.seq)).toEqual(records.map((_, i) => records[0]!.seq + i));
      const importSeq = records.findLast((r) => r.events.some((e) => e.type === 'rundownImported'))!.seq;
      const starts: { id: string; at: number; t: number; auto?: AutomaticReason }[] = [];
      const ends: { id: string; at: number; auto?: AutomaticReason }[] = [];
      for (const record of records.filter((r) => r.seq > importSeq))
        for (const event of record.events) {
          if (event.type === 'segmentStarted')
            starts.push({ id: event.segmentId, at: event.at, t: record.t, auto: event.auto });
          if (event.type === 'segmentEnded')
            ends.push({ id: event.segmentId, at: event.at, auto: event.auto });
        }
      expect(starts.map((s) => s.id)).toEqual(ROWS.map((r) => r.id));
      expect(ends.map((s) => s.id)).toEqual(ROWS.slice(0, -1).map((r) => r.id));
      const start = Object.fromEntries(starts.map((s) => [s.id, s]));
      for (const id of ['talk1', 'talk2', 'lt1']) expect(start[id]!.auto).toBeUndefined();
      // Each lightning talk's end action started the next one at its deadline (after the restart for lt2's).
      expect(start.lt2!.auto).toEqual({ kind: 'endAction', dueAt: start.lt1!.at + 4 * SECOND });
      expect(start.lt3!.auto).toEqual({ kind: 'endAction', dueAt: lt2Deadline });
      expect(start.lt3!.at).toBeGreaterThanOrEqual(restartedFrom);
      expect(start.break!.auto).toEqual({ kind: 'endAction', dueAt: start.lt3!.at + 4 * SECOND });
      for (const id of ['lt2', 'break']) expect(start[id]!.at).toBeGreaterThanOrEqual(start[id]!.auto!.dueAt);

      // The hard start on time, by the journal, and the break before it cut short.
      const keynote = start.keynote!;
      expect(keynote.auto).toEqual({ kind: 'hardStart', dueAt: hardStart });
      expect(keynote.at - hardStart).toBeGreaterThanOrEqual(0);
      expect(keynote.at - hardStart).toBeLessThanOrEqual(SECOND);
      expect(keynote.t - hardStart).toBeLessThanOrEqual(SECOND);
      expect(ends.at(-1)).toEqual({
        id: 'break',
        at: keynote.at,
        auto: { kind: 'hardStart', dueAt: hardStart },
      });
      const coffee = final.actuals.break!;
      const breakPlanned = final.segments.find((s) => s.id === 'break')!.durationMs;
      expect(coffee.endedAt! - coffee.startedAt!).toBeLessThan(breakPlanned);
      console.log(
        `[compressed day] late by: lt2 ${start.lt2!.at - start.lt2!.auto!.dueAt} ms, lt3 (after the restart) ` +
          `${start.lt3!.at - lt2Deadline} ms, break ${start.break!.at - start.break!.auto!.dueAt} ms; hard start ` +
          `${keynote.at - hardStart} ms (record written ${keynote.t - hardStart} ms after the planned instant); ` +
          `break cut by ${breakPlanned - (coffee.endedAt! - coffee.startedAt!)} ms`,
      );
    }, 300_000);
  },
);
