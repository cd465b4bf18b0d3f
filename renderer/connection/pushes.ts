import type { Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  CrewPush,
  CrewPushName,
  ServerToClientEvents,
} from '../../shared/protocol.js';
import { readPush } from '../../shared/protocol.js';

/**
 * The one place a screen takes a push off the wire: each is checked by its name against the
 * wire contract (shared/protocol.ts) before anything sees it. A push that fails is never
 * applied; it is reported (a console warning and the store's protocol-mismatch state, which
 * every screen's banner shows), because a typed socket only says what the core should send,
 * not what arrived (an older or newer core, a proxy, a bug).
 */

export type PushHandlers = { [K in CrewPushName]: (value: CrewPush<K>) => void };

export function listenForPushes(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  handlers: PushHandlers,
  report: { mismatch: (push: CrewPushName, error: string) => void; readFine: (push: CrewPushName) => void },
): void {
  for (const name of Object.keys(handlers) as CrewPushName[]) {
    // socket.io's typed `on` cannot follow a key chosen at run time; the payload is unknown anyway.
    (socket as unknown as Socket).on(name, (payload: unknown) => {
      const read = readPush(name, payload);
      if (read.ok) {
        report.readFine(name);
        (handlers[name] as (value: unknown) => void)(read.value);
        return;
      }
      console.warn(`Showcaller: ignored a "${name}" push that does not fit the protocol: ${read.error}`);
      report.mismatch(name, read.error);
    });
  }
}

const NOTICE_TITLES: Record<CrewPush<'notice'>['level'], string> = {
  error: 'Automation failed',
  warn: 'Warning',
  info: 'Note',
};

export function noticeToast(notice: CrewPush<'notice'>) {
  return { kind: notice.level, title: NOTICE_TITLES[notice.level], text: notice.text };
}
