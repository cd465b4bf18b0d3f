import type { CommandErrorStatus, CommandResult } from '../../shared/protocol.js';

const STATUSES: readonly number[] = [400, 401, 403, 409, 500, 503] satisfies CommandErrorStatus[];

/**
 * The ack of a command, checked: a typed socket says what the core should send, not what
 * arrived. Anything malformed becomes an error the producer can see.
 */
export function readCommandResult(value: unknown): CommandResult {
  if (typeof value === 'object' && value !== null) {
    const { ok, seq, status, error } = value as Record<string, unknown>;
    if (ok === true && typeof seq === 'number') return { ok: true, seq };
    if (
      ok === false &&
      typeof status === 'number' &&
      STATUSES.includes(status) &&
      typeof error === 'string'
    ) {
      return { ok: false, status: status as CommandErrorStatus, error };
    }
  }
  // JSON.stringify gives undefined for undefined (and functions), whatever its typings say.
  return {
    ok: false,
    status: 500,
    error: `The core sent an answer this screen does not understand: ${(JSON.stringify(value) as string | undefined)?.slice(0, 200)}`,
  };
}
