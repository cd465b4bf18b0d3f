/**
 * Where the app's windows may go. Pure (no electron import) so the rules are unit-tested:
 * a window only ever shows the core's own pages; anything else is refused, and only plain
 * web links are handed to the system browser.
 */

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The origin (`http://127.0.0.1:4747`) of the core's base URL. */
export function originOf(url: string): string {
  const parsed = parse(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new Error(`not an http(s) URL: ${url}`);
  }
  return parsed.origin;
}

/**
 * True only for pages of the core itself. `file:`, `data:`, `javascript:`, `about:` and other
 * schemes have an opaque origin (`"null"`), so they never match.
 */
export function isAllowedNavigation(target: string, appOrigin: string): boolean {
  const parsed = parse(target);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return false;
  return parsed.origin === appOrigin;
}

/**
 * True for links the system browser may open: http(s) with a host and no embedded
 * credentials. Everything else (`file:`, `smb:`, `javascript:`, custom app schemes) could run
 * or open something local, so it is refused.
 */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}
