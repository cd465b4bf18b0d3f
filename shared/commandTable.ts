import type { CommandType } from './commands.js';
import type { Role } from './roles.js';

/**
 * The one table of commands: for each command type, who may send it, whether it needs show
 * control, and which part of the core runs it. The core checks the first two on every command,
 * whatever the transport, and dispatches on the third; screens read the same table to enable
 * their buttons. Adding a command is one schema (commands.ts and its neighbours) and one entry
 * here; a schema without an entry does not compile.
 */

/**
 * - `holder`: only the holder of show control may run it (a producer with nobody holding
 *   control takes it by doing so: control.ts).
 * - `free`: anyone with the role may, whoever holds control (questions, signals, answering them).
 * - `takes`: it is how control changes hands (takeControl; promote, which gives the promoter
 *   control on the new primary).
 */
export type ControlRule = 'holder' | 'free' | 'takes';

/**
 * - `show`: decided against the show state (shared/decide.ts) and journaled.
 * - `obs`: carried out by OBS first, then journaled as what OBS did.
 * - `obsSettings`, `chatSettings`: this machine's connection settings, saved beside the show and
 *   never journaled; a following backup takes them too, ready for a takeover.
 * - `crew`: revoke a link or kick a screen, then journal who did it.
 * - `promote`: makes a following backup the primary.
 */
export type CommandRoute = 'show' | 'obs' | 'obsSettings' | 'chatSettings' | 'crew' | 'promote';

export interface CommandRule {
  roles: readonly Role[];
  control: ControlRule;
  route: CommandRoute;
}

const CONTROL_ROLES = ['producer', 'backup'] as const satisfies readonly Role[];
/** Staff who curate the feed. */
const CURATORS = ['moderator', 'producer', 'backup'] as const satisfies readonly Role[];
/** Who runs questions on air: the MC asks them, and staff can step in. */
const ON_AIR = ['mc', 'moderator', 'producer', 'backup'] as const satisfies readonly Role[];

/** Runs the show: producer and backup, holder only, decided and journaled. */
const RUNS_SHOW = { roles: CONTROL_ROLES, control: 'holder', route: 'show' } as const;
const CURATES = { roles: CURATORS, control: 'free', route: 'show' } as const;
const ON_AIR_QUESTION = { roles: ON_AIR, control: 'free', route: 'show' } as const;
const DRIVES_OBS = { roles: CONTROL_ROLES, control: 'holder', route: 'obs' } as const;

export const COMMAND_TABLE = {
  importRundown: RUNS_SHOW,
  importTalkList: RUNS_SHOW,
  updateShow: RUNS_SHOW,
  updateSegment: RUNS_SHOW,
  updateSegments: RUNS_SHOW,
  setAutomation: RUNS_SHOW,
  insertSegment: RUNS_SHOW,
  removeSegment: RUNS_SHOW,
  startSegment: RUNS_SHOW,
  nextSegment: RUNS_SHOW,
  pauseTimer: RUNS_SHOW,
  resumeTimer: RUNS_SHOW,
  adjustTime: RUNS_SHOW,
  endShow: RUNS_SHOW,
  sendMessage: RUNS_SHOW,
  clearMessage: RUNS_SHOW,

  markMessage: CURATES,
  approveMessage: CURATES,
  addStaffQuestion: CURATES,
  editQuestion: CURATES,
  assignQuestion: CURATES,
  queueQuestion: CURATES,
  moveQuestion: CURATES,
  restoreQuestion: CURATES,
  voteQuestion: CURATES,
  mergeQuestions: CURATES,
  clearFillerRequest: CURATES,
  putQuestionOnAir: ON_AIR_QUESTION,
  nextQuestion: ON_AIR_QUESTION,
  answerQuestion: ON_AIR_QUESTION,
  dismissQuestion: ON_AIR_QUESTION,
  requestFiller: { roles: ['mc', 'producer', 'backup'], control: 'free', route: 'show' },

  takeControl: { roles: CONTROL_ROLES, control: 'takes', route: 'show' },
  // The stage screen runs on the viewer token: a remote speaker's "Got it" is what the producer
  // wants to know. It is the one command a viewer may send, and it changes nothing but the
  // acknowledgements of the message showing now.
  acknowledgeMessage: { roles: ['mc', 'viewer'], control: 'free', route: 'show' },
  signalProducer: { roles: ['mc'], control: 'free', route: 'show' },
  // Answering the MC is talking, which either console may do, whoever runs the show.
  acknowledgeSignal: { roles: CONTROL_ROLES, control: 'free', route: 'show' },
  clearSignal: { roles: CONTROL_ROLES, control: 'free', route: 'show' },

  obsSetProgramScene: DRIVES_OBS,
  obsSetPreviewScene: DRIVES_OBS,
  obsTransition: DRIVES_OBS,
  obsSetStudioMode: DRIVES_OBS,
  obsSetTransition: DRIVES_OBS,
  obsStream: DRIVES_OBS,
  obsRecord: DRIVES_OBS,
  obsSetText: DRIVES_OBS,
  obsSetSceneItemEnabled: DRIVES_OBS,
  obsMedia: DRIVES_OBS,
  obsConfigure: { roles: CONTROL_ROLES, control: 'holder', route: 'obsSettings' },
  chatConfigure: { roles: CONTROL_ROLES, control: 'holder', route: 'chatSettings' },

  // Locking someone out mid-show is running it: a standby console must take control first, so
  // a stray click there cannot cut off the producer's screen.
  revokeToken: { roles: CONTROL_ROLES, control: 'holder', route: 'crew' },
  kickClient: { roles: CONTROL_ROLES, control: 'holder', route: 'crew' },

  promote: { roles: CONTROL_ROLES, control: 'takes', route: 'promote' },
} as const satisfies Record<CommandType, CommandRule>;

/** The command types the core runs on one route (e.g. every OBS command). */
export type CommandTypeOn<R extends CommandRoute> = {
  [T in CommandType]: (typeof COMMAND_TABLE)[T]['route'] extends R ? T : never;
}[CommandType];

export function mayRun(role: Role, type: CommandType): boolean {
  return (COMMAND_TABLE[type].roles as readonly Role[]).includes(role);
}

/** Only the holder of show control may run it (see ControlRule). */
export function requiresControl(type: CommandType): boolean {
  return COMMAND_TABLE[type].control === 'holder';
}
