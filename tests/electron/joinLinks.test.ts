import { describe, expect, it } from 'vitest';
import { formatJoinLinks } from '../../electron/joinLinks.js';
import { ROLES } from '../../shared/roles.js';

describe('"Copy join links"', () => {
  it('lists each role, then each OBS overlay on the viewer token', () => {
    const joinUrls = Object.fromEntries(
      ROLES.map((role) => [role, `http://10.0.0.5:4747/?token=${role}-secret`]),
    ) as Record<(typeof ROLES)[number], string>;
    const lines = formatJoinLinks('normconf-2022', joinUrls).split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'Showcaller join links for show "normconf-2022"',
      ...ROLES.map((role) => `${role}: http://10.0.0.5:4747/?token=${role}-secret`),
    ]);
    expect(lines[6]).toMatch(/^OBS overlays/);
    expect(lines.slice(7)).toEqual([
      '  lower third: http://10.0.0.5:4747/?token=viewer-secret&view=overlay-lower-third',
      '  on-air question: http://10.0.0.5:4747/?token=viewer-secret&view=overlay-question',
      '  next talk (breaks): http://10.0.0.5:4747/?token=viewer-secret&view=overlay-next',
      '  countdown: http://10.0.0.5:4747/?token=viewer-secret&view=overlay-countdown',
    ]);
  });
});
