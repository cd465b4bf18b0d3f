/**
 * One fan-out server in its own process, so each server has an event loop to itself and one
 * variant's broadcast never waits behind another's. Started by bench/fanout.ts; not meant to
 * be run by hand.
 */
import { parentChannel, runChild } from './child.js';
import { DatasyncProbe } from './datasyncProbe.js';
import type { FromServer, ToServer } from './fanoutMessages.js';
import type { BenchServer } from './fanoutServers.js';
import { startServer } from './fanoutServers.js';
import { ownCpuMs } from './machine.js';

const channel = parentChannel<ToServer, FromServer>();

async function main(): Promise<void> {
  const probe = await DatasyncProbe.install();
  let server: BenchServer | null = null;
  let cpuAtRecord = 0;
  for (;;) {
    const message = await channel.next();
    switch (message.type) {
      case 'start':
        server = await startServer(message.kind);
        await channel.send({
          type: 'started',
          url: server.url,
          listenerToken: server.listenerToken,
          producerToken: server.producerToken,
        });
        break;
      case 'record':
        cpuAtRecord = ownCpuMs();
        probe.start();
        break;
      case 'collect':
        if (!server) throw new Error('collect before start');
        await channel.send({
          type: 'collected',
          readyAt: server.readyAt,
          sentAt: server.sentAt,
          frameBytes: server.frameBytes(),
          datasync: probe.stop(),
          cpuMs: ownCpuMs() - cpuAtRecord,
        });
        break;
      case 'stop':
        await server?.close();
        probe.uninstall();
        return;
      default:
        message satisfies never;
    }
  }
}

runChild(channel.send, main);
