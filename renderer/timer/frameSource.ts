/**
 * An external store driven by requestAnimationFrame that wakes React only when `keyOf` of the
 * computed value changes. A countdown recomputes every frame (cheap arithmetic) but touches
 * the DOM once a second, which is what keeps a 15-hour show's CPU flat.
 */
export interface FrameSource<T> {
  subscribe: (listener: () => void) => () => void;
  getSnapshot: () => T;
}

export function createFrameSource<T>(compute: () => T, keyOf: (value: T) => string): FrameSource<T> {
  let current = compute();
  let currentKey = keyOf(current);
  const refresh = (): boolean => {
    const next = compute();
    const key = keyOf(next);
    if (key === currentKey) return false;
    current = next;
    currentKey = key;
    return true;
  };
  return {
    subscribe(listener) {
      let frame = 0;
      const loop = () => {
        if (refresh()) listener();
        frame = requestAnimationFrame(loop);
      };
      frame = requestAnimationFrame(loop);
      return () => cancelAnimationFrame(frame);
    },
    getSnapshot: () => current,
  };
}
