import { describe, expect, it } from 'vitest';
import {
  AdapterHealthFields,
  HEALTH_LEVELS,
  MAX_HEALTH_REASON,
  healthReason,
} from '../../shared/adapterHealth.js';
import { CHAT_HEALTH, CHAT_SOURCE_STATES, ChatLiveMessage } from '../../shared/chat.js';
import {
  OBS_CONNECTION_STATUSES,
  OBS_HEALTH,
  ObsConnectionInfo,
  initialConnectionInfo,
} from '../../shared/obs.js';

describe('one health shape for every adapter', () => {
  it('maps every OBS status and every chat state onto a level', () => {
    for (const status of OBS_CONNECTION_STATUSES) expect(HEALTH_LEVELS).toContain(OBS_HEALTH[status]);
    for (const state of CHAT_SOURCE_STATES) expect(HEALTH_LEVELS).toContain(CHAT_HEALTH[state]);
    // The levels that ask for the producer agree between adapters.
    expect(OBS_HEALTH['auth-failed']).toBe('stopped');
    expect(CHAT_HEALTH.stopped).toBe('stopped');
    expect(OBS_HEALTH.reconnecting).toBe(CHAT_HEALTH.reconnecting);
  });

  it('carries reason, since and retryAt under the same names in OBS and chat statuses', () => {
    const fields = Object.keys(AdapterHealthFields.shape);
    expect(fields).toEqual(['reason', 'since', 'retryAt']);
    for (const field of fields) expect(Object.keys(ObsConnectionInfo.shape)).toContain(field);
    expect(initialConnectionInfo(5)).toMatchObject({ retryAt: null, since: 5 });
    const chatFields = Object.keys(ChatLiveMessage.shape.sources.element.shape);
    for (const field of fields) expect(chatFields).toContain(field);
  });

  it('clips a reason to what the wire carries, and the wire refuses a longer one', () => {
    const long = 'x'.repeat(MAX_HEALTH_REASON + 500);
    expect(healthReason(long)!.length).toBeLessThanOrEqual(MAX_HEALTH_REASON);
    expect(healthReason(null)).toBeNull();
    expect(healthReason('fine')).toBe('fine');
    const info = { ...initialConnectionInfo(0), reason: long };
    expect(ObsConnectionInfo.safeParse(info).success).toBe(false);
    expect(ObsConnectionInfo.safeParse({ ...info, reason: healthReason(long) }).success).toBe(true);
  });
});
