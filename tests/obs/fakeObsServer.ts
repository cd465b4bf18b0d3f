import type { AddressInfo } from 'node:net';
import type { WebSocket } from 'ws';
import { WebSocketServer } from 'ws';

/**
 * A minimal obs-websocket 5 server (JSON subprotocol, no auth) for what a real OBS cannot be made
 * to do on cue: kick the client (close 4011), or hold a request unanswered. Everything else is
 * tested against the real OBS.
 */

type Handler = (requestType: string, data: unknown) => unknown;

/** A request the fake leaves unanswered. */
export const NO_ANSWER = Symbol('no answer');

export class FakeObsServer {
  private readonly server: WebSocketServer;
  readonly clients = new Set<WebSocket>();
  connections = 0;
  readonly requests: string[] = [];
  availableRequests = ['GetVersion', 'GetSceneList', 'GetCurrentProgramScene', 'SetCurrentProgramScene'];
  handler: Handler = () => ({});

  private constructor(server: WebSocketServer) {
    this.server = server;
    server.on('connection', (socket) => this.onConnection(socket));
  }

  static async start(): Promise<FakeObsServer> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has('obswebsocket.json') ? 'obswebsocket.json' : false),
    });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new FakeObsServer(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private onConnection(socket: WebSocket): void {
    this.connections += 1;
    this.clients.add(socket);
    socket.on('close', () => this.clients.delete(socket));
    socket.send(JSON.stringify({ op: 0, d: { obsWebSocketVersion: '5.1.0', rpcVersion: 1 } }));
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString()) as { op: number; d: Record<string, unknown> };
      if (message.op === 1) {
        socket.send(JSON.stringify({ op: 2, d: { negotiatedRpcVersion: 1 } }));
        return;
      }
      if (message.op !== 6) return;
      const { requestType, requestId, requestData } = message.d as {
        requestType: string;
        requestId: string;
        requestData: unknown;
      };
      this.requests.push(requestType);
      const responseData =
        requestType === 'GetVersion'
          ? {
              obsVersion: '29.0.2',
              obsWebSocketVersion: '5.1.0',
              rpcVersion: 1,
              platform: 'fake',
              platformDescription: 'fake',
              availableRequests: this.availableRequests,
              supportedImageFormats: ['jpg', 'png'],
            }
          : this.handler(requestType, requestData);
      if (responseData === NO_ANSWER) return;
      socket.send(
        JSON.stringify({
          op: 7,
          d: { requestType, requestId, requestStatus: { result: true, code: 100 }, responseData },
        }),
      );
    });
  }

  emitEvent(eventType: string, eventData: unknown): void {
    const message = JSON.stringify({ op: 5, d: { eventType, eventIntent: 4, eventData } });
    for (const client of this.clients) client.send(message);
  }

  /** Closes every session with a code, as OBS does when it kicks a client (4011). */
  closeAll(code: number, reason: string): void {
    for (const client of this.clients) client.close(code, reason);
  }

  /** Drops every session without a close frame, as a crash or a pulled cable would. */
  dropAll(): void {
    for (const client of this.clients) client.terminate();
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
