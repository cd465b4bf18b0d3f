import { SocketModeClient } from '@slack/socket-mode';
import { LogLevel } from '@slack/web-api';
import type { Logger } from '@slack/web-api';
import type { SlackSettings } from '../../../shared/chatSettings.js';
import type { Logger as AdapterLogger } from '../../adapters/logger.js';

/**
 * The Slack libraries' side of the Socket Mode connection: the client as this adapter wants it
 * (no reconnecting of its own, one HTTP request per attempt), opening it within a time limit,
 * closing it without hanging, and the libraries' logging routed into the adapter's logger.
 */

export function socketModeClient(
  settings: SlackSettings,
  logger: Logger,
  requestTimeoutMs: number,
): SocketModeClient {
  return new SocketModeClient({
    appToken: settings.appToken,
    // Reconnecting is ours: the library's loop retries apps.connections.open up to 100 times,
    // and a token error during its reconnect is an unhandled rejection.
    autoReconnectEnabled: false,
    logger,
    clientOptions: {
      slackApiUrl: settings.slackApiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: requestTimeoutMs,
    },
  });
}

/** apps.connections.open, the websocket and Slack's hello, within `timeoutMs`. */
export async function openSocket(socket: SocketModeClient, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Slack did not open the connection within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([socket.start(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function disconnectQuietly(socket: SocketModeClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      socket.disconnect().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 2_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The libraries' logging, warnings and errors only, into our log (they never log tokens at these
 * levels, and the adapter logger redacts any that slip through).
 */
export function slackLogger(log: AdapterLogger): Logger {
  const order = [LogLevel.ERROR, LogLevel.WARN, LogLevel.INFO, LogLevel.DEBUG];
  let level = LogLevel.WARN;
  const write =
    (at: LogLevel) =>
    (...parts: unknown[]): void => {
      if (order.indexOf(at) > order.indexOf(level)) return;
      const line = `(library) ${parts.map((part) => String(part)).join(' ')}`;
      if (at === LogLevel.ERROR) log.error(line);
      else if (at === LogLevel.WARN) log.warn(line);
      else log.info(line);
    };
  return {
    debug: write(LogLevel.DEBUG),
    info: write(LogLevel.INFO),
    warn: write(LogLevel.WARN),
    error: write(LogLevel.ERROR),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
