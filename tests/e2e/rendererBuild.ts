import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const RENDERER_DIST = path.join(PROJECT_ROOT, 'dist', 'renderer');
const BUILT_INDEX = path.join(RENDERER_DIST, 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * `npm test` builds first (pretest), but `vitest run --project e2e` does not: build here when
 * the bundle is missing or older than its sources, so the browser never tests yesterday's UI.
 */
export function ensureRendererBuilt(): void {
  const sources = Math.max(
    newestMtime(path.join(PROJECT_ROOT, 'renderer')),
    newestMtime(path.join(PROJECT_ROOT, 'shared')),
    statSync(path.join(PROJECT_ROOT, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(BUILT_INDEX) && statSync(BUILT_INDEX).mtimeMs >= sources) return;
  execFileSync(
    process.execPath,
    [path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
    {
      cwd: PROJECT_ROOT,
      stdio: 'pipe',
    },
  );
  if (!existsSync(BUILT_INDEX)) throw new Error(`vite build did not produce ${BUILT_INDEX}`);
}
