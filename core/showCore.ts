import type { MediaObservation } from '../shared/mediaTimer.js';
import { mediaSyncEvents } from '../shared/mediaTimer.js';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ChatIngest } from '../shared/chat.js';
import type { ChatSettingsUpdate } from '../shared/chatSettings.js';
import type { Command, CommandType } from '../shared/commands.js';
import { Command as CommandSchema } from '../shared/commands.js';
import { describeZodError } from '../shared/zodErrors.js';
import type { CommandRoute, CommandTypeOn } from '../shared/commandTable.js';
import { COMMAND_TABLE, mayRun } from '../shared/commandTable.js';
import { checkControl } from '../shared/control.js';
import type { CrewActor } from '../shared/crew.js';
import { decide } from '../shared/decide.js';
import type { ShowEvent } from '../shared/events.js';
import type { ShowState } from '../shared/model.js';
import { emptyShowState, STATE_VERSION } from '../shared/model.js';
import type { ObsCommand, ObsSettings } from '../shared/obs.js';
import type { CommandResult, RecordMessage } from '../shared/protocol.js';
import type { CoreStatusMessage } from '../shared/protocol.js';
import { applyEvents } from '../shared/reducer.js';
import type { Role } from '../shared/roles.js';
import type { SheetTable } from '../shared/rundownImport.js';
import { importRundownCsv } from '../shared/rundownImport.js';
import type { AutomaticStart } from '../shared/scheduleActions.js';
import { automaticEvents } from '../shared/scheduleActions.js';
import type { Actor } from '../shared/signalCommands.js';
import type { ObservedStream } from '../shared/streamRecord.js';
import { streamEventFor } from '../shared/streamRecord.js';
import { ChatBatcher } from './chatBatcher.js';
import { Journal } from './journal/index.js';
import { readWorkbookSheet } from './xlsx/readWorkbook.js';
import { CoreRole } from './runtime/coreRole.js';
import type { ChatPort, CommandOrigin, CrewPort, ObsPort, ShowCoreOptions } from './showCorePorts.js';

export type { ChatPort, CommandOrigin, CrewPort, ObsPort, ShowCoreOptions } from './showCorePorts.js';

/** Who sent a command: as show control knows them, and as the crew list does. */
interface Sender {
  actor: Actor;
  crew: CrewActor;
}

type CommandOn<R extends CommandRoute> = Extract<Command, { type: CommandTypeOn<R> }>;
type RouteHandlers = { [R in CommandRoute]: (command: CommandOn<R>, from: Sender) => Promise<CommandResult> };

interface ShowCoreEvents {
  record: [RecordMessage];
  /** The mode, term or follower status changed. */
  status: [CoreStatusMessage];
}

const DEFAULT_QUESTION_REACTION = 'question';

/**
 * One show's authority: every command, from any transport, comes through `execute`, which
 * parses it, checks the role and show control by the command table (shared/commandTable.ts),
 * and hands it to its route; a change is made durable before it is applied and announced.
 * Commands run one at a time, so each is decided against the state every earlier one left.
 */
export class ShowCore extends EventEmitter<ShowCoreEvents> {
  readonly showId: string;
  private readonly journal: Journal<ShowState, ShowEvent>;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly role: CoreRole;
  private readonly obs: ObsPort | null;
  private readonly chat: ChatPort | null;
  private readonly crew: CrewPort | null;
  private readonly chatBatcher: ChatBatcher;
  private queue: Promise<unknown> = Promise.resolve();
  /** What crew screens may see: only state whose records are on disk. */
  private durable: { seq: number; state: ShowState };

  private readonly routes: RouteHandlers = {
    show: (command, from) =>
      this.asPrimary(() => {
        // Others queue in this tick, so one sent before an automatic start is ahead of it.
        if (command.type !== 'importRundown' || command.format !== 'xlsx')
          return this.serialize(() => this.runShow(command, from.actor));
        // A workbook is read (slow, zone-free) before it queues; its zone applies in command order.
        return readWorkbookSheet(command.text, command.sheet).then((sheet) =>
          sheet.ok
            ? this.serialize(() => this.runShow(command, from.actor, sheet.sheet))
            : { ok: false, status: 400, error: sheet.error },
        );
      }),
    obs: (command, from) => this.asPrimary(() => this.runObs(command, from.actor)),
    obsSettings: (command, from) =>
      this.saveSettings(command.type, from.actor, () => this.configureObs(command.settings)),
    chatSettings: (command, from) =>
      this.saveSettings(command.type, from.actor, () => this.configureChat(command.settings)),
    crew: (command, from) => this.asPrimary(() => this.serialize(() => this.runCrew(command, from))),
    promote: (_command, from) => this.promote(from.actor),
  };

