import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, isSafeExternalUrl, originOf } from '../../electron/navigationPolicy.js';

const APP = 'http://127.0.0.1:4747';

describe('isAllowedNavigation', () => {
  it('allows pages of the core itself', () => {
    expect(isAllowedNavigation(`${APP}/`, APP)).toBe(true);
    expect(isAllowedNavigation(`${APP}/?view=stage`, APP)).toBe(true);
    expect(isAllowedNavigation(`${APP}/some/route#x`, APP)).toBe(true);
  });

  it.each([
    ['another site', 'https://example.com/'],
    ['another port on the same host', 'http://127.0.0.1:4748/'],
    ['the same port by another name', 'http://localhost:4747/'],
    ['https instead of http', 'https://127.0.0.1:4747/'],
    ['a look-alike host', 'http://127.0.0.1.evil.example:4747/'],
    ['credentials smuggled before the host', 'http://127.0.0.1:4747@evil.example/'],
    ['file:', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['about:blank', 'about:blank'],
    ['a custom scheme', 'showcaller://open'],
    ['not a URL', 'not a url'],
    ['empty', ''],
  ])('denies %s', (_name, target) => {
    expect(isAllowedNavigation(target, APP)).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('lets http(s) links go to the system browser', () => {
    expect(isSafeExternalUrl('https://normconf.com/')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/talk?id=3')).toBe(true);
  });

  it.each([
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(1)',
    'data:text/html,hi',
    'smb://server/share',
    'ms-settings:privacy',
    'mailto:someone@example.com',
    'http://user:pass@example.com/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('originOf', () => {
  it('is the scheme, host and port of the core URL', () => {
    expect(originOf('http://127.0.0.1:4747')).toBe(APP);
    expect(originOf('http://[::1]:4747/x')).toBe('http://[::1]:4747');
  });

  it('refuses anything that is not http(s)', () => {
    expect(() => originOf('file:///tmp')).toThrow(/not an http/);
  });
});
