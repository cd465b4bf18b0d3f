import { useEffect } from 'react';
import type { Command } from '../../shared/commands.js';
import { useSendCommand } from '../connection/commandContext.js';
import { showStore } from '../store/showStore.js';
import { sceneShortcutCommand } from '../obs/sceneCommands.js';
import type { ShortcutAction } from './shortcuts.js';
import { isSceneShortcut, sceneDigitOf, shortcutFor } from './shortcuts.js';

const ONE_MINUTE_MS = 60_000;

/** The command a shortcut sends given the show as it is now, or null (e.g. Pause with nothing live). */
function commandFor(action: Exclude<ShortcutAction, `scene${string}`>): Command | null {
  const state = showStore.getState();
  const timer = state.showState?.live.timer ?? null;
  switch (action) {
    case 'next':
      return { type: 'nextSegment' };
    case 'startSelected':
      return state.selectedSegmentId ? { type: 'startSegment', segmentId: state.selectedSegmentId } : null;
    case 'togglePause':
      // With nothing live, still ask the core: its "no segment is live" is the feedback.
      return { type: timer?.pausedAt != null ? 'resumeTimer' : 'pauseTimer' };
    case 'addMinute':
      return { type: 'adjustTime', deltaMs: ONE_MINUTE_MS };
    case 'removeMinute':
      return { type: 'adjustTime', deltaMs: -ONE_MINUTE_MS };
    case 'selectUp':
    case 'selectDown':
      return null;
    default:
      return action satisfies never;
  }
}

/** Producer keys on the whole window, except while typing or while a dialog is open. */
export function useConsoleShortcuts(enabled: boolean): void {
  const send = useSendCommand();
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const { editingSegmentId, openDialog } = showStore.getState();
      if (editingSegmentId !== null || openDialog !== null) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        targetTag: target?.tagName ?? '',
        targetEditable: target?.isContentEditable ?? false,
      });
      if (!action) return;
      event.preventDefault();
      if (action === 'selectUp' || action === 'selectDown') {
        showStore.getState().moveSelection(action === 'selectUp' ? -1 : 1);
        return;
      }
      // A held key must not fire a command per auto-repeat; moving the selection may.
      if (event.repeat) return;
      if (isSceneShortcut(action)) {
        const outcome = sceneShortcutCommand(showStore.getState().obs, sceneDigitOf(action));
        if ('command' in outcome) void send(outcome.command);
        else showStore.getState().pushToast({ kind: 'info', title: 'No scene', text: outcome.why });
        return;
      }
      const command = commandFor(action);
      if (command) void send(command);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, send]);
}
