import { describe, expect, it } from 'vitest';
import type { HealthResponse } from '../../shared/protocol.js';
import { chooseCore, coreCandidates } from '../../shared/coreChoice.js';
import { targetFromLocation } from '../../renderer/connectionTarget.js';
import { formatAgo, formatClockOffset } from '../../renderer/crew/crewFormat.js';
import { coreHealth } from './coreHealth.js';

const PAGE = 'http://192.168.1.20:4747';
const BACKUP = 'http://192.168.1.31:4747';
const OTHER = 'http://10.0.0.9:4747';

/** A probe over a fixed set of reachable cores, recording the order it was asked in. */
function probeOf(reachable: string[]) {
  const asked: string[] = [];
  const probe = (origin: string) => {
    asked.push(origin);
    if (origin === 'http://throws:1') return Promise.reject(new Error('network'));
    return Promise.resolve(reachable.includes(origin) ? coreHealth() : null);
  };
  return { probe, asked };
}

describe('which core a screen connects to', () => {
  it('asks every core of the link and, among equals, takes the earliest that answers', async () => {
    const { probe, asked } = probeOf([BACKUP, OTHER]);
    expect(await chooseCore([PAGE, BACKUP, OTHER], probe, PAGE)).toEqual({
      origin: BACKUP,
      reachable: true,
      term: 1,
      mode: 'primary',
    });
    expect(asked).toEqual([PAGE, BACKUP, OTHER]);
  });

  it('follows the primary with the highest term: a promoted backup wins over the old primary', async () => {
    const answers: Record<string, HealthResponse> = {
      [PAGE]: coreHealth(1, 'superseded'),
      [BACKUP]: coreHealth(2, 'primary'),
      [OTHER]: coreHealth(1, 'primary'),
    };
    const probe = (origin: string) => Promise.resolve(answers[origin] ?? null);
    expect((await chooseCore([PAGE, OTHER, BACKUP], probe, PAGE)).origin).toBe(BACKUP);
    // No primary answers: the backup (still following) shows the show until it is promoted.
    answers[BACKUP] = coreHealth(1, 'follower');
    delete answers[OTHER];
    expect((await chooseCore([PAGE, BACKUP], probe, PAGE)).origin).toBe(BACKUP);
  });

  it('treats a probe that throws as unreachable', async () => {
    const { probe } = probeOf([OTHER]);
    expect(await chooseCore(['http://throws:1', OTHER], probe, PAGE)).toMatchObject({
      origin: OTHER,
      reachable: true,
    });
  });

  it('settles on this page’s core (else the first) when none answers, and keeps trying it', async () => {
    const { probe } = probeOf([]);
    expect(await chooseCore([BACKUP, PAGE], probe, PAGE)).toMatchObject({ origin: PAGE, reachable: false });
    expect(await chooseCore([BACKUP, OTHER], probe, PAGE)).toMatchObject({
      origin: BACKUP,
      reachable: false,
    });
  });

  it('uses this page’s own core for links without a core list', () => {
    expect(coreCandidates([], PAGE)).toEqual([PAGE]);
    expect(coreCandidates([BACKUP, PAGE], PAGE)).toEqual([BACKUP, PAGE]);
  });

  it('reads the token, cores, name and view from a join link’s address', () => {
    expect(targetFromLocation('?view=stage', `#token=abc&cores=${PAGE},${BACKUP}&name=Stage%20left`)).toEqual(
      {
        url: null,
        token: 'abc',
        forcedView: 'stage',
        cores: [PAGE, BACKUP],
        name: 'Stage left',
      },
    );
    expect(() => targetFromLocation('', '#token=abc&cores=nonsense')).toThrow(/core list is broken/);
  });
});

describe('crew list wording', () => {
  it('shows clock offsets with their sign and a sensible unit', () => {
    expect(formatClockOffset(null)).toBe('measuring…');
    expect(formatClockOffset(0.3)).toBe('±0 ms');
    expect(formatClockOffset(-180)).toBe('−180 ms');
    expect(formatClockOffset(2_345)).toBe('+2.3 s');
    expect(formatClockOffset(300_200)).toBe('+5 min 0.2 s');
    expect(formatClockOffset(-180_000)).toBe('−3 min 0.0 s');
    expect(formatClockOffset(-299_980)).toBe('−5 min 0.0 s');
    expect(formatClockOffset(119_940)).toBe('+1 min 59.9 s');
  });

  it('says how long ago a screen was last heard from', () => {
    expect(formatAgo(10_000, 11_500)).toBe('just now');
    expect(formatAgo(10_000, 22_000)).toBe('12 s ago');
    expect(formatAgo(0, 3 * 60_000 + 5_000)).toBe('3 min ago');
    expect(formatAgo(0, (2 * 60 + 5) * 60_000)).toBe('2 h 5 min ago');
    // A core clock a moment behind the report is not "in the future".
    expect(formatAgo(10_000, 9_000)).toBe('just now');
  });
});
