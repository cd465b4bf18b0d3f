import { describe, expect, it } from 'vitest';
import type { CoreRoleState, TermWatch } from '../../../core/runtime/coreRole.js';
import { CoreRole, nextRoleState } from '../../../core/runtime/coreRole.js';

const PRIMARY: CoreRoleState = { mode: 'primary' };
const FOLLOWER: CoreRoleState = { mode: 'follower', status: null };
const SUPERSEDED: CoreRoleState = { mode: 'superseded', by: { term: 2, url: 'http://b:4747' } };

describe('nextRoleState: the only way a core changes mode', () => {
  it('promotes and resumes only a follower', () => {
    expect(nextRoleState(FOLLOWER, { type: 'promote' })).toEqual({ ok: true, state: PRIMARY });
    expect(nextRoleState(FOLLOWER, { type: 'resume' })).toEqual({ ok: true, state: PRIMARY });
    for (const state of [PRIMARY, SUPERSEDED]) {
      expect(nextRoleState(state, { type: 'promote' })).toEqual({
        ok: false,
        error: `this core is the ${state.mode}, not a following backup`,
      });
      expect(nextRoleState(state, { type: 'resume' }).ok).toBe(false);
    }
  });

  it('supersedes a primary, and a superseded core only by a higher term; never a follower', () => {
    const by3 = { term: 3, url: null };
    expect(nextRoleState(PRIMARY, { type: 'supersede', by: by3 })).toEqual({
      ok: true,
      state: { mode: 'superseded', by: by3 },
    });
    expect(nextRoleState(SUPERSEDED, { type: 'supersede', by: by3 })).toEqual({
      ok: true,
      state: { mode: 'superseded', by: by3 },
    });
    expect(nextRoleState(SUPERSEDED, { type: 'supersede', by: { term: 2, url: null } }).ok).toBe(false);
    expect(nextRoleState(FOLLOWER, { type: 'supersede', by: by3 }).ok).toBe(false);
  });
});

/** A role whose effects write what happened, in order, to `log`. */
function recordingRole(initial: 'primary' | 'follower', options: { adaptersFail?: boolean } = {}) {
  const log: string[] = [];
  const role = new CoreRole({
    initial,
    log: () => undefined,
    adapters: {
      start: () => {
        log.push('adapters started');
        return options.adaptersFail ? Promise.reject(new Error('port busy')) : Promise.resolve();
      },
      stopReplaced: () => {
        log.push('adapters stopped');
        return Promise.resolve();
      },
    },
  });
  role.on('change', (state) => log.push(`change: ${state.mode}`));
  const watch = (): TermWatch => {
    log.push('term watch started');
    return { stop: () => log.push('term watch stopped'), checkNow: () => log.push('terms checked') };
  };
  return { role, log, watch };
}

describe('CoreRole: what each transition does', () => {
  it('promotes: following stops (every record kept), the adapters start, then the term is journaled as primary', async () => {
    const { role, log, watch } = recordingRole('follower');
    role.watchTerms(watch);
    role.follow({
      stop: () => {
        log.push('following stopped');
        return Promise.resolve();
      },
    });
    role.checkTerms(); // not watching while following
    const result = await role.promote((becomePrimary) => {
      log.push(`journal term as ${role.mode}`);
      becomePrimary();
      log.push(`journaled as ${role.mode}; refusal: ${role.refusal()}`);
      return Promise.resolve({ ok: true, seq: 7 });
    });
    expect(result).toEqual({ ok: true, seq: 7 });
    expect(log).toEqual([
      'following stopped',
      'adapters started',
      'journal term as follower',
      'term watch started',
      'journaled as primary; refusal: null',
      'change: primary',
    ]);
  });

  it('refuses a second promotion while one is under way, and any promotion of a primary', async () => {
    const { role } = recordingRole('follower');
    let finish!: () => void;
    const first = role.promote(
      (becomePrimary) =>
        new Promise((resolve) => {
          finish = () => {
            becomePrimary();
            resolve({ ok: true, seq: 1 });
          };
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await role.promote(() => Promise.resolve({ ok: true, seq: 2 }))).toEqual({
      ok: false,
      status: 409,
      error: 'a promotion of this core is already under way',
    });
    finish();
    expect(await first).toEqual({ ok: true, seq: 1 });
    expect(await role.promote(() => Promise.resolve({ ok: true, seq: 3 }))).toEqual({
      ok: false,
      status: 409,
      error: 'this core is the primary, not a following backup',
    });
  });

  it('stays a follower that says why when its adapters fail to start', async () => {
    const { role, log } = recordingRole('follower', { adaptersFail: true });
    const result = await role.promote(() => Promise.resolve({ ok: true, seq: 1 }));
    expect(result).toEqual({ ok: false, status: 500, error: 'not promoted: port busy' });
    expect(role.mode).toBe('follower');
    expect(log).toEqual(['adapters started']);
  });

  it('supersedes a primary: its term watch and adapters stop, commands are refused with who replaced it', async () => {
    const { role, log, watch } = recordingRole('primary');
    await role.startPrimary();
    role.watchTerms(watch);
    role.checkTerms();
    await role.supersede({ term: 2, url: 'http://backup:4747' });
    await role.supersede({ term: 2, url: 'http://elsewhere:4747' }); // not higher: nothing happens
    expect(role.refusal()).toBe(
      "this core was replaced by a promoted backup (term 2 at http://backup:4747); its state is no longer the show's",
    );
    expect(log).toEqual([
      'adapters started',
      'term watch started',
      'terms checked',
      'term watch stopped',
      'change: superseded',
      'adapters stopped',
    ]);
  });

  it('resumes a promoted backup restarted with --follow: it runs the show and starts its adapters', async () => {
    const { role, log } = recordingRole('follower');
    await role.resume();
    expect(role.mode).toBe('primary');
    expect(log).toEqual(['change: primary', 'adapters started']);
  });
});
