import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Command } from '../shared/commands.js';
import { Command as CommandSchema, describeZodError, mayRun } from '../shared/commands.js';
import { decide } from '../shared/decide.js';
import type { ShowEvent } from '../shared/events.js';
import type { ShowInfo, ShowState } from '../shared/model.js';
import { emptyShowState } from '../shared/model.js';
import type { CommandResult, RecordMessage } from '../shared/protocol.js';
import { applyEvents } from '../shared/reducer.js';
import type { Role } from '../shared/roles.js';
import { importRundownCsv } from '../shared/rundownImport.js';
import { Journal } from './journal.js';

export interface ShowCoreOptions {
  showId: string;
  showDir: string;
  snapshotEvery?: number;
  now?: () => number;
  log?: (line: string) => void;
  /** Rundown a brand-new show starts with (the embedded demo). */
  seed?: { show: ShowInfo; csv: string };
}

interface ShowCoreEvents {
  record: [RecordMessage];
}

/**
 * One show's authority: every command, from any transport, comes through `execute`, which
 * parses it, checks the role, decides its events, makes them durable, and only then applies
 * and announces them. Commands run one at a time, so each is decided against the state every
 * earlier command left.
 */
export class ShowCore extends EventEmitter<ShowCoreEvents> {
  private queue: Promise<unknown> = Promise.resolve();
  /** What crew screens may see: only state whose records are on disk. */
  private durable: { seq: number; state: ShowState };

  private constructor(
    readonly showId: string,
    private readonly journal: Journal<ShowState, ShowEvent>,
    private readonly now: () => number,
  ) {
    super();
    this.durable = { seq: journal.seq, state: journal.state };
  }

  static async open(options: ShowCoreOptions): Promise<ShowCore> {
    const now = options.now ?? Date.now;
    const journal = await Journal.open<ShowState, ShowEvent>({
      dir: options.showDir,
      initialState: () => emptyShowState(options.showId),
      apply: applyEvents,
      snapshotEvery: options.snapshotEvery,
      log: options.log,
      now,
    });
    const core = new ShowCore(options.showId, journal, now);
    if (journal.seq === 0 && options.seed) {
      const imported = importRundownCsv(options.seed.csv, { show: options.seed.show });
      if (!imported.ok) throw new Error('the embedded demo rundown does not import; this is a bug');
      await core.commit([
        { type: 'rundownImported', show: imported.rundown.show, segments: imported.rundown.segments },
      ]);
    }
    return core;
  }

  get state(): ShowState {
    return this.durable.state;
  }

  get seq(): number {
    return this.durable.seq;
  }

  /** Records after `seq` for a resuming client, or null when it must take a fresh snapshot. */
  recordsSince(seq: number): RecordMessage[] | null {
    if (seq > this.durable.seq) return null;
    const records = this.journal.recordsSince(seq);
    return records?.filter((r) => r.seq <= this.durable.seq) ?? null;
  }

  /** Parses, authorises and runs one command. Never throws; the result says what happened. */
  execute(payload: unknown, role: Role): Promise<CommandResult> {
    const parsed = CommandSchema.safeParse(payload);
    if (!parsed.success)
      return Promise.resolve({ ok: false, status: 400, error: describeZodError(parsed.error) });
    const command = parsed.data;
    if (!mayRun(role, command.type)) {
      return Promise.resolve({ ok: false, status: 403, error: `the ${role} role may not ${command.type}` });
    }
    const run = this.queue.then(() => this.run(command, role));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(command: Command, role: Role): Promise<CommandResult> {
    const decision = decide(this.durable.state, command, { now: this.now(), role, newId: randomUUID });
    if (!decision.ok)
      return { ok: false, status: decision.code === 'invalid' ? 400 : 409, error: decision.error };
    try {
      const record = await this.commit(decision.events);
      return { ok: true, seq: record.seq };
    } catch (error) {
      return { ok: false, status: 500, error: `not saved: ${(error as Error).message}` };
    }
  }

  /** Appends, waits for the disk, then publishes: nobody sees a change that a crash could undo. */
  private async commit(events: ShowEvent[]): Promise<RecordMessage> {
    const record = await this.journal.append(events);
    this.durable = { seq: record.seq, state: this.journal.state };
    this.emit('record', record);
    return record;
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
