/**
 * A `let` that beforeAll assigns, as afterAll reads it: undefined if beforeAll failed before
 * assigning it, though TypeScript takes it as assigned. Cleanup reads it through this, so the
 * checks stay and the rest of the cleanup still runs: `await ifAssigned(core)?.close()`.
 */
export function ifAssigned<T>(value: T): T | undefined {
  return value;
}

/** A value a hook assigns, as a test reads it: throws with `missing` where the hook has not. */
export function assigned<T>(value: T | undefined, missing: string): T {
  if (value === undefined) throw new Error(missing);
  return value;
}
