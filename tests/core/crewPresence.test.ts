import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningCore } from '../../core/server.js';
import type { CrewMember, CrewPresenceMessage, DisconnectNotice } from '../../shared/crew.js';
import type { ShowEvent } from '../../shared/events.js';
import { parseJoinLink } from '../../shared/joinLink.js';
import type { Role } from '../../shared/roles.js';
import { CrewClient, refusalOf, startTestCore, tempDir } from './harness.js';

/** The core's clock, moved by hand: connectedAt and lastSeenAt are then exact. */
const START = 1_800_000_000_000;
let clock = START;
let data: ReturnType<typeof tempDir>;
let running: RunningCore;
const clients: CrewClient[] = [];

beforeEach(async () => {
  clock = START;
  data = tempDir();
  running = await startTestCore(data.dir, { now: () => clock });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await running.close();
  data.remove();
});

/** A crew client that also keeps every crew list and close notice it is sent. */
class Watcher extends CrewClient {
  crews: CrewPresenceMessage[] = [];
  notices: DisconnectNotice[] = [];
  disconnectReason: string | null = null;
  constructor(url: string, token: string, clientName?: string) {
    super(url, token, { clientName });
    this.socket.on('crew', (crew) => this.crews.push(crew));
    this.socket.on('disconnectedBy', (notice) => this.notices.push(notice));
    this.socket.on('disconnect', (reason) => (this.disconnectReason = reason));
  }
  get latest(): CrewPresenceMessage | undefined {
    return this.crews.at(-1);
  }
  member(clientId: string | undefined): CrewMember | undefined {
    return this.latest?.members.find((m) => m.clientId === clientId);
  }
}

async function open(role: Role, name?: string): Promise<Watcher> {
  const client = await new Watcher(running.url, running.tokens[role], name).ready();
  clients.push(client);
  return client;
}

function journalEvents(): ShowEvent[] {
  const text = readFileSync(path.join(data.dir, 'shows', running.showId, 'journal.ndjson'), 'utf8');
  return text
    .trim()
    .split('\n')
    .flatMap((line) => (JSON.parse(line) as { events: ShowEvent[] }).events);
}

function journalText(): string {
  return readFileSync(path.join(data.dir, 'shows', running.showId, 'journal.ndjson'), 'utf8');
}

describe('crew presence', () => {
  it('lists name, role, since, last seen and the clock offset each screen reports', async () => {
    const producer = await open('producer', 'Producer desk');
    clock = START + 2_000;
    const mc = await open('mc', 'MC Ann');
    await expect.poll(() => producer.member(mc.socket.id)).toBeDefined();
    expect(producer.member(mc.socket.id)?.address).toMatch(/127\.0\.0\.1/);
    expect(producer.member(mc.socket.id)).toMatchObject({
      name: 'MC Ann',
      role: 'mc',
      connectedAt: START + 2_000,
      lastSeenAt: START + 2_000,
      clockOffsetMs: null,
    });
    expect(producer.member(producer.socket.id)).toMatchObject({ name: 'Producer desk', connectedAt: START });
    expect(producer.latest?.members.map((m) => m.role)).toEqual(['producer', 'mc']);

    // The MC's laptop is 5 minutes slow: it says so after its clock pings.
    clock = START + 9_000;
    mc.socket.emit('clockReport', { offsetMs: 300_000.4, rttMs: 3.6 });
    await expect.poll(() => producer.member(mc.socket.id)?.clockOffsetMs).toBe(300_000);
    expect(producer.member(mc.socket.id)).toMatchObject({ clockRttMs: 4, lastSeenAt: START + 9_000 });

    // Any message counts as a sign of life; a malformed report changes nothing else.
    clock = START + 15_000;
    mc.socket.emit('clockReport', { offsetMs: 'soon', rttMs: 1 } as never);
    await mc.socket.emitWithAck('clockPing', Date.now());
    await expect.poll(() => producer.member(mc.socket.id)?.lastSeenAt).toBe(START + 15_000);
    expect(producer.member(mc.socket.id)?.clockOffsetMs).toBe(300_000);

    const mcId = mc.socket.id;
    mc.close();
    await expect.poll(() => producer.latest?.members.map((m) => m.clientId)).toEqual([producer.socket.id]);
    expect(mcId).toBeDefined();
  });

  it('names an unnamed screen by its browser, and sends the list to producer and backup only', async () => {
    const backup = await open('backup');
    const viewer = await open('viewer');
    const moderator = await open('moderator');
    await expect.poll(() => backup.latest?.members.length).toBe(3);
    // A Node client sends no browser user agent.
    expect(backup.member(viewer.socket.id)?.name).toMatch(/^(unnamed client|script)$/);
    expect(viewer.crews).toEqual([]);
    expect(moderator.crews).toEqual([]);
  });

  it('puts a join link per role in the list, with the current tokens and this core’s address', async () => {
    const producer = await open('producer');
    await expect.poll(() => producer.latest).toBeDefined();
    for (const role of ['producer', 'backup', 'mc', 'moderator', 'viewer'] as const) {
      const link = parseJoinLink(producer.latest!.joinLinks[role]!);
      expect(link).toEqual({ token: running.tokens[role], cores: [running.url] });
    }
  });
});

