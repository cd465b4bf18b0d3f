import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create } from 'tar';
import { build } from 'vite';

/**
 * Builds the module as Companion installs it: `pkg/` holds one bundled `main.js` (the module,
 * @companion-module/base, socket.io-client and zod in one CommonJS file, for the Node that
 * Companion ships), `companion/manifest.json` with the API version of the base it was built
 * against, `companion/HELP.md`, and a package.json; `showcaller-<version>.tgz` is that folder
 * for Companion's "Import module package". Run with `npm run build:companion`.
 */

const MODULE_DIR = path.dirname(fileURLToPath(import.meta.url));
const PKG_DIR = path.join(MODULE_DIR, 'pkg');

interface Manifest {
  id: string;
  version: string;
  runtime: { apiVersion: string; entrypoint: string };
}

export async function buildCompanionModule(): Promise<{ dir: string; tarball: string; manifest: Manifest }> {
  rmSync(PKG_DIR, { recursive: true, force: true });
  await build({
    configFile: false,
    root: MODULE_DIR,
    logLevel: 'warn',
    build: {
      ssr: path.join(MODULE_DIR, 'src/main.ts'),
      outDir: PKG_DIR,
      emptyOutDir: true,
      target: 'node22',
      minify: false,
      rolldownOptions: { output: { format: 'cjs', entryFileNames: 'main.js' } },
    },
    ssr: { noExternal: true, target: 'node' },
  });

  const require = createRequire(import.meta.url);
  const base = JSON.parse(readFileSync(require.resolve('@companion-module/base/package.json'), 'utf8')) as {
    version: string;
  };
  const source = JSON.parse(
    readFileSync(path.join(MODULE_DIR, 'companion/manifest.json'), 'utf8'),
  ) as Manifest;
  const manifest: Manifest = {
    ...source,
    runtime: { ...source.runtime, apiVersion: base.version, entrypoint: '../main.js' },
  };
  const { $schema: _schema, ...published } = manifest as Manifest & { $schema?: string };
  mkdirSync(path.join(PKG_DIR, 'companion'), { recursive: true });
  writeFileSync(path.join(PKG_DIR, 'companion/manifest.json'), `${JSON.stringify(published, null, 2)}\n`);
  cpSync(path.join(MODULE_DIR, 'companion/HELP.md'), path.join(PKG_DIR, 'companion/HELP.md'));
  writeFileSync(
    path.join(PKG_DIR, 'package.json'),
    `${JSON.stringify({ name: `companion-module-${manifest.id}`, version: manifest.version, main: 'main.js', type: 'commonjs' }, null, 2)}\n`,
  );

  const tarball = path.join(MODULE_DIR, `${manifest.id}-${manifest.version}.tgz`);
  await create({ gzip: true, file: tarball, cwd: MODULE_DIR, portable: true }, ['pkg']);
  return { dir: PKG_DIR, tarball, manifest: published };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildCompanionModule();
  console.log(
    `built ${path.relative(process.cwd(), built.tarball)} (Companion API ${built.manifest.runtime.apiVersion})`,
  );
}