  private constructor(journal: Journal<ShowState, ShowEvent>, options: ShowCoreOptions) {
    super();
    this.showId = options.showId;
    this.journal = journal;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => console.warn(line));
    this.role = options.role ?? new CoreRole({ initial: 'primary', log: this.log });
    this.obs = options.obs ?? null;
    this.chat = options.chat ?? null;
    this.crew = options.crew ?? null;
    this.durable = { seq: journal.seq, state: journal.state };
    this.chatBatcher = new ChatBatcher((operations) => this.writeChat(operations), this.log);
    this.role.on('change', () => this.emit('status', this.status));
  }

  static async open(options: ShowCoreOptions): Promise<ShowCore> {
    const journal = await Journal.open<ShowState, ShowEvent>({
      dir: options.showDir,
      initialState: () => emptyShowState(options.showId),
      apply: applyEvents,
      stateVersion: STATE_VERSION,
      snapshotEvery: options.snapshotEvery,
      log: options.log,
      now: options.now ?? Date.now,
    });
    const core = new ShowCore(journal, options);
    if (journal.seq === 0 && options.seed && core.mode !== 'follower') {
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

  get mode() {
    return this.role.mode;
  }

  get term(): number {
    return this.durable.state.term;
  }

  get status(): CoreStatusMessage {
    return {
      mode: this.role.mode,
      term: this.term,
      follower: this.role.followerStatus,
      supersededBy: this.role.supersededBy,
    };
  }

  /** The Slack reaction that marks a question, as the chat settings say. */
  get questionReaction(): string {
    return this.chat?.questionReaction ?? DEFAULT_QUESTION_REACTION;
  }

  /** Records after `seq` for a resuming client, or null when it must take a fresh snapshot. */
  recordsSince(seq: number): RecordMessage[] | null {
    if (seq > this.durable.seq) return null;
    const records = this.journal.recordsSince(seq);
    return records?.filter((r) => r.seq <= this.durable.seq) ?? null;
  }

  /**
   * Durable records after `seq`, however far back, in batches (streamed from the journal file
   * if need be, so a long catch-up never holds the whole journal in memory).
   */
  durableRecordsSince(seq: number): AsyncGenerator<RecordMessage[], void, undefined> {
    return this.journal.durableRecordsSince(seq);
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
    const from: Sender = {
      actor: { role, name: origin?.givenName ?? null },
      crew: { role, clientId: origin?.clientId ?? null, name: origin?.name ?? null },
    };
    // The table says this command's route; TypeScript cannot follow a lookup to the union member.
    const handler = this.routes[COMMAND_TABLE[command.type].route] as (
      command: Command,
      from: Sender,
    ) => Promise<CommandResult>;
    return handler(command, from);
  }

  /** Runs tasks one at a time, in arrival order, whatever each one's outcome. */
  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A follower or a superseded core takes no commands that change the show. */
  private asPrimary(run: () => Promise<CommandResult>): Promise<CommandResult> {
    const refused = this.role.refusal();
    return refused ? Promise.resolve({ ok: false, status: 409, error: refused }) : run();
  }

  private async runShow(
    command: CommandOn<'show'>,
    actor: Actor,
    sheet?: SheetTable,
  ): Promise<CommandResult> {
    const now = this.now();
    const state = this.durable.state;
    // Checked here, in command order: a command queued behind a takeControl meets the new holder.
    const control = checkControl(state, actor, command.type, now);
    if (!control.ok) return control;
    const decision = decide(state, command, {
      now,
      role: actor.role,
      name: actor.name,
      newId: randomUUID,
      ...(sheet ? { sheet } : {}),
    });
    if (!decision.ok)
      return { ok: false, status: decision.code === 'invalid' ? 400 : 409, error: decision.error };
    // Already so (e.g. marking a message that is marked): nothing to journal, nothing changes.
    if (decision.events.length === 0) return { ok: true, seq: this.seq };
    return this.commitResult([...control.events, ...decision.events], 'not saved');
  }

  /**
   * OBS commands act on OBS first (OBS is the authority on what is on air), then go into the
   * journal as what happened. Never queued while OBS is away: the controller refuses at once.
   */
  private async runObs(command: ObsCommand, actor: Actor): Promise<CommandResult> {
    // Refused at once when someone else holds control; taking it implicitly is journaled with the record.
    const control = checkControl(this.durable.state, actor, command.type, this.now());
    if (!control.ok) return control;
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
      return this.commitResult(
        [
          ...(control?.ok ? control.events : []),
          ...commands.map((command) => ({ type: 'obsCommandApplied' as const, command, at })),
        ],
        'OBS did it, but it was not journaled',
      );
    });
  }

  /**
   * The scheduler's start of a segment (core/runtime/scheduler.ts), journaled with its reason,
   * in the command queue like a person's command: decided against the state every command
   * before it left, so a producer who started another segment first wins (null: no longer due).
   */
  actAutomatically(start: AutomaticStart): Promise<CommandResult | null> {
    if (this.role.refusal()) return Promise.resolve(null);
    return this.serialize(async () => {
      const events = automaticEvents(this.durable.state, start, this.now());
      if (!events) return null;
      return this.commitResult(events, 'automatic start not saved');
    });
  }

  /**
   * A reading of the live segment's media from OBS (core/runtime/mediaSegments.ts): journaled,
   * in the command queue, when the timer must follow it (shared/mediaTimer.ts says when).
   * Returns whether anything was journaled.
   */
  recordMediaStatus(segmentId: string, observation: MediaObservation): Promise<boolean> {
    if (this.role.refusal()) return Promise.resolve(false);
    return this.serialize(async () => {
      const events = mediaSyncEvents(this.durable.state, segmentId, observation);
      if (events.length === 0) return false;
      try {
        await this.commit(events);
        return true;
      } catch (error) {
        this.log(`media position of "${segmentId}" not journaled: ${(error as Error).message}`);
        return false;
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

  /** Chat from the sources, checked and batched into records (core/chatBatcher.ts). */
  ingestChat(operations: readonly unknown[]): void {
    this.chatBatcher.add(operations);
  }

  /** Resolves once every chat operation handed over so far is durable (tests and shutdown). */
  flushChat(): Promise<void> {
    return this.chatBatcher.flush();
  }

  private writeChat(operations: ChatIngest[]): Promise<void> {
    const questionReaction = this.questionReaction;
    return this.serialize(async () => {
      try {
        await this.commit([{ type: 'chatIngested', operations, questionReaction, at: this.now() }]);
      } catch (error) {
        this.log(`chat: ${operations.length} operations not journaled: ${(error as Error).message}`);
      }
    });
  }

  /**
   * Revoke and kick act first (a revoked link must stop working even if the disk is failing),
   * then go into the journal as who did what to whom. The token itself is never journaled.
   */
  private async runCrew(command: CommandOn<'crew'>, from: Sender): Promise<CommandResult> {
    const crew = this.crew;
    if (!crew) return { ok: false, status: 503, error: 'crew control is off in this core' };
    const at = this.now();
    const control = checkControl(this.durable.state, from.actor, command.type, at);
    if (!control.ok) return control;
    const by = from.crew;
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
    return this.commitResult([...control.events, event], 'done, but not journaled');
  }

  /**
   * This machine's OBS and chat settings: never journaled, so they never take control
   * implicitly. On the primary only the holder of show control may change them; a following
   * backup takes its own (its machine's, not the show's) without control, ready for a takeover.
   */
  private saveSettings(
    type: CommandType,
    actor: Actor,
    save: () => Promise<CommandResult>,
  ): Promise<CommandResult> {
    if (this.role.mode === 'follower') return save();
    return this.asPrimary(() => {
      const control = checkControl(this.durable.state, actor, type, this.now());
      return control.ok ? save() : Promise.resolve(control);
    });
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

  /**
   * Makes this follower the primary (core/runtime/coreRole.ts): following stops and OBS and
   * chat start, then the new term is journaled, with show control for whoever promoted it (the
   * old holder is on the core that is gone). Everything replicated so far stays; nothing is
   * asked of the old primary, which may be gone.
   */
  private promote(by: Actor): Promise<CommandResult> {
    return this.role.promote((becomePrimary) =>
      // In the command queue: the records the follower drained went through it first.
      this.serialize(() => {
        becomePrimary();
        const at = this.now();
        return this.commitResult(
          [
            { type: 'termStarted', term: this.term + 1, at },
            {
              type: 'controlTaken',
              holder: { ...by, since: at },
              previous: this.durable.state.control ?? null,
              implicit: false,
            },
          ],
          'promoted, but the new term was not journaled',
        );
      }),
    );
  }

  /** A follower's copy of one of the primary's records, with its seq and time. */
  appendReplicated(record: RecordMessage): Promise<void> {
    return this.serialize(async () => {
      if (this.role.mode !== 'follower')
        throw new Error(`a ${this.role.mode} core does not take replicated records`);
      const written = await this.journal.appendRecord(record);
      this.durable = { seq: written.seq, state: this.journal.state };
      this.emit('record', written);
    });
  }

  /** Commits and answers the command: the record's seq, or why it is not on disk. */
  private async commitResult(events: ShowEvent[], failure: string): Promise<CommandResult> {
    try {
      const record = await this.commit(events);
      return { ok: true, seq: record.seq };
    } catch (error) {
      return { ok: false, status: 500, error: `${failure}: ${(error as Error).message}` };
    }
  }

  /** Appends, waits for the disk, then publishes: nobody sees a change that a crash could undo. */
  private async commit(events: ShowEvent[]): Promise<RecordMessage> {
    const refused = this.role.refusal();
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