describe('revoking a role’s link', () => {
  it('disconnects every holder of the old token at once, who cannot come back with it', async () => {
    const producer = await open('producer', 'Producer desk');
    const mcs = [await open('mc', 'MC Ann'), await open('mc', 'MC Bo')];
    const viewer = await open('viewer');
    const oldToken = running.tokens.mc;
    clock = START + 60_000;

    const result = await producer.send({ type: 'revokeToken', role: 'mc' });
    expect(result).toMatchObject({ ok: true });
    for (const mc of mcs) {
      await expect.poll(() => mc.disconnectReason).toBe('io server disconnect');
      expect(mc.notices).toEqual([
        {
          reason: 'revoked',
          message: 'Producer desk (producer) revoked this join link. Ask the producer for a new one.',
          by: { role: 'producer', clientId: producer.socket.id, name: 'Producer desk' },
          at: START + 60_000,
        },
      ]);
    }
    expect(viewer.socket.connected).toBe(true);

    expect(running.tokens.mc).not.toBe(oldToken);
    expect((await refusalOf(running.url, oldToken)).reason).toBe('bad-token');
    const api = await fetch(`${running.url}/api/state`, { headers: { authorization: `Bearer ${oldToken}` } });
    expect(api.status).toBe(401);
    // The new link works, and the producer's panel already shows it.
    const fresh = await open('mc');
    expect(fresh.hello?.role).toBe('mc');
    await expect.poll(() => parseJoinLink(producer.latest!.joinLinks.mc!).token).toBe(running.tokens.mc);

    const revoked = journalEvents().filter((e) => e.type === 'tokenRevoked');
    expect(revoked).toEqual([
      {
        type: 'tokenRevoked',
        role: 'mc',
        by: { role: 'producer', clientId: producer.socket.id, name: 'Producer desk' },
        at: START + 60_000,
        disconnected: 2,
      },
    ]);
    expect(journalText()).not.toContain(oldToken);
    expect(journalText()).not.toContain(running.tokens.mc);
  });

  it('is refused for one’s own role, and lets the backup revoke the producer once it holds control', async () => {
    const producer = await open('producer');
    const backup = await open('backup', 'Backup laptop');
    const before = running.tokens.producer;
    const own = await producer.send({ type: 'revokeToken', role: 'producer' });
    expect(own).toMatchObject({ ok: false, status: 409 });
    expect(own.ok ? '' : own.error).toMatch(/would lock this screen out/);
    expect(running.tokens.producer).toBe(before);

    // Locking a screen out is running the show: a standby console cannot do it by a stray click.
    expect(await backup.send({ type: 'revokeToken', role: 'producer' })).toEqual({
      ok: false,
      status: 409,
      error: 'nobody has control yet; take control first',
    });
    // The producer's first show command takes control; then the backup is refused until it takes it.
    expect(await producer.send({ type: 'sendMessage', preset: 'wrapUp' })).toMatchObject({ ok: true });
    expect(await backup.send({ type: 'kickClient', clientId: producer.socket.id! })).toEqual({
      ok: false,
      status: 409,
      error: 'the producer has control',
    });
    expect(running.tokens.producer).toBe(before);
    expect(await backup.send({ type: 'takeControl' })).toMatchObject({ ok: true });
    expect(await backup.send({ type: 'revokeToken', role: 'producer' })).toMatchObject({ ok: true });
    await expect.poll(() => producer.disconnectReason).toBe('io server disconnect');
    expect(producer.notices[0]?.message).toBe(
      'Backup laptop (backup) revoked this join link. Ask the producer for a new one.',
    );
    expect((await refusalOf(running.url, before)).reason).toBe('bad-token');
  });

  it('works over the HTTP API too, recorded with the role that asked', async () => {
    const mc = await open('mc');
    const res = await fetch(`${running.url}/api/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${running.tokens.producer}` },
      body: JSON.stringify({ type: 'revokeToken', role: 'mc' }),
    });
    expect(res.status).toBe(200);
    await expect.poll(() => mc.disconnectReason).toBe('io server disconnect');
    expect(mc.notices[0]?.message).toBe(
      'The producer revoked this join link. Ask the producer for a new one.',
    );
    expect(journalEvents().at(-1)).toMatchObject({
      type: 'tokenRevoked',
      by: { role: 'producer', clientId: null, name: null },
      disconnected: 1,
    });
  });
});

