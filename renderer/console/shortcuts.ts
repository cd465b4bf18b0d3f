/**
 * The console's keys. Pure, so the mapping is testable without a DOM: a key event in, the
 * action out (or null when the key belongs to whatever has focus).
 */
export type SceneDigit = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
/** Keys 1–9 pick OBS's scenes in the order OBS lists them. */
export type SceneShortcut = `scene${SceneDigit}`;

export type ShortcutAction =
  | 'next'
  | 'startSelected'
  | 'togglePause'
  | 'addMinute'
  | 'removeMinute'
  | 'selectUp'
  | 'selectDown'
  | SceneShortcut;

export function isSceneShortcut(action: ShortcutAction): action is SceneShortcut {
  return action.startsWith('scene');
}

export function sceneDigitOf(action: SceneShortcut): SceneDigit {
  return Number(action.slice('scene'.length)) as SceneDigit;
}

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag of the focused element ("INPUT", "BUTTON"…) and whether it is contenteditable. */
  targetTag: string;
  targetEditable: boolean;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Space and Enter already press a focused button or link; doing both would act twice. */
const ACTIVATING_TAGS = new Set(['BUTTON', 'A', 'SUMMARY']);

export function shortcutFor(input: KeyInput): ShortcutAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  if (TYPING_TAGS.has(input.targetTag) || input.targetEditable) return null;
  switch (input.key) {
    case 'n':
    case 'N':
      return 'next';
    case 's':
    case 'S':
      return 'startSelected';
    case 'p':
    case 'P':
      return 'togglePause';
    case ' ':
      return ACTIVATING_TAGS.has(input.targetTag) ? null : 'togglePause';
    case '+':
    case '=':
      return 'addMinute';
    case '-':
    case '_':
      return 'removeMinute';
    case 'ArrowUp':
      return 'selectUp';
    case 'ArrowDown':
      return 'selectDown';
    default:
      // The main row and the number pad both give "1"…"9"; Shift+1 gives "!" and is left alone.
      return /^[1-9]$/.test(input.key) ? (`scene${input.key}` as SceneShortcut) : null;
  }
}

export const SHORTCUT_HELP: readonly [keys: string, what: string][] = [
  ['↑ ↓', 'select row'],
  ['S', 'start selected'],
  ['N', 'next'],
  ['P / Space', 'pause · resume'],
  ['+ / −', '±1 min'],
  ['1–9', 'OBS scene'],
];
