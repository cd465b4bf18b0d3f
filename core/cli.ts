import path from 'node:path';
import { parseArgs } from 'node:util';
import QRCode from 'qrcode';
import { ROLES } from '../shared/roles.js';
import { formatOverlayLinks } from '../shared/overlays.js';
import { DEFAULT_HOST, DEFAULT_PORT, startCore } from './server.js';

const USAGE = `Usage: npm run serve -- --data-dir DIR [--port ${DEFAULT_PORT}] [--host ${DEFAULT_HOST}] [--show ID] [--no-obs] [--no-chat]
                         [--advertise http://HOST:PORT ...] [--no-qr]
                         [--follow http://PRIMARY:PORT --token BACKUP_TOKEN]

Runs the Showcaller core with no display: the crew protocol, the HTTP API and the web UI.
Prints one join link per role, each with a QR code (--no-qr: links only). A link carries every
address of this core on the LAN, then each --advertise address (repeatable, in priority order:
e.g. the backup laptop's core), so crew screens can try them all. OBS and chat settings are
entered in the console and kept in DIR/obs.json and DIR/chat.json; --no-obs and --no-chat run
without them.

--follow runs this core as the show's backup: it keeps the primary's records in its own journal
(DIR/shows/ID), shows how far behind it is, and takes no commands until it is promoted (the
console's Promote button, or POST /api/commands {"type":"promote"}). See docs/backup.md.`;

/** A QR code in the terminal: two rows per character, so a phone can scan it off a laptop screen. */
function terminalQr(link: string): Promise<string> {
  return QRCode.toString(link, { type: 'terminal', small: true, errorCorrectionLevel: 'L' });
}

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
        advertise: { type: 'string', multiple: true },
        'no-qr': { type: 'boolean' },
        follow: { type: 'string' },
        token: { type: 'string' },
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
  if ((values.follow === undefined) !== (values.token === undefined)) {
    console.error(
      `--follow and --token go together (the primary's address and its backup token).\n\n${USAGE}`,
    );
    process.exit(2);
  }
  const running = await startCore({
    dataDir: path.resolve(dataDir),
    port,
    host: values.host ?? DEFAULT_HOST,
    showId: values.show,
    advertise: values.advertise ?? [],
    ...(values['no-obs'] ? { obs: false as const } : {}),
    ...(values['no-chat'] ? { chat: false as const } : {}),
    ...(values.follow !== undefined ? { follow: { url: values.follow, token: values.token! } } : {}),
  });
  if (running.follower)
    console.log(`following the primary at ${values.follow} (a backup: no commands until promoted)`);
  console.log(`Showcaller core for show "${running.showId}" listening on ${running.host}:${running.port}`);
  console.log(`Core addresses in join links: ${running.coreAddresses.join(', ')}`);
  const links = running.joinUrls;
  for (const role of ROLES) {
    if (!values['no-qr']) console.log(`\n${await terminalQr(links[role])}`);
    console.log(`${role}: ${links[role]}`);
  }
  for (const line of formatOverlayLinks(links.viewer)) console.log(line);
  console.log(
    'Revoke a link from the console (Crew), or: POST /api/commands {"type":"revokeToken","role":"mc"}',
  );
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
