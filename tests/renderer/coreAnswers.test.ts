import { describe, expect, it } from 'vitest';
import { readCommandResult } from '../../renderer/connection/commandResult.js';
import { readConnectRefusal } from '../../renderer/connection/connectRefusal.js';

describe('connect refusals', () => {
  it('reads the core’s refusal from a connect_error, and nothing else', () => {
    const refusal = { reason: 'bad-token', message: 'This join link is not valid.' };
    expect(readConnectRefusal(Object.assign(new Error('bad token'), { data: refusal }))).toEqual(refusal);
    expect(
      readConnectRefusal(
        Object.assign(new Error('x'), { data: { reason: 'rate-limited', message: 'm', retryAfterMs: 5 } }),
      ),
    ).toEqual({
      reason: 'rate-limited',
      message: 'm',
      retryAfterMs: 5,
    });
    expect(readConnectRefusal(new Error('xhr poll error'))).toBeNull();
    expect(
      readConnectRefusal(Object.assign(new Error('x'), { data: { reason: 'other', message: 'm' } })),
    ).toBeNull();
    expect(readConnectRefusal(null)).toBeNull();
  });
});

describe('command acks', () => {
  it('passes well-formed results through', () => {
    expect(readCommandResult({ ok: true, seq: 7 })).toEqual({ ok: true, seq: 7 });
    expect(readCommandResult({ ok: false, status: 409, error: 'no segment is live' })).toEqual({
      ok: false,
      status: 409,
      error: 'no segment is live',
    });
  });

  it('turns anything else into a visible error instead of trusting the type', () => {
    expect(readCommandResult(undefined)).toMatchObject({ ok: false, status: 500 });
    expect(readCommandResult({ ok: true })).toMatchObject({ ok: false, status: 500 });
    expect(readCommandResult({ ok: false, status: 418, error: 'teapot' })).toMatchObject({
      ok: false,
      status: 500,
    });
  });
});
