import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES } from '../shared/roles.js';
import { formatOverlayLinks } from '../shared/overlays.js';
import { DEFAULT_HOST, DEFAULT_PORT, startCore } from './server.js';

const USAGE = `Usage: npm run serve -- --data-dir DIR [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--show ID] [--no-obs] [--no-chat]

Runs the Showcaller core with no display: the crew protocol, the HTTP API and the web UI.
Prints one join link per role. OBS and chat settings are entered in the console and kept in
DIR/obs.json and DIR/chat.json; --no-obs and --no-chat run without them.`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        show: { type: 'string' },
        'no-obs': { type: 'boolean' },
        'no-chat': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = values['data-dir'] ?? process.env.SHOWCALLER_DATA_DIR;
  if (!dataDir) {
    console.error(`--data-dir is required.\n\n${USAGE}`);
    process.exit(2);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--port must be a number from 0 to 65535, not "${values.port}"`);
    process.exit(2);
  }
  const running = await startCore({
    dataDir: path.resolve(dataDir),
    port,
    host: values.host ?? DEFAULT_HOST,
    showId: values.show,
  });
  console.log(`Showcaller core for show "${running.showId}" listening on ${running.host}:${running.port}`);
  for (const role of ROLES) console.log(`${role}: ${running.joinUrls[role]}`);
  for (const line of formatOverlayLinks(running.joinUrls.viewer)) console.log(line);
  console.log(`ready seq=${running.core.seq}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing (journal is already on disk)`);
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`showcaller: ${(error as Error).message}`);
  process.exit(1);
});
