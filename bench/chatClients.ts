/**
 * The crew of the chat ingest benchmark, in a process of its own: 10 real socket.io clients
 * with full replicas, as 10 screens on other machines would be. In the core's process they
 * would take the core's thread for their own decoding and reducing, which no real screen does.
 */
import { CrewClient } from '../tests/core/harness.js';
import type { ChildError } from './child.js';
import { childError, parentChannel } from './child.js';

export type ToChatClients =
  { type: 'connect'; url: string; tokens: string[] } | { type: 'until'; seq: number; messages: number };

export type FromChatClients = { type: 'connected' } | { type: 'caughtUp'; problems: string[] } | ChildError;

const channel = parentChannel<ToChatClients, FromChatClients>();
let clients: CrewClient[] = [];

async function handle(message: ToChatClients): Promise<FromChatClients> {
  switch (message.type) {
    case 'connect':
      clients = await Promise.all(message.tokens.map((token) => new CrewClient(message.url, token).ready()));
      return { type: 'connected' };
    case 'until': {
      for (const client of clients) await client.until(message.seq, 120_000);
      const problems: string[] = [];
      for (const client of clients) {
        const held = client.replica.state!.feed.messages.size;
        if (held < message.messages || client.gaps > 0) {
          problems.push(
            `a ${client.hello?.role} client holds ${held} of ${message.messages} (${client.gaps} gaps)`,
          );
        }
      }
      return { type: 'caughtUp', problems };
    }
    default:
      return message satisfies never;
  }
}

for (;;) {
  const message = await channel.next();
  try {
    await channel.send(await handle(message));
  } catch (error) {
    await channel.send(childError(error));
  }
}
