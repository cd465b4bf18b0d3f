import { SHORTCUT_HELP } from './shortcuts.js';

export function ShortcutHelp() {
  return (
    <p className="shortcut-help" aria-label="Keyboard shortcuts">
      {SHORTCUT_HELP.map(([keys, what]) => (
        <span key={keys} className="shortcut-help__item">
          <kbd>{keys}</kbd> {what}
        </span>
      ))}
    </p>
  );
}
