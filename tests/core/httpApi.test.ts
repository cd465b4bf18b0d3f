import { connect as connectTcp } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { HealthResponse, StateResponse } from '../../shared/protocol.js';
import { connect, startTestCore, tempDir } from './harness.js';

let data: ReturnType<typeof tempDir>;
let running: RunningCore;

beforeEach(async () => {
  data = tempDir();
  running = await startTestCore(data.dir);
});

afterEach(async () => {
  await running.close();
  data.remove();
});

function post(body: unknown, token?: string, raw = false) {
  return fetch(`${running.url}/api/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

describe('HTTP API', () => {
  it('closes even while a client has sent only half of a request', async () => {
    const socket = connectTcp(running.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    const head = `POST /api/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${running.tokens.producer}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n`;
    socket.write(`${head}{"type":`);
    await sleep(100);
    // Node would wait for that body for 5 minutes (its requestTimeout); the core gives it a grace period.
    const outcome = await Promise.race([
      running.close().then(() => 'closed'),
      sleep(20_000).then(() => 'hung'),
    ]);
    expect(outcome).toBe('closed');
    await ended;
  }, 30_000);

  it('reports health without auth', async () => {
    const res = await fetch(`${running.url}/api/health`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as HealthResponse;
    expect(health).toMatchObject({ app: 'showcaller', showId: 'normconf-2022', seq: running.core.seq });
    expect(health.uptimeMs).toBeGreaterThanOrEqual(0);
  });

  it('serves the state only with a valid bearer token', async () => {
    expect((await fetch(`${running.url}/api/state`)).status).toBe(401);
    const bad = await fetch(`${running.url}/api/state`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    const res = await fetch(`${running.url}/api/state`, {
      headers: { authorization: `Bearer ${running.tokens.viewer}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as StateResponse;
    expect(body.state.segments).toHaveLength(31);
    expect(body.seq).toBe(running.core.seq);
  });

  it('runs commands with the same schemas and roles as the socket, and crew screens see them', async () => {
    const mc = await connect(running, 'mc');
    try {
      const ok = await post({ type: 'startSegment', segmentId: 's003' }, running.tokens.producer);
      expect(ok.status).toBe(200);
      const { seq } = (await ok.json()) as { seq: number };
      await mc.until(seq);
      expect(mc.replica.state?.live.currentSegmentId).toBe('s003');

      const invalid = await post({ type: 'adjustTime', deltaMs: 'lots' }, running.tokens.producer);
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: string }).error).toMatch(/deltaMs/);

      const forbidden = await post({ type: 'nextSegment' }, running.tokens.mc);
      expect(forbidden.status).toBe(403);
      expect(((await forbidden.json()) as { error: string }).error).toBe('the mc role may not nextSegment');

      const conflict = await post({ type: 'resumeTimer' }, running.tokens.producer);
      expect(conflict.status).toBe(409);
      expect(((await conflict.json()) as { error: string }).error).toBe('the timer is not paused');

      expect((await post({ type: 'nextSegment' })).status).toBe(401);
      const notJson = await post('{"type":', running.tokens.producer, true);
      expect(notJson.status).toBe(400);
      expect(((await notJson.json()) as { error: string }).error).toMatch(/not JSON/);
      expect(running.core.state.live.currentSegmentId).toBe('s003');
    } finally {
      mc.close();
    }
  });

  it('rejects unknown paths and methods, and rate-limits failed auth', async () => {
    expect((await fetch(`${running.url}/api/nothing`)).status).toBe(404);
    expect((await fetch(`${running.url}/api/commands`)).status).toBe(405);
    for (let i = 0; i < 10; i++)
      await fetch(`${running.url}/api/state`, { headers: { authorization: `Bearer guess${i}` } });
    const limited = await fetch(`${running.url}/api/state`, { headers: { authorization: 'Bearer guess10' } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same address with the good token still gets in (a stale link beside the console).
    const good = await fetch(`${running.url}/api/state`, {
      headers: { authorization: `Bearer ${running.tokens.producer}` },
    });
    expect(good.status).toBe(200);
  });

  it('imports a saved GET /api/state answer as a JSON rundown, as the README says', async () => {
    const producer = running.tokens.producer;
    const edited = await post(
      { type: 'updateSegment', segmentId: 's002', changes: { title: 'Saved and restored' } },
      producer,
    );
    expect(edited.status).toBe(200);
    const saved = await (
      await fetch(`${running.url}/api/state`, { headers: { authorization: `Bearer ${producer}` } })
    ).text();
    const planOf = (state: StateResponse['state']) => ({ show: state.show, segments: state.segments });
    const before = planOf((JSON.parse(saved) as StateResponse).state);

    // Into a fresh core: the saved file is its whole rundown, with no warnings about the run's fields.
    const other = tempDir();
    const fresh = await startTestCore(other.dir);
    try {
      const res = await fetch(`${fresh.url}/api/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fresh.tokens.producer}` },
        body: JSON.stringify({ type: 'importRundown', format: 'json', text: saved }),
      });
      const answer = (await res.json()) as { ok: boolean; warnings?: string[] };
      expect(answer).toMatchObject({ ok: true });
      expect(answer.warnings ?? []).toEqual([]);
      expect(planOf(fresh.core.state)).toEqual(before);
      expect(fresh.core.state.segments[1]!.title).toBe('Saved and restored');
    } finally {
      await fresh.close();
      other.remove();
    }
  });

  it('sends a strict content security policy with every response', async () => {
    const res = await fetch(`${running.url}/api/health`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});
