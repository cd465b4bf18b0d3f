/** The journal's public API; its parts are in this folder, each with one job. */
export { Journal } from './journal.js';
export { JournalCorruptError } from './restore.js';
export { encodeRecord, JOURNAL_FILE, SNAPSHOT_DIR } from './format.js';
export type { JournalOptions, JournalRecord, JournalStats } from './types.js';
