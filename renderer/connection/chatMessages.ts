import { ChatLiveMessage } from '../../shared/chat.js';

/** The chat sources' health, checked like the OBS pushes; a malformed one is dropped. */
export function readChatLive(value: unknown): ChatLiveMessage | null {
  const parsed = ChatLiveMessage.safeParse(value);
  return parsed.success ? parsed.data : null;
}
