import { describe, expect, it } from 'vitest';
import {
  formatJoinLink,
  JoinLinkError,
  MAX_CORE_ADDRESSES,
  normaliseCoreAddress,
  normaliseCoreAddresses,
  parseJoinLink,
  parseJoinLocation,
} from '../../shared/joinLink.js';

const TOKEN = 'Zm9vYmFyLWJhei1xdXV4LTEy';
const PRIMARY = 'http://192.168.1.20:4747';
const BACKUP = 'http://192.168.1.31:4747';

function errorOf(run: () => unknown): JoinLinkError {
  try {
    run();
  } catch (error) {
    if (error instanceof JoinLinkError) return error;
    throw error;
  }
  throw new Error('expected a JoinLinkError');
}

describe('join links', () => {
  it('keeps the token in the fragment and opens the first core', () => {
    const link = formatJoinLink({ token: TOKEN, cores: [PRIMARY, BACKUP] });
    expect(link).toBe(`${PRIMARY}/#token=${TOKEN}&cores=${PRIMARY},${BACKUP}`);
    const url = new URL(link);
    // What a browser sends to the server (and puts in a Referer) holds no token.
    expect(`${url.origin}${url.pathname}${url.search}`).not.toContain(TOKEN);
  });

  it('round-trips token, cores, view and name', () => {
    const cases = [
      { token: TOKEN, cores: [PRIMARY] },
      { token: TOKEN, cores: [PRIMARY, BACKUP, 'https://show.example.org'], view: 'stage' },
      { token: 'a+b/c=', cores: ['http://[fd00::5]:4747', PRIMARY], name: 'Ann’s laptop & phone' },
    ];
    for (const link of cases) expect(parseJoinLink(formatJoinLink(link))).toEqual(link);
  });

  it('normalises addresses and drops duplicates, keeping the first', () => {
    expect(normaliseCoreAddress(' HTTP://Example.ORG:80/ ')).toBe('http://example.org');
    expect(normaliseCoreAddresses([PRIMARY, `${PRIMARY}/`, BACKUP, PRIMARY])).toEqual([PRIMARY, BACKUP]);
  });

  it('rejects bad addresses with a reason that names them', () => {
    expect(errorOf(() => normaliseCoreAddress('192.168.1.31:4747')).message).toBe(
      '"192.168.1.31:4747" is not a core address: write it as http://HOST:PORT',
    );
    expect(errorOf(() => normaliseCoreAddress('ftp://x:21')).message).toMatch(/not a core address/);
    expect(errorOf(() => normaliseCoreAddress('http://h:4747/console')).message).toMatch(/no path/);
    expect(errorOf(() => normaliseCoreAddress('http://h:4747/?token=x')).message).toMatch(/no path, query/);
    expect(errorOf(() => normaliseCoreAddress('http://u:p@h:4747')).message).toMatch(/no user name/);
    expect(errorOf(() => normaliseCoreAddress('http://h:99999')).message).toMatch(/not a core address/);
    expect(errorOf(() => normaliseCoreAddresses([])).message).toMatch(/at least one core address/);
    const many = Array.from({ length: MAX_CORE_ADDRESSES + 1 }, (_, i) => `http://10.0.0.${i + 1}:4747`);
    expect(errorOf(() => normaliseCoreAddresses(many)).message).toMatch(/at most 16/);
    expect(errorOf(() => formatJoinLink({ token: '', cores: [PRIMARY] })).message).toMatch(/needs a token/);
  });

  it('reads older ?token= links, with no core list (this page’s own core)', () => {
    expect(parseJoinLocation('?token=abc%2Bdef&view=stage', '')).toEqual({
      token: 'abc+def',
      cores: [],
      view: 'stage',
      name: null,
    });
    expect(parseJoinLink('http://10.0.0.2:4747/?token=abc')).toEqual({
      token: 'abc',
      cores: ['http://10.0.0.2:4747'],
    });
  });

  it('prefers the fragment, and takes a view appended to the fragment', () => {
    const target = parseJoinLocation('?token=old&view=mc', `#token=${TOKEN}&cores=${PRIMARY}&view=stage`);
    expect(target).toMatchObject({ token: TOKEN, view: 'stage', cores: [PRIMARY] });
  });

  it('keeps a "+" in a token (older tokens were base64)', () => {
    expect(parseJoinLocation('', '#token=a+b').token).toBe('a+b');
  });

  it('refuses a mangled core list instead of connecting somewhere unexpected', () => {
    expect(errorOf(() => parseJoinLocation('', `#token=${TOKEN}&cores=`)).message).toMatch(
      /lists no core address/,
    );
    expect(
      errorOf(() => parseJoinLocation('', `#token=${TOKEN}&cores=${PRIMARY},javascript:alert(1)`)).message,
    ).toBe(
      'this link\'s core list is broken: "javascript:alert(1)" is not a core address: write it as http://HOST:PORT',
    );
    expect(errorOf(() => parseJoinLink('not a link')).message).toMatch(/is not a link/);
    expect(errorOf(() => parseJoinLink(`${PRIMARY}/#cores=${PRIMARY}`)).message).toMatch(/no token/);
  });

  it('trims a name and ignores an empty one', () => {
    expect(parseJoinLocation('', `#token=x&name=${encodeURIComponent('  Stage left  ')}`).name).toBe(
      'Stage left',
    );
    expect(parseJoinLocation('', '#token=x&name=%20').name).toBeNull();
    expect(parseJoinLocation('', `#token=x&name=${'n'.repeat(100)}`).name).toHaveLength(60);
  });
});
