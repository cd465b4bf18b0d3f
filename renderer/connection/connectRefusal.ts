import type { ConnectRefusal } from '../../shared/protocol.js';

const REASONS: readonly string[] = [
  'missing-token',
  'bad-token',
  'rate-limited',
] satisfies ConnectRefusal['reason'][];

/** socket.io's `connect_error` carries the core's refusal in `err.data`; anything else is a network error. */
export function readConnectRefusal(error: unknown): ConnectRefusal | null {
  if (typeof error !== 'object' || error === null) return null;
  const data = (error as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return null;
  const { reason, message, retryAfterMs } = data as Record<string, unknown>;
  if (typeof reason !== 'string' || !REASONS.includes(reason) || typeof message !== 'string') return null;
  return {
    reason: reason as ConnectRefusal['reason'],
    message,
    ...(typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) ? { retryAfterMs } : {}),
  };
}
