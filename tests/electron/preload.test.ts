import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { DESKTOP_BRIDGE_GLOBAL, DESKTOP_CHANNELS } from '../../shared/desktopBridge.js';

const PRELOAD_PATH = fileURLToPath(new URL('../../electron/preload.cts', import.meta.url));
const source = readFileSync(PRELOAD_PATH, 'utf8');

/**
 * Runs the preload as the sandbox would (CommonJS, `require` that knows only `electron`)
 * against a fake electron, and looks at what it exposes to the page.
 */
function runPreload() {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'preload.cts',
  });
  const exposed: { name: string; api: Record<string, unknown> }[] = [];
  const ipcRenderer = {
    invoke: vi.fn((channel: string) =>
      Promise.resolve({ channel, url: 'http://127.0.0.1:4747', token: 't' }),
    ),
    send: vi.fn(),
    on: vi.fn(),
  };
  const electron = {
    contextBridge: {
      exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.push({ name, api }),
    },
    ipcRenderer,
  };
  const required: string[] = [];
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${id}"`);
  };
  const module = { exports: {} };
  vm.runInNewContext(outputText, {
    require: sandboxRequire,
    module,
    exports: module.exports,
    process: { platform: 'testos' },
  });
  return { exposed, ipcRenderer, required };
}

describe('preload', () => {
  it('loads nothing but electron (all a sandboxed preload may load)', () => {
    expect(runPreload().required).toEqual(['electron']);
  });

  it('exposes exactly the DesktopBridge as window.showcaller', () => {
    const { exposed } = runPreload();
    expect(exposed).toHaveLength(1);
    expect(exposed[0]!.name).toBe(DESKTOP_BRIDGE_GLOBAL);
    expect(Object.keys(exposed[0]!.api).sort()).toEqual(['getConnection', 'platform']);
    expect(exposed[0]!.api.platform).toBe('testos');
  });

  it('never hands ipcRenderer (or any of its methods) to the page', () => {
    const { exposed, ipcRenderer } = runPreload();
    const values = Object.values(exposed[0]!.api);
    expect(values).not.toContain(ipcRenderer);
    for (const method of Object.values(ipcRenderer)) expect(values).not.toContain(method);
    const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    expect(code).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    // Every use of ipcRenderer is a call to invoke on the fixed channel.
    expect(code.match(/ipcRenderer\b/g)).toHaveLength(1);
    expect(code).toMatch(/ipcRenderer\.invoke\(GET_CONNECTION\)/);
  });

  it('getConnection invokes the one channel the main process answers, with no arguments', async () => {
    const { exposed, ipcRenderer } = runPreload();
    const getConnection = exposed[0]!.api.getConnection as () => Promise<unknown>;
    await expect(getConnection()).resolves.toMatchObject({ channel: DESKTOP_CHANNELS.getConnection });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(DESKTOP_CHANNELS.getConnection);
    expect(ipcRenderer.send).not.toHaveBeenCalled();
    expect(ipcRenderer.on).not.toHaveBeenCalled();
  });
});