describe('kicking one screen', () => {
  it('disconnects that screen only; it may come back with the same link', async () => {
    const producer = await open('producer', 'Producer desk');
    const stale = await open('mc', 'Old tab');
    const other = await open('mc', 'MC Ann');
    clock = START + 5_000;
    const staleId = stale.socket.id!;
    expect(await producer.send({ type: 'kickClient', clientId: staleId })).toMatchObject({ ok: true });
    await expect.poll(() => stale.disconnectReason).toBe('io server disconnect');
    expect(stale.notices[0]).toMatchObject({
      reason: 'kicked',
      message:
        'Producer desk (producer) disconnected this screen. Reconnect when you are ready; your link still works.',
    });
    expect(other.socket.connected).toBe(true);
    await expect.poll(() => producer.member(stale.socket.id ?? 'gone')).toBeUndefined();

    // A kick is not a ban: the same token connects again.
    const back = await open('mc', 'Old tab');
    expect(back.hello?.role).toBe('mc');
    expect(journalEvents().filter((e) => e.type === 'clientKicked')).toEqual([
      {
        type: 'clientKicked',
        clientId: staleId,
        name: 'Old tab',
        role: 'mc',
        by: { role: 'producer', clientId: producer.socket.id, name: 'Producer desk' },
        at: START + 5_000,
      },
    ]);
  });

  it('says so when the screen has gone, or is the sender itself', async () => {
    const producer = await open('producer');
    const seq = running.core.seq;
    expect(await producer.send({ type: 'kickClient', clientId: 'no-such-client' })).toEqual({
      ok: false,
      status: 409,
      error: 'that client is not connected (it may have left already)',
    });
    expect(await producer.send({ type: 'kickClient', clientId: producer.socket.id! })).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(producer.socket.connected).toBe(true);
    expect(running.core.seq).toBe(seq);
  });
});

describe('who may', () => {
  it('refuses revoke and kick to every role but producer and backup, and changes nothing', async () => {
    const producer = await open('producer');
    const tokensBefore = { ...running.tokens };
    const seq = running.core.seq;
    for (const role of ['mc', 'moderator', 'viewer'] as const) {
      const client = await open(role);
      expect(await client.send({ type: 'revokeToken', role: 'producer' })).toEqual({
        ok: false,
        status: 403,
        error: `the ${role} role may not revokeToken`,
      });
      expect(await client.send({ type: 'kickClient', clientId: producer.socket.id! })).toEqual({
        ok: false,
        status: 403,
        error: `the ${role} role may not kickClient`,
      });
      const res = await fetch(`${running.url}/api/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${running.tokens[role]}` },
        body: JSON.stringify({ type: 'revokeToken', role: 'mc' }),
      });
      expect(res.status).toBe(403);
      expect(client.crews).toEqual([]);
    }
    expect(producer.socket.connected).toBe(true);
    expect({ ...running.tokens }).toEqual(tokensBefore);
    expect(running.core.seq).toBe(seq);
  });

  it('rejects a malformed revoke with the zod reason', async () => {
    const producer = await open('producer');
    const malformed: Record<string, unknown> = { type: 'revokeToken', role: 'admin' };
    const result = await producer.send(malformed);
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(result.ok ? '' : result.error).toMatch(/^role: /);
  });
});
