import madge from 'madge';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No module may import itself back, even through types: a circle means two files that cannot
 * be read, tested or moved one without the other (it was protocol ⇄ replication and the
 * deciders ⇄ decide). The renderer's store is checked for run-time circles only: zustand's
 * slices pattern has each slice name the combined store's type, which is how its docs build it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Parsing the whole tree takes a few seconds, far more on a busy 2-core machine. */
const SLOW = 120_000;

async function circles(folders: string[], skipTypeImports: boolean): Promise<string[][]> {
  const detective = { skipTypeImports, skipAsyncImports: false };
  const graph = await madge(folders, {
    baseDir: ROOT,
    fileExtensions: ['ts', 'tsx'],
    tsConfig: `${ROOT}tsconfig.json`,
    detectiveOptions: { ts: detective, tsx: detective },
  });
  // A graph that lost most files would have no circles for the wrong reason.
  expect(Object.keys(graph.obj()).length).toBeGreaterThan(folders.length * 10);
  return graph.circular();
}

describe('import circles', () => {
  it(
    'has none in shared/, core/ or electron/, type imports included',
    async () => {
      expect(await circles(['shared', 'core', 'electron'], false)).toEqual([]);
    },
    SLOW,
  );

  it(
    'has none at run time in renderer/',
    async () => {
      expect(await circles(['renderer'], true)).toEqual([]);
    },
    SLOW,
  );
});
