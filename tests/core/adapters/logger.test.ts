import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../../../core/adapters/logger.js';
import { createLogger, redactSecrets } from '../../../core/adapters/logger.js';

function collect(name: string) {
  const lines: { line: string; level: LogLevel }[] = [];
  const logger = createLogger(name, (line, level) => lines.push({ line, level }));
  return { logger, lines };
}

describe('createLogger', () => {
  it("prefixes every line with the adapter's name and hands the level to the sink", () => {
    const { logger, lines } = collect('obs');
    logger.info('connected to OBS 31.0');
    logger.warn('connection lost');
    logger.error('handler failed');
    expect(lines).toEqual([
      { line: 'obs: connected to OBS 31.0', level: 'info' },
      { line: 'obs: warning: connection lost', level: 'warn' },
      { line: 'obs: error: handler failed', level: 'error' },
    ]);
    expect(logger.name).toBe('obs');
  });

  it('takes a plain line sink, as the adapters are given one', () => {
    const lines: string[] = [];
    createLogger('slack', (line) => lines.push(line)).info('connected');
    expect(lines).toEqual(['slack: connected']);
  });

  it('redacts secrets from every level', () => {
    const { logger, lines } = collect('slack');
    logger.info('token xoxb-1-fakebottoken');
    logger.warn('token xapp-1-A0SHOWCALL-1-fakeapptoken');
    logger.error('GET /v3/videos?part=id&key=AIza-fake-key failed');
    const text = lines.map((entry) => entry.line).join('\n');
    expect(text).not.toContain('fakebottoken');
    expect(text).not.toContain('fakeapptoken');
    expect(text).not.toContain('AIza-fake-key');
  });
});

describe('redactSecrets', () => {
  it.each([
    [
      'Slack bot token',
      'auth with xoxb-123456-7890-AbCdEf failed',
      'xoxb-123456-7890-AbCdEf',
      'xoxb-[redacted]',
    ],
    [
      'Slack app-level token',
      'apps.connections.open xapp-1-A0SHOWCALL-1-wrong',
      'A0SHOWCALL-1-wrong',
      'xapp-[redacted]',
    ],
    ['Slack user token', 'xoxp-1-2-3-abc in a message', 'xoxp-1-2-3-abc', 'xoxp-[redacted]'],
    ['bearer token', 'Authorization: Bearer ya29.fake-token was refused', 'fake-token', 'Bearer [redacted]'],
    ['bearer token, any case', 'authorization: bearer abc.DEF_123-x=', 'abc.DEF_123', 'bearer [redacted]'],
    [
      'token= query parameter',
      'https://slack.com/api/x?token=s3cr3t&channel=C1',
      's3cr3t',
      'token=[redacted]&channel=C1',
    ],
    ['access_token= parameter', 'GET /oauth?access_token=a.b.c', 'a.b.c', 'access_token=[redacted]'],
    [
      'YouTube key= parameter',
      'GET https://www.googleapis.com/youtube/v3/videos?part=id&key=AIzaSyA-1234_abcd',
      'AIzaSyA-1234_abcd',
      'key=[redacted]',
    ],
    ['key= as the first parameter', '/videos?key=k3y&id=abc', 'k3y', '?key=[redacted]&id=abc'],
    [
      'a bare Google API key',
      'key AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI leaked',
      'AIzaSyDdI0hCZtE6vySjMm',
      '[redacted]',
    ],
    ['a bare Google OAuth token', 'token ya29.a0AfH6SMB-xyz leaked', 'a0AfH6SMB', 'ya29.[redacted]'],
  ])('%s', (_kind, input, secret, expected) => {
    const out = redactSecrets(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(expected);
  });

  it('leaves ordinary text, and parameters that are positions rather than secrets, alone', () => {
    const text =
      'GET /liveChat/messages?liveChatId=Cg0&pageToken=GOCy5&part=snippet: 503 (keys: 2, tokens left: 3, monkey=1)';
    expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets('connected to OBS 31.0.2 (obs-websocket 5.5.4)')).toBe(
      'connected to OBS 31.0.2 (obs-websocket 5.5.4)',
    );
  });

  it('redacts every occurrence, not just the first', () => {
    const out = redactSecrets('xoxb-1-a then xoxb-2-b, key=one&key=two');
    expect(out).toBe('xoxb-[redacted] then xoxb-[redacted], key=[redacted]&key=[redacted]');
  });
});
