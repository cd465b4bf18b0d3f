/**
 * One logger for every adapter: `createLogger('obs')` gives info/warn/error that prefix each line
 * with the adapter's name (`obs: connected…`, `slack: warning: …`), so one process log tells who
 * spoke, and that pass every message through `redactSecrets` first, so a token an error message
 * happened to quote (a URL with `key=`, an `Authorization: Bearer …` header, a Slack token) never
 * reaches a log. The sink is injectable (tests collect lines); without one, lines go to the
 * console (info → log, warn → warn, error → error).
 */

export type LogLevel = 'info' | 'warn' | 'error';

/** Where finished lines go. A plain `(line) => void`, as the adapters take in their options, fits. */
export type LogSink = (line: string, level: LogLevel) => void;

export interface Logger {
  readonly name: string;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const REDACTED = '[redacted]';

/** Each pattern keeps what names the secret (its kind, its parameter) and hides the value. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // HTTP authorization headers and their echoes in error messages.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/gi, `$1 ${REDACTED}`],
  // Slack tokens: bot (xoxb-), user (xoxp-), app-level (xapp-), and the other xox? kinds.
  [/\b(xox[abeoprs]|xapp)-[A-Za-z0-9-]+/g, `$1-${REDACTED}`],
  // Query parameters and key=value pairs that carry a credential (YouTube's key=, OAuth's
  // access_token=, token=…). Not pageToken= and the like: those are positions, not secrets.
  [
    /(^|[^A-Za-z0-9_-])((?:api_?key|key|token|access_token|refresh_token|id_token|client_secret|password)=)[^&\s#"'<>]+/gi,
    `$1$2${REDACTED}`,
  ],
  // Google API keys and OAuth access tokens quoted on their own.
  [/\bAIza[0-9A-Za-z_-]{20,}/g, REDACTED],
  [/\bya29\.[0-9A-Za-z._-]+/g, `ya29.${REDACTED}`],
];

/** `text` with every credential it contains replaced by "[redacted]". */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const consoleSink: LogSink = (line, level) => {
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

/** A sink that drops everything: for adapters whose caller passed no log. */
export const silentSink: LogSink = () => undefined;

export function createLogger(name: string, sink: LogSink = consoleSink): Logger {
  const prefix = `${name}: `;
  const write = (level: LogLevel, message: string): void => {
    const marker = level === 'info' ? '' : level === 'warn' ? 'warning: ' : 'error: ';
    sink(redactSecrets(`${prefix}${marker}${message}`), level);
  };
  return {
    name,
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message) => write('error', message),
  };
}
