import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { ShowCommand } from '../shared/commands.js';
import { Command as CommandSchema, describeZodError, mayRun } from '../shared/commands.js';
import { checkControl } from '../shared/control.js';
import type { Actor } from '../shared/signalCommands.js';
import { decide } from '../shared/decide.js';
import type { ShowEvent } from '../shared/events.js';
import type { ShowInfo, ShowState } from '../shared/model.js';
import { ChatIngest } from '../shared/chat.js';
import type { CrewActor, CrewCommand } from '../shared/crew.js';
import { isCrewCommand } from '../shared/crew.js';
import type { ObsCommand, ObsSettings } from '../shared/obs.js';
import type { ChatSettingsUpdate } from '../shared/chatSettings.js';
import { isObsCommand } from '../shared/obs.js';
import { emptyShowState, STATE_VERSION } from '../shared/model.js';
import type { CommandResult, RecordMessage } from '../shared/protocol.js';
import type { CoreMode, CoreStatusMessage, FollowerStatus } from '../shared/replication.js';
import { applyEvents } from '../shared/reducer.js';
import type { Role } from '../shared/roles.js';
import { importRundownCsv } from '../shared/rundownImport.js';
import type { ObservedStream } from '../shared/streamRecord.js';
import { streamEventFor } from '../shared/streamRecord.js';
import { Journal } from './journal.js';

export interface ShowCoreOptions {
  showId: string;
  showDir: string;
  snapshotEvery?: number;
  now?: () => number;
  log?: (line: string) => void;
  /** Rundown a brand-new show starts with (the embedded demo). */
  seed?: { show: ShowInfo; csv: string };
  /** Open as a follower: records come only from the primary (appendReplicated), no commands. */
  follower?: boolean;
}

/** What the core needs of OBS; absent when this core runs without OBS. */
export interface ObsCommandRunner {
  execute(
    command: ObsCommand,
  ): Promise<{ ok: true } | { ok: false; status: 400 | 409 | 500 | 503; error: string }>;
  configure(settings: ObsSettings): Promise<void>;
}

/** What the core needs of the chat sources; absent when this core runs without them. */
export interface ChatRunner {
  configure(settings: ChatSettingsUpdate): Promise<{ ok: true } | { ok: false; error: string }>;
}

/**
 * Each chat record costs a copy of the feed on the core and on every screen, so a busy chat is
 * written at most this often (batching what arrives in between); a quiet one is not delayed.
 */
const CHAT_RECORD_GAP_MS = 10;

/** What the core needs of the crew hub to revoke and kick; absent when nothing is connected to a hub. */
export interface CrewRunner {
  /** Issues a new token for the role and disconnects everyone holding the old one; returns how many. */
  revoke(role: Role, by: CrewActor): Promise<number>;
  /** Disconnects one client; null when it is not connected. */
  kick(clientId: string, by: CrewActor): { name: string; role: Role } | null;
}

/** The screen a command came from, when it came over the crew protocol. */
export interface CommandOrigin {
  clientId: string | null;
  /** For the crew list and its journal entries: the name given, else one for the browser (null over HTTP). */
  name: string | null;
  /** The name the client gave itself, if any: what show control goes by. */
  givenName: string | null;
}

interface ShowCoreEvents {
  record: [RecordMessage];
  /** The mode, term or follower status changed. */
  status: [CoreStatusMessage];
}

/**
 * One show's authority: every command, from any transport, comes through `execute`, which
 * parses it, checks the role, decides its events, makes them durable, and only then applies
 * and announces them. Commands run one at a time, so each is decided against the state every
 * earlier command left.
 */
