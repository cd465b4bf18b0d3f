import type { OBSWebSocket } from 'obs-websocket-js/json';
import { afterAll, beforeAll } from 'vitest';
import { ObsProcess, setUpTestScenes } from './obsProcess.js';
import { assigned } from '../ifAssigned.js';

/** A real OBS for a test file, and a client of the test's own to set it up and read it back with. */
export interface TestObs {
  readonly proc: ObsProcess;
  readonly client: OBSWebSocket;
}

/**
 * In the describe block: a beforeAll that starts OBS, connects the test's client and sets up the
 * test scenes; an afterAll that disconnects the client and stops OBS. Hooks the test registers
 * after this run after it, and their afterAll before it (vitest runs afterAll in reverse).
 */
export function useTestObs(timeoutMs?: number): TestObs {
  let proc: ObsProcess | undefined;
  let client: OBSWebSocket | undefined;

  beforeAll(async () => {
    proc = await ObsProcess.start();
    client = await proc.client();
    await setUpTestScenes(client);
  }, timeoutMs);

  afterAll(async () => {
    await client?.disconnect();
    await proc?.stop();
  }, timeoutMs);

  return {
    get proc() {
      return assigned(proc, 'no OBS: beforeAll did not start it');
    },
    get client() {
      return assigned(client, 'no OBS client: beforeAll did not connect it');
    },
  };
}
