import { describe, expect, it } from 'vitest';
import { pickStageDisplay } from '../../electron/stageDisplay.js';

const display = (id: number, internal: boolean, x = 0) => ({
  id,
  internal,
  bounds: { x, y: 0, width: 1920, height: 1080 },
});

describe('pickStageDisplay', () => {
  it('is null with a single display', () => {
    expect(pickStageDisplay([display(1, true)], 1)).toBeNull();
  });

  it('picks a display that is not the primary one', () => {
    expect(pickStageDisplay([display(1, false), display(2, false, 1920)], 1)?.id).toBe(2);
  });

  it('prefers an external screen to a laptop panel when the primary is external', () => {
    expect(
      pickStageDisplay([display(1, false), display(2, true, -1920), display(3, false, 1920)], 1)?.id,
    ).toBe(3);
  });

  it('falls back to the built-in panel when it is the only other display', () => {
    expect(pickStageDisplay([display(7, false), display(2, true, -1920)], 7)?.id).toBe(2);
  });
});
