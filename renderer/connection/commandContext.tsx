import { createContext, useCallback, useContext } from 'react';
import type { ReactNode } from 'react';
import type { Command } from '../../shared/commands.js';
import type { CommandResult } from '../../shared/protocol.js';
import { showStore } from '../store/showStore.js';
import { COMMAND_LABELS } from './commandLabels.js';

export type CommandTransport = (command: Command) => Promise<CommandResult>;

const CommandContext = createContext<CommandTransport | null>(null);

export function CommandProvider({ send, children }: { send: CommandTransport; children: ReactNode }) {
  return <CommandContext.Provider value={send}>{children}</CommandContext.Provider>;
}

/**
 * Sends a command and shows the core's refusal to the producer as a toast, verbatim (an
 * import error names its line and column). Resolves to the result so forms can react too.
 */
export interface SendOptions {
  /** The caller shows the error itself (the import panel lists parse errors in place). */
  quiet?: boolean;
}

export function useSendCommand(): (command: Command, options?: SendOptions) => Promise<CommandResult> {
  const send = useContext(CommandContext);
  return useCallback(
    async (command: Command, options: SendOptions = {}) => {
      const result: CommandResult = send
        ? await send(command)
        : { ok: false, status: 503, error: 'Not connected to the core.' };
      if (!result.ok && !options.quiet) {
        showStore.getState().pushToast({
          kind: 'error',
          title: `${COMMAND_LABELS[command.type]} failed (${result.status})`,
          text: result.error,
        });
      }
      return result;
    },
    [send],
  );
}
