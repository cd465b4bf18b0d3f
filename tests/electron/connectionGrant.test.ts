import { describe, expect, it } from 'vitest';
import { grantConnection } from '../../electron/connectionGrant.js';
import type { ConnectionRequest } from '../../electron/connectionGrant.js';

const core = {
  url: 'http://127.0.0.1:4747',
  tokens: { producer: 'p-token', backup: 'b-token', mc: 'm-token', moderator: 'd-token', viewer: 'v-token' },
};
const consoleRequest: ConnectionRequest = {
  frameUrl: 'http://127.0.0.1:4747/?view=console',
  isMainFrame: true,
  role: 'producer',
};

describe('grantConnection', () => {
  it("hands the console its role's token and the core URL", () => {
    expect(grantConnection(consoleRequest, core)).toEqual({ url: core.url, token: 'p-token' });
  });

  it('gives the stage window only the viewer token', () => {
    expect(
      grantConnection({ ...consoleRequest, frameUrl: `${core.url}/?view=stage`, role: 'viewer' }, core),
    ).toEqual({
      url: core.url,
      token: 'v-token',
    });
  });

  it.each([
    ['a page of another origin', { frameUrl: 'https://evil.example/' }],
    ['a file: page', { frameUrl: 'file:///tmp/index.html' }],
    ['a frame that is gone', { frameUrl: undefined }],
    ['an embedded frame', { isMainFrame: false }],
    ['a webContents the app did not create', { role: undefined }],
  ] satisfies [string, Partial<ConnectionRequest>][])('refuses %s', (_name, change) => {
    expect(grantConnection({ ...consoleRequest, ...change }, core)).toBeNull();
  });
});
