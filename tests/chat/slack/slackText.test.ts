import { describe, expect, it } from 'vitest';
import {
  baseReaction,
  compareTs,
  maxTs,
  slackPermalink,
  slackToPlain,
  tsMinusSeconds,
  tsToMs,
} from '../../../core/chat/slack/slackText.js';

const names = {
  user: (id: string) => ({ U0ADA: 'Ada' })[id],
  channel: (id: string) => ({ C0ASK: 'ask-the-speaker' })[id],
};

describe('Slack timestamps', () => {
  it('converts seconds.micros to integer epoch ms without float error', () => {
    expect(tsToMs('1355517523.000005')).toBe(1355517523000);
    expect(tsToMs('1700000000.999999')).toBe(1700000000999);
    expect(tsToMs('1700000000.123')).toBe(1700000000123);
  });

  it('compares numerically, not as strings or floats', () => {
    expect(compareTs('999999999.000001', '1000000000.000000')).toBeLessThan(0);
    expect(compareTs('1700000000.000010', '1700000000.000009')).toBeGreaterThan(0);
    expect(compareTs('1700000000.000100', '1700000000.000100')).toBe(0);
    expect(maxTs(null, '1.000001')).toBe('1.000001');
    expect(maxTs('2.000000', '1.999999')).toBe('2.000000');
    expect(tsMinusSeconds('1700000000.000123', 7200)).toBe('1699992800.000123');
  });
});

describe('Slack permalinks', () => {
  it('builds the archive link from the workspace URL, with the thread for replies', () => {
    expect(slackPermalink('https://normconf.slack.com/', 'C0ASK', '1700000000.000100', null)).toBe(
      'https://normconf.slack.com/archives/C0ASK/p1700000000000100',
    );
    expect(
      slackPermalink('https://normconf.slack.com/', 'C0ASK', '1700000001.000200', '1700000000.000100'),
    ).toBe(
      'https://normconf.slack.com/archives/C0ASK/p1700000001000200?thread_ts=1700000000.000100&cid=C0ASK',
    );
    expect(slackPermalink(null, 'C0ASK', '1700000000.000100', null)).toBeNull();
  });
});

describe('Slack mrkdwn to plain text', () => {
  it.each([
    ['&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;', '<script>alert(1)</script> &amp;'],
    ['hi <@U0ADA>!', 'hi @Ada!'],
    ['hi <@U0NOBODY>', 'hi @U0NOBODY'],
    ['hi <@U0NOBODY|bob>', 'hi @bob'],
    ['in <#C0ASK|ask-the-speaker>', 'in #ask-the-speaker'],
    ['in <#C0ASK>', 'in #ask-the-speaker'],
    ['in <#C0ASK|>', 'in #ask-the-speaker'],
    ['<!here> <!channel> <!everyone>', '@here @channel @everyone'],
    ['<!subteam^S0MCS|@mcs> help', '@mcs help'],
    ['<!date^1392734382^{date_short}|Feb 18, 2014>', 'Feb 18, 2014'],
    ['see <https://normconf.com|the site>', 'see the site (https://normconf.com)'],
    ['see <https://normconf.com>', 'see https://normconf.com'],
    ['see <https://normconf.com|normconf.com>', 'see normconf.com'],
    ['<https://x.io/?a=1&amp;b=2|a &amp; b>', 'a & b (https://x.io/?a=1&b=2)'],
    ['mail <mailto:mc@normconf.com|mc@normconf.com>', 'mail mc@normconf.com'],
    ['*bold* _it_ :tada: `code`', '*bold* _it_ :tada: `code`'],
    ['עברית <@U0ADA> 😀', 'עברית @Ada 😀'],
  ])('%s', (input, expected) => {
    expect(slackToPlain(input, names)).toBe(expected);
  });
});

describe('reactions', () => {
  it('treats skin tones as the same reaction', () => {
    expect(baseReaction('+1::skin-tone-4')).toBe('+1');
    expect(baseReaction('question')).toBe('question');
  });
});
