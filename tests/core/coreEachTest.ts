import { afterEach, beforeEach } from 'vitest';
import type { CoreOptions, RunningCore } from '../../core/server.js';
import type { CrewClient } from './harness.js';
import { connect, startTestCore, tempDir } from './harness.js';
import { assigned } from '../ifAssigned.js';

/**
 * A fresh core in a fresh data folder for every test of the file, and the crew clients a test
 * opens (or adds to `clients`): after each test the clients close, then the core, and the
 * folder goes.
 */
export function coreForEachTest(options: Partial<CoreOptions> = {}) {
  let data: ReturnType<typeof tempDir> | undefined;
  let running: RunningCore | undefined;
  const clients: CrewClient[] = [];
  const closeClients = () => {
    for (const client of clients.splice(0)) client.close();
  };

  beforeEach(async () => {
    data = tempDir();
    running = await startTestCore(data.dir, options);
  });

  afterEach(async () => {
    closeClients();
    await running?.close();
    data?.remove();
  });

  const each = {
    get running(): RunningCore {
      return assigned(running, 'no core: beforeEach did not start it');
    },
    get dataDir(): string {
      return assigned(data, 'no data folder: beforeEach did not make it').dir;
    },
    clients,
    /** A crew client of `role`, named `name` if given, ready (hello and snapshot received). */
    async open(role: keyof RunningCore['tokens'], name?: string): Promise<CrewClient> {
      const client = await connect(each.running, role, name);
      clients.push(client);
      return client;
    },
    /** Closes the clients and the core, and starts the core again on the same data folder. */
    async restart(): Promise<void> {
      closeClients();
      await each.running.close();
      running = await startTestCore(each.dataDir, options);
    },
  };
  return each;
}
