import type { StateCreator } from 'zustand';
import type { ChatLiveMessage } from '../../shared/protocol.js';
import type { ShowStore } from './showStore.js';

export interface ChatSlice {
  /** The chat sources' health and public settings; null until the core sent them (a core without chat never does). */
  chat: ChatLiveMessage | null;
  /** Client clock (Date.now) of the last `chat` message. */
  chatLastUpdate: number | null;
  receiveChat: (chat: ChatLiveMessage, at: number) => void;
}

export const createChatSlice: StateCreator<ShowStore, [], [], ChatSlice> = (set) => ({
  chat: null,
  chatLastUpdate: null,
  receiveChat: (chat, at) => set({ chat, chatLastUpdate: at }),
});
