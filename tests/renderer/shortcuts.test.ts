import { describe, expect, it } from 'vitest';
import { shortcutFor } from '../../renderer/console/shortcuts.js';
import { key } from './keyInput.js';

describe('console keyboard shortcuts', () => {
  it('maps the documented keys', () => {
    expect(shortcutFor(key('n'))).toBe('next');
    expect(shortcutFor(key('S'))).toBe('startSelected');
    expect(shortcutFor(key('p'))).toBe('togglePause');
    expect(shortcutFor(key(' '))).toBe('togglePause');
    expect(shortcutFor(key('+'))).toBe('addMinute');
    expect(shortcutFor(key('='))).toBe('addMinute');
    expect(shortcutFor(key('-'))).toBe('removeMinute');
    expect(shortcutFor(key('ArrowUp'))).toBe('selectUp');
    expect(shortcutFor(key('ArrowDown'))).toBe('selectDown');
    expect(shortcutFor(key('x'))).toBeNull();
  });

  it('stays out of the way while typing', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT'])
      expect(shortcutFor(key('n', { targetTag: tag }))).toBeNull();
    expect(shortcutFor(key('n', { targetTag: 'DIV', targetEditable: true }))).toBeNull();
  });

  it('leaves browser and OS chords alone', () => {
    expect(shortcutFor(key('n', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('p', { metaKey: true }))).toBeNull();
    expect(shortcutFor(key('-', { altKey: true }))).toBeNull();
  });

  it('lets Space press a focused button instead of also pausing', () => {
    expect(shortcutFor(key(' ', { targetTag: 'BUTTON' }))).toBeNull();
    expect(shortcutFor(key('p', { targetTag: 'BUTTON' }))).toBe('togglePause');
  });
});