export class ShowCore extends EventEmitter<ShowCoreEvents> {
  private queue: Promise<unknown> = Promise.resolve();
  /** Set by the server once OBS is wired; commands for OBS are refused without it. */
  obs: ObsCommandRunner | null = null;
  chat: ChatRunner | null = null;
  /** Set by the server once the crew hub is up; revoke and kick are refused without it. */
  crew: CrewRunner | null = null;
  /** The Slack reaction that marks a question, recorded with each chat batch. */
  questionReaction = 'question';
  private chatBatch: ChatIngest[] = [];
  private chatScheduled = false;
  private chatWriting: Promise<void> | null = null;
  private lastChatWriteAt = -Infinity;
  private readonly log: (line: string) => void;
  /** What crew screens may see: only state whose records are on disk. */
  private durable: { seq: number; state: ShowState };
  private modeNow: CoreMode;
  private followerStatus: FollowerStatus | null = null;
  private supersededBy: { term: number; url: string | null } | null = null;
  /**
   * Set by the server on a follower. `onStopFollowing` stops taking records and writes those
   * already received; `onPromote` then starts OBS and chat, and the core journals the new term.
   */
  onStopFollowing: (() => Promise<void>) | null = null;
  onPromote: (() => Promise<void>) | null = null;
  private promoting = false;

  private constructor(
    readonly showId: string,
    private readonly journal: Journal<ShowState, ShowEvent>,
    private readonly now: () => number,
    log: ((line: string) => void) | undefined,
    follower: boolean,
  ) {
    super();
    this.log = log ?? ((line) => console.warn(line));
    this.durable = { seq: journal.seq, state: journal.state };
    this.modeNow = follower ? 'follower' : 'primary';
  }

