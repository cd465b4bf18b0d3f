import { describe, expect, it } from 'vitest';
import { targetFromQuery } from '../../renderer/connectionTarget.js';
import { chooseView, parseForcedView, viewForRole } from '../../renderer/viewChoice.js';

describe('which screen a link opens', () => {
  it('follows the role from hello', () => {
    expect(viewForRole('producer')).toBe('console');
    expect(viewForRole('backup')).toBe('console');
    expect(viewForRole('mc')).toBe('mc');
    expect(viewForRole('moderator')).toBe('moderator');
    expect(viewForRole('viewer')).toBe('stage');
  });

  it('lets ?view= force a screen, and waits for hello otherwise', () => {
    expect(chooseView('producer', 'stage')).toBe('stage');
    expect(chooseView(null, 'mc')).toBe('mc');
    expect(chooseView(null, null)).toBeNull();
    expect(parseForcedView('Stage ')).toBe('stage');
    expect(parseForcedView('producer')).toBe('console');
    expect(parseForcedView('admin')).toBeNull();
    expect(parseForcedView('moderator')).toBe('moderator');
    expect(parseForcedView('overlay-question')).toBe('overlay-question');
    for (const overlay of ['overlay-lower-third', 'overlay-next', 'overlay-countdown'])
      expect(parseForcedView(overlay)).toBe(overlay);
  });

  it('reads the token and view from the query string', () => {
    expect(targetFromQuery('?token=abc%2Bdef&view=stage')).toEqual({
      url: null,
      token: 'abc+def',
      forcedView: 'stage',
      cores: [],
      name: null,
    });
    expect(targetFromQuery('')).toEqual({ url: null, token: null, forcedView: null, cores: [], name: null });
    expect(targetFromQuery('?token=t&name=%20Ana%27s%20laptop%20')).toMatchObject({ name: "Ana's laptop" });
    expect(targetFromQuery('?token=t&name=%20')).toMatchObject({ name: null });
    expect(targetFromQuery('?token=')).toMatchObject({ token: null });
  });
});
