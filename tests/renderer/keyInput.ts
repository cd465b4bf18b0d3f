import type { KeyInput } from '../../renderer/console/shortcuts.js';

/** A key pressed on the page itself (no modifier, nothing editable focused), unless `extra` says otherwise. */
export const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'BODY',
  targetEditable: false,
  ...extra,
});