  static async open(options: ShowCoreOptions): Promise<ShowCore> {
    const now = options.now ?? Date.now;
    const journal = await Journal.open<ShowState, ShowEvent>({
      dir: options.showDir,
      initialState: () => emptyShowState(options.showId),
      apply: applyEvents,
      stateVersion: STATE_VERSION,
      snapshotEvery: options.snapshotEvery,
      log: options.log,
      now,
    });
    const core = new ShowCore(options.showId, journal, now, options.log, options.follower === true);
    if (journal.seq === 0 && options.seed && !options.follower) {
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

  get mode(): CoreMode {
    return this.modeNow;
  }

  get term(): number {
    return this.durable.state.term;
  }

  get status(): CoreStatusMessage {
    return {
      mode: this.modeNow,
      term: this.term,
      follower: this.modeNow === 'follower' ? this.followerStatus : null,
      supersededBy: this.supersededBy,
    };
  }

  /** Why this core takes no commands, or null when it is the primary. */
  private refusal(): string | null {
    if (this.modeNow === 'follower') {
      const from = this.followerStatus?.primaryUrl ?? 'the primary';
      return `this core is a backup following ${from}; use the primary, or promote this one to take over`;
    }
    if (this.modeNow === 'superseded') {
      const where = this.supersededBy?.url ? ` at ${this.supersededBy.url}` : '';
      return `this core was replaced by a promoted backup (term ${this.supersededBy?.term ?? '?'}${where}); its state is no longer the show's`;
    }
    return null;
  }

  /**
   * Parses, authorises and runs one command. Never throws; the result says what happened.
   * `origin` says which connection sent it: its `givenName` (socket handshake, X-Client-Name
   * header) is recorded with signals and is part of who holds show control (shared/control.ts);
   * a name guessed from the browser is not, or two producer windows would be two holders.
   */
  execute(payload: unknown, role: Role, origin?: CommandOrigin): Promise<CommandResult> {
    const parsed = CommandSchema.safeParse(payload);
    if (!parsed.success)
      return Promise.resolve({ ok: false, status: 400, error: describeZodError(parsed.error) });
    const command = parsed.data;
    if (!mayRun(role, command.type)) {
      return Promise.resolve({ ok: false, status: 403, error: `the ${role} role may not ${command.type}` });
    }
    if (command.type === 'promote') return this.promoteFollower({ role, name: origin?.givenName ?? null });
    if (this.modeNow === 'follower') {
      // A backup's own OBS and chat settings are its machine's, not the show's: entered before
      // a takeover, used once promoted. No show control is needed (the holder is on the primary).
      if (command.type === 'obsConfigure') return this.configureObs(command.settings);
      if (command.type === 'chatConfigure') return this.configureChat(command.settings);
    }
    const refused = this.refusal();
    if (refused) return Promise.resolve({ ok: false, status: 409, error: refused });
    const actor: Actor = { role, name: origin?.givenName ?? null };
    if (command.type === 'obsConfigure' || command.type === 'chatConfigure' || isObsCommand(command)) {
      // Refused at once when someone else holds control; settings are not journaled, so they
      // never take control implicitly (an OBS command does, with its record: see runObs).
      const control = checkControl(this.durable.state, actor, command.type, this.now());
      if (!control.ok) return Promise.resolve(control);
    }
    if (command.type === 'obsConfigure') return this.configureObs(command.settings);
    if (command.type === 'chatConfigure') return this.configureChat(command.settings);
    if (isObsCommand(command)) return this.runObs(command, actor);
    if (isCrewCommand(command)) {
      const by: CrewActor = { role, clientId: origin?.clientId ?? null, name: origin?.name ?? null };
      return this.serialize(() => this.runCrew(command, by));
    }
    return this.serialize(() => this.run(command, actor));
  }

  /** Runs tasks one at a time, in arrival order, whatever each one's outcome. */
  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * OBS commands act on OBS first (OBS is the authority on what is on air), then go into the
   * journal as what happened. Never queued while OBS is away: the controller refuses at once.
   */
  private async runObs(command: ObsCommand, actor: Actor): Promise<CommandResult> {
    if (!this.obs) return { ok: false, status: 503, error: 'OBS control is off in this core' };
    const result = await this.obs.execute(command);
    if (!result.ok) return { ok: false, status: result.status, error: result.error };
    return this.recordObsApplied([command], actor);
  }

  /**
   * Journals OBS commands that OBS carried out (by a person or by the rundown automation). A
   * person's command that found nobody holding control takes it in the same record.
   */
  recordObsApplied(commands: ObsCommand[], actor?: Actor): Promise<CommandResult> {
    if (commands.length === 0) return Promise.resolve({ ok: true, seq: this.seq });
    const at = this.now();
    return this.serialize(async () => {
      const control =
        actor && commands[0] ? checkControl(this.durable.state, actor, commands[0].type, at) : null;
      try {
        const record = await this.commit([
          ...(control?.ok ? control.events : []),
          ...commands.map((command) => ({ type: 'obsCommandApplied' as const, command, at })),
        ]);
        return { ok: true as const, seq: record.seq };
      } catch (error) {
        return {
          ok: false as const,
          status: 500 as const,
          error: `OBS did it, but it was not journaled: ${(error as Error).message}`,
        };
      }
    });
  }

  /**
   * Journals the stream going live or stopping, as OBS reported it, unless the journal already
   * says so (a reconnect to a stream still live records nothing). The report's chapters need it.
   */
  recordStreamState(observed: ObservedStream): Promise<void> {
    return this.serialize(async () => {
      const event = streamEventFor(this.durable.state.streamRuns ?? [], observed);
      if (!event) return;
      try {
        await this.commit([event]);
      } catch (error) {
        this.log(`stream ${event.active ? 'start' : 'stop'} not journaled: ${(error as Error).message}`);
      }
    });
  }

  /**
   * Chat from the sources: each operation is checked (a bad one is logged and dropped, never
   * journaled), then batched like a group commit: a quiet chat is written at once, and whatever
   * arrives while a write is on its way goes out together in the next one. A busy chat becomes
   * a few large records instead of thousands, without adding latency to a quiet one.
   */
  ingestChat(operations: readonly unknown[]): void {
    for (const operation of operations) {
      const parsed = ChatIngest.safeParse(operation);
      if (parsed.success) this.chatBatch.push(parsed.data);
      else this.log(`chat: dropped a malformed operation: ${describeZodError(parsed.error)}`);
    }
    this.scheduleChat();
  }

  /** At most one chat record per CHAT_RECORD_GAP_MS; a quiet chat is written on the next tick. */
  private scheduleChat(): void {
    if (this.chatBatch.length === 0 || this.chatScheduled || this.chatWriting) return;
    this.chatScheduled = true;
    const wait = this.lastChatWriteAt + CHAT_RECORD_GAP_MS - performance.now();
    const run = () => {
      this.chatScheduled = false;
      this.writeChat();
    };
    if (wait > 0) setTimeout(run, wait);
    else setImmediate(run);
  }

  private writeChat(): void {
    if (this.chatWriting || this.chatBatch.length === 0) return;
    this.lastChatWriteAt = performance.now();
    const operations = this.chatBatch.splice(0);
    const questionReaction = this.questionReaction;
    this.chatWriting = this.serialize(async () => {
      try {
        await this.commit([{ type: 'chatIngested', operations, questionReaction, at: this.now() }]);
      } catch (error) {
        this.log(`chat: ${operations.length} operations not journaled: ${(error as Error).message}`);
      }
    }).finally(() => {
      this.chatWriting = null;
      this.scheduleChat();
    });
  }

  /** Resolves once every chat operation handed over so far is durable (tests and shutdown). */
  async flushChat(): Promise<void> {
    this.writeChat();
    while (this.chatWriting) {
      await this.chatWriting;
      this.writeChat();
    }
  }

  /**
   * Revoke and kick act first (a revoked link must stop working even if the disk is failing),
   * then go into the journal as who did what to whom. The token itself is never journaled.
   */
  private async runCrew(command: CrewCommand, by: CrewActor): Promise<CommandResult> {
    const crew = this.crew;
    if (!crew) return { ok: false, status: 503, error: 'crew control is off in this core' };
    const at = this.now();
    let event: ShowEvent;
    if (command.type === 'revokeToken') {
      if (command.role === by.role) {
        return {
          ok: false,
          status: 409,
          error: `revoking the ${by.role} link from a ${by.role} screen would lock this screen out; revoke it from the other control role`,
        };
      }
      try {
        const disconnected = await crew.revoke(command.role, by);
        event = { type: 'tokenRevoked', role: command.role, by, at, disconnected };
      } catch (error) {
        return {
          ok: false,
          status: 500,
          error: `the ${command.role} link was not revoked: ${(error as Error).message}`,
        };
      }
    } else {
      if (by.clientId !== null && command.clientId === by.clientId) {
        return { ok: false, status: 409, error: 'that is this screen; reload it instead' };
      }
      const kicked = crew.kick(command.clientId, by);
      if (!kicked)
        return { ok: false, status: 409, error: 'that client is not connected (it may have left already)' };
      event = {
        type: 'clientKicked',
        clientId: command.clientId,
        name: kicked.name,
        role: kicked.role,
        by,
        at,
      };
    }
    try {
      const record = await this.commit([event]);
      return { ok: true, seq: record.seq };
    } catch (error) {
      return { ok: false, status: 500, error: `done, but not journaled: ${(error as Error).message}` };
    }
  }

  private async configureChat(settings: ChatSettingsUpdate): Promise<CommandResult> {
    if (!this.chat) return { ok: false, status: 503, error: 'chat sources are off in this core' };
    try {
      const result = await this.chat.configure(settings);
      return result.ok ? { ok: true, seq: this.seq } : { ok: false, status: 400, error: result.error };
    } catch (error) {
      return { ok: false, status: 500, error: `chat settings not saved: ${(error as Error).message}` };
    }
  }

  private async configureObs(settings: ObsSettings): Promise<CommandResult> {
    if (!this.obs) return { ok: false, status: 503, error: 'OBS control is off in this core' };
    try {
      await this.obs.configure(settings);
      return { ok: true, seq: this.seq };
    } catch (error) {
      return { ok: false, status: 500, error: `OBS settings not saved: ${(error as Error).message}` };
    }
  }

  private async run(command: ShowCommand, actor: Actor): Promise<CommandResult> {
    const now = this.now();
    const state = this.durable.state;
    // Checked here, in command order: a command queued behind a takeControl meets the new holder.
    const control = checkControl(state, actor, command.type, now);
    if (!control.ok) return control;
    const decision = decide(state, command, { now, role: actor.role, name: actor.name, newId: randomUUID });
    if (!decision.ok)
      return { ok: false, status: decision.code === 'invalid' ? 400 : 409, error: decision.error };
    // Already so (e.g. marking a message that is marked): nothing to journal, nothing changes.
    if (decision.events.length === 0) return { ok: true, seq: this.seq };
    try {
      const record = await this.commit([...control.events, ...decision.events]);
      return { ok: true, seq: record.seq };
    } catch (error) {
      return { ok: false, status: 500, error: `not saved: ${(error as Error).message}` };
    }
  }

  /** Appends, waits for the disk, then publishes: nobody sees a change that a crash could undo. */
  /**
   * Makes this follower the primary: the server stops following and starts OBS and chat, then
   * the new term is journaled, with show control for whoever promoted it (the old holder is on
   * the core that is gone). Everything replicated so far stays; nothing is asked of the old
   * primary, which may be gone.
   */
  private async promoteFollower(by: Actor): Promise<CommandResult> {
    if (this.modeNow !== 'follower') {
      return { ok: false, status: 409, error: `this core is the ${this.modeNow}, not a following backup` };
    }
    if (this.promoting)
      return { ok: false, status: 409, error: 'a promotion of this core is already under way' };
    this.promoting = true;
    try {
      // Outside the command queue: the records it drains are written through that queue.
      await this.onStopFollowing?.();
      return await this.serialize(() => this.promote(by));
    } finally {
      this.promoting = false;
    }
  }

  private async promote(by: Actor): Promise<CommandResult> {
    try {
      await this.onPromote?.();
    } catch (error) {
      return { ok: false, status: 500, error: `not promoted: ${(error as Error).message}` };
    }
    this.modeNow = 'primary';
    this.followerStatus = null;
    try {
      const at = this.now();
      const record = await this.commit([
        { type: 'termStarted', term: this.term + 1, at },
        {
          type: 'controlTaken',
          holder: { ...by, since: at },
          previous: this.durable.state.control ?? null,
          implicit: false,
        },
      ]);
      this.log(`promoted: this core is the primary now, term ${this.term}`);
      this.emit('status', this.status);
      return { ok: true, seq: record.seq };
    } catch (error) {
      this.emit('status', this.status);
      return {
        ok: false,
        status: 500,
        error: `promoted, but the new term was not journaled: ${(error as Error).message}`,
      };
    }
  }

  /** A follower whose own journal has a higher term than its primary's was promoted before: it runs the show. */
  resumeAsPrimary(): void {
    if (this.modeNow !== 'follower') return;
    this.modeNow = 'primary';
    this.emit('status', this.status);
  }

  /** A follower's copy of one of the primary's records, with its seq and time. */
  appendReplicated(record: RecordMessage): Promise<void> {
    return this.serialize(async () => {
      if (this.modeNow !== 'follower')
        throw new Error(`a ${this.modeNow} core does not take replicated records`);
      const written = await this.journal.appendRecord(record);
      this.durable = { seq: written.seq, state: this.journal.state };
      this.emit('record', written);
    });
  }

  /** Durable records after `seq`, however far back (read from the journal file if need be). */
  durableRecordsSince(seq: number): Promise<RecordMessage[]> {
    return this.journal.durableRecordsSince(seq);
  }

  /** The follower's progress, for its screens. */
  setFollowerStatus(status: FollowerStatus): void {
    this.followerStatus = status;
    this.emit('status', this.status);
  }

  /**
   * A screen or a peer knows a higher term than this core's: a backup was promoted while this
   * core was away. It stops taking commands (its records after the takeover are not the show's)
   * and says so; it keeps its journal untouched for the record.
   */
  learnTerm(term: number, url: string | null): void {
    if (term <= this.term || this.modeNow === 'follower') return;
    if (this.modeNow === 'superseded' && this.supersededBy && this.supersededBy.term >= term) return;
    this.supersededBy = { term, url };
    const was = this.modeNow;
    this.modeNow = 'superseded';
    this.log(
      `superseded: a core with term ${term}${url ? ` at ${url}` : ''} exists; this one (term ${this.term}) takes no more commands`,
    );
    if (was === 'primary') this.onSuperseded?.();
    this.emit('status', this.status);
  }

  /** Set by the server: a screen claims a higher term exists; check with the other cores. */
  onTermClaimed: (() => void) | null = null;

  /** Set by the server: stop OBS and chat on a core that was replaced. */
  onSuperseded: (() => void) | null = null;

  private async commit(events: ShowEvent[]): Promise<RecordMessage> {
    const refused = this.refusal();
    if (refused) throw new Error(refused);
    const record = await this.journal.append(events);
    this.durable = { seq: record.seq, state: this.journal.state };
    this.emit('record', record);
    return record;
  }

  async close(): Promise<void> {
    await this.flushChat();
    await this.journal.close();
  }
}
