/**
 * Join links: how a crew screen learns its token and every core it may connect to.
 *
 *     http://192.168.1.20:4747/?view=mc#token=TOKEN&cores=http://192.168.1.20:4747,http://192.168.1.31:4747
 *
 * - The page is loaded from the first core address.
 * - `?view=` (optional) forces a screen, as before.
 * - The fragment carries the secret (`token`) and the core addresses in priority order
 *   (`cores`, comma-separated origins). A fragment is never sent to a server, so the token does
 *   not end up in Referer headers or proxy logs.
 * - `name` (optional, fragment) is how this screen introduces itself in the producer's crew list.
 *
 * Older links (`/?token=TOKEN`) keep working: a query token is read when the fragment has none,
 * and a link without `cores` means "this page's own core".
 */

export const MAX_CORE_ADDRESSES = 16;
export const MAX_CLIENT_NAME_CHARS = 60;

export class JoinLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JoinLinkError';
  }
}

/**
 * A core address as links carry it: an http(s) origin (`http://host:port`, no path, query or
 * credentials). Returns the normalised origin or throws a JoinLinkError that says what is wrong.
 */
export function normaliseCoreAddress(text: string): string {
  const trimmed = text.trim();
  if (!/^https?:\/\//i.test(trimmed)) {
    throw new JoinLinkError(`"${text}" is not a core address: write it as http://HOST:PORT`);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new JoinLinkError(`"${text}" is not a core address: write it as http://HOST:PORT`);
  }
  if (url.username || url.password) throw new JoinLinkError(`"${text}": a core address carries no user name`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new JoinLinkError(`"${text}": a core address is only http://HOST:PORT, with no path, query or #`);
  }
  if (url.hostname === '') throw new JoinLinkError(`"${text}" has no host`);
  return url.origin;
}

/** Normalises a list of addresses, keeps the first of any duplicates, and refuses an empty or huge list. */
export function normaliseCoreAddresses(texts: readonly string[]): string[] {
  const cores: string[] = [];
  for (const text of texts) {
    const origin = normaliseCoreAddress(text);
    if (!cores.includes(origin)) cores.push(origin);
  }
  if (cores.length === 0) throw new JoinLinkError('a join link needs at least one core address');
  if (cores.length > MAX_CORE_ADDRESSES) {
    throw new JoinLinkError(
      `a join link carries at most ${MAX_CORE_ADDRESSES} core addresses, not ${cores.length}`,
    );
  }
  return cores;
}

export interface JoinLink {
  token: string;
  /** Core origins in priority order; the link opens the first. */
  cores: string[];
  view?: string;
  name?: string;
}

/** Builds a join link. Throws a JoinLinkError for an empty token or a bad address. */
export function formatJoinLink(link: JoinLink): string {
  if (link.token.length === 0) throw new JoinLinkError('a join link needs a token');
  const cores = normaliseCoreAddresses(link.cores);
  const query = link.view ? `?view=${encodeURIComponent(link.view)}` : '';
  // Origins contain no "," "&" or "#", so they go in as they are: shorter links, smaller QR codes.
  let fragment = `token=${encodeURIComponent(link.token)}&cores=${cores.join(',')}`;
  if (link.name) fragment += `&name=${encodeURIComponent(link.name)}`;
  return `${cores[0]}/${query}#${fragment}`;
}

/** What a page learns from the address it was opened with. */
export interface JoinTarget {
  token: string | null;
  /** Core origins to try, in order; empty means "the core this page came from". */
  cores: string[];
  view: string | null;
  name: string | null;
}

function readFragment(hash: string): URLSearchParams {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  // URLSearchParams turns "+" into a space; tokens are base64url, but older ones may carry "+".
  return new URLSearchParams(text.replace(/\+/g, '%2B'));
}

function nonEmpty(value: string | null): string | null {
  return value !== null && value.length > 0 ? value : null;
}

/**
 * Reads a page address's query (`?view=`, and `?token=` from older links) and fragment
 * (`#token=…&cores=…&name=…`). Throws a JoinLinkError when `cores` is present but wrong, so a
 * mangled link says so instead of connecting somewhere unexpected.
 */
export function parseJoinLocation(search: string, hash: string): JoinTarget {
  const query = new URLSearchParams(search);
  const fragment = readFragment(hash);
  const coresText = fragment.get('cores');
  let cores: string[] = [];
  if (coresText !== null) {
    const parts = coresText.split(',').filter((part) => part.trim().length > 0);
    if (parts.length === 0) throw new JoinLinkError('this link lists no core address after "cores="');
    try {
      cores = normaliseCoreAddresses(parts);
    } catch (error) {
      throw new JoinLinkError(`this link's core list is broken: ${(error as Error).message}`);
    }
  }
  // `?name=` too: older `?token=` links carry everything in the query.
  const name = nonEmpty(fragment.get('name')) ?? nonEmpty(query.get('name'));
  return {
    token: nonEmpty(fragment.get('token')) ?? nonEmpty(query.get('token')),
    cores,
    // A fragment view wins: a screen link with "&view=stage" appended ends up there.
    view: nonEmpty(fragment.get('view')) ?? nonEmpty(query.get('view')),
    name: name === null ? null : name.trim().slice(0, MAX_CLIENT_NAME_CHARS) || null,
  };
}

/** Reads a whole join link (for tests and tools; pages use parseJoinLocation on their own address). */
export function parseJoinLink(text: string): JoinLink {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new JoinLinkError(`"${text}" is not a link`);
  }
  const target = parseJoinLocation(url.search, url.hash);
  if (!target.token) throw new JoinLinkError('this link has no token');
  const cores = target.cores.length > 0 ? target.cores : [normaliseCoreAddress(url.origin)];
  return {
    token: target.token,
    cores,
    ...(target.view ? { view: target.view } : {}),
    ...(target.name ? { name: target.name } : {}),
  };
}
