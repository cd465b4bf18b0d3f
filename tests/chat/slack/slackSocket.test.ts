import type { SocketModeClient } from '@slack/socket-mode';
import { LogLevel } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/adapters/logger.js';
import { disconnectQuietly, openSocket, slackLogger } from '../../../core/chat/slack/slackSocket.js';

describe("the Slack libraries' logging", () => {
  it('passes warnings and errors into the adapter log, redacted, and drops debug/info by default', () => {
    const lines: string[] = [];
    const log = slackLogger(createLogger('slack', (line) => lines.push(line)));
    log.debug('debug detail');
    log.info('info detail');
    log.warn('socket closed with xapp-1-A0SHOWCALL-1-fakeapptoken');
    log.error('apps.connections.open failed', 'Bearer xoxb-1-secret');
    expect(lines).toEqual([
      'slack: warning: (library) socket closed with xapp-[redacted]',
      'slack: error: (library) apps.connections.open failed Bearer [redacted]',
    ]);
  });

  it('follows the level the library sets', () => {
    const lines: string[] = [];
    const log = slackLogger(createLogger('slack', (line) => lines.push(line)));
    log.setLevel(LogLevel.ERROR);
    log.warn('now hidden');
    log.error('still shown');
    expect(log.getLevel()).toBe(LogLevel.ERROR);
    expect(lines).toEqual(['slack: error: (library) still shown']);
  });
});

describe('opening and closing the socket', () => {
  it('openSocket gives up with a clear message when Slack never says hello', async () => {
    const silent = { start: () => new Promise<never>(() => undefined) } as unknown as SocketModeClient;
    await expect(openSocket(silent, 50)).rejects.toThrow('Slack did not open the connection within 0.05 s');
  });

  it('disconnectQuietly settles even when the library throws or hangs', async () => {
    const throwing = {
      disconnect: () => Promise.reject(new Error('already closed')),
    } as unknown as SocketModeClient;
    await expect(disconnectQuietly(throwing)).resolves.toBeUndefined();
    const hanging = { disconnect: () => new Promise<void>(() => undefined) } as unknown as SocketModeClient;
    await expect(disconnectQuietly(hanging)).resolves.toBeUndefined();
  });
});
