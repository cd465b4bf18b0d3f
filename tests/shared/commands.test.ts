import { describe, expect, it } from 'vitest';
import type { CommandType } from '../../shared/commands.js';
import { Command, MAX_ADJUST_MS, MAX_IMPORT_CHARS, MAX_MESSAGE_CHARS } from '../../shared/commands.js';
import { COMMAND_TABLE, mayRun } from '../../shared/commandTable.js';
import { describeZodError } from '../../shared/zodErrors.js';
import { ROLES } from '../../shared/roles.js';
import { SHOW_INFO } from './fixtures.js';

/** One valid example of every command. */
const VALID: Record<CommandType, Record<string, unknown>> = {
  importRundown: { type: 'importRundown', format: 'csv', text: 'session,start_utc\n', show: SHOW_INFO },
  importTalkList: {
    type: 'importTalkList',
    text: 'speaker,title\nAda,One\n',
    placement: { newSession: { title: 'Lightning talks' } },
  },
  updateShow: { type: 'updateShow', changes: { name: 'New name' } },
  updateSegment: { type: 'updateSegment', segmentId: 'talk', changes: { title: 'x', durationMs: 60_000 } },
  updateSegments: {
    type: 'updateSegments',
    updates: [{ segmentId: 'break', changes: { durationMs: 10 * 60_000 } }],
  },
  setAutomation: { type: 'setAutomation', paused: true },
  insertSegment: {
    type: 'insertSegment',
    afterSegmentId: null,
    segment: {
      kind: 'talk',
      session: 'S1',
      title: 'New',
      speakers: [],
      plannedStart: null,
      durationMs: 60_000,
      warningMs: 10_000,
      dangerMs: 5_000,
      notes: '',
    },
  },
  removeSegment: { type: 'removeSegment', segmentId: 'talk' },
  startSegment: { type: 'startSegment', segmentId: 'talk' },
  nextSegment: { type: 'nextSegment' },
  pauseTimer: { type: 'pauseTimer' },
  resumeTimer: { type: 'resumeTimer' },
  adjustTime: { type: 'adjustTime', deltaMs: 60_000 },
  endShow: { type: 'endShow' },
  sendMessage: { type: 'sendMessage', preset: 'wrapUp' },
  clearMessage: { type: 'clearMessage' },
  obsSetProgramScene: { type: 'obsSetProgramScene', sceneName: 'Main' },
  obsSetPreviewScene: { type: 'obsSetPreviewScene', sceneName: 'Main' },
  obsTransition: { type: 'obsTransition' },
  obsSetStudioMode: { type: 'obsSetStudioMode', enabled: true },
  obsSetTransition: { type: 'obsSetTransition', name: 'Fade', durationMs: 300 },
  obsStream: { type: 'obsStream', action: 'start' },
  obsRecord: { type: 'obsRecord', action: 'stop' },
  obsSetText: { type: 'obsSetText', inputName: 'LowerThird', text: 'Ada — Engines' },
  obsSetSceneItemEnabled: {
    type: 'obsSetSceneItemEnabled',
    sceneName: 'Main',
    sourceName: 'Logo',
    enabled: false,
  },
  obsMedia: { type: 'obsMedia', inputName: 'Intro', action: 'restart' },
  obsConfigure: { type: 'obsConfigure', settings: { host: '127.0.0.1', port: 4455, password: 'secret' } },
  markMessage: { type: 'markMessage', messageId: 'slack:C1:1.2', question: true },
  approveMessage: { type: 'approveMessage', messageId: 'youtube:abc' },
  addStaffQuestion: { type: 'addStaffQuestion', text: 'What is normcore?', segmentId: null },
  editQuestion: { type: 'editQuestion', questionId: 'q1', text: 'Shorter?' },
  assignQuestion: { type: 'assignQuestion', questionId: 'q1', segmentId: 'talk' },
  queueQuestion: { type: 'queueQuestion', questionId: 'q1' },
  moveQuestion: { type: 'moveQuestion', questionId: 'q1', toIndex: 0 },
  putQuestionOnAir: { type: 'putQuestionOnAir', questionId: 'q1' },
  nextQuestion: { type: 'nextQuestion' },
  answerQuestion: { type: 'answerQuestion', questionId: 'q1' },
  dismissQuestion: { type: 'dismissQuestion', questionId: 'q1' },
  restoreQuestion: { type: 'restoreQuestion', questionId: 'q1' },
  voteQuestion: { type: 'voteQuestion', questionId: 'q1' },
  mergeQuestions: { type: 'mergeQuestions', intoId: 'q1', fromId: 'q2' },
  requestFiller: { type: 'requestFiller' },
  clearFillerRequest: { type: 'clearFillerRequest' },
  takeControl: { type: 'takeControl', expectHolder: { role: 'producer', name: 'Ana' } },
  acknowledgeMessage: { type: 'acknowledgeMessage', messageId: 'm1' },
  signalProducer: { type: 'signalProducer', kind: 'audioProblem' },
  acknowledgeSignal: { type: 'acknowledgeSignal', signalId: 's1' },
  clearSignal: { type: 'clearSignal', signalId: 's1' },
  chatConfigure: {
    type: 'chatConfigure',
    settings: {
      slack: { appToken: 'xapp-1-A', botToken: 'xoxb-1', channels: ['C0123ABCD'] },
      youtube: { apiKey: 'key', video: 'https://youtu.be/dQw4w9WgXcQ' },
    },
  },
  revokeToken: { type: 'revokeToken', role: 'mc' },
  kickClient: { type: 'kickClient', clientId: 'abc123' },
  promote: { type: 'promote' },
};

/** The question feed is run by more of the crew than the show itself. */
const CURATORS = ['backup', 'moderator', 'producer'];
const ON_AIR = ['backup', 'mc', 'moderator', 'producer'];
const FEED_ROLES: Partial<Record<CommandType, string[]>> = {
  markMessage: CURATORS,
  approveMessage: CURATORS,
  addStaffQuestion: CURATORS,
  editQuestion: CURATORS,
  assignQuestion: CURATORS,
  queueQuestion: CURATORS,
  moveQuestion: CURATORS,
  putQuestionOnAir: ON_AIR,
  nextQuestion: ON_AIR,
  answerQuestion: ON_AIR,
  dismissQuestion: ON_AIR,
  restoreQuestion: CURATORS,
  voteQuestion: CURATORS,
  mergeQuestions: CURATORS,
  requestFiller: ['backup', 'mc', 'producer'],
  clearFillerRequest: CURATORS,
};
/** Between the people running the show: hand-over, acknowledgements, the MC's signals. */
const CREW_ROLES: Partial<Record<CommandType, string[]>> = {
  takeControl: ['backup', 'producer'],
  acknowledgeMessage: ['mc', 'viewer'],
  signalProducer: ['mc'],
  acknowledgeSignal: ['backup', 'producer'],
  clearSignal: ['backup', 'producer'],
};
const ALL_TYPES = Object.keys(VALID) as CommandType[];
const SHOW_TYPES = ALL_TYPES.filter((type) => !(type in FEED_ROLES) && !(type in CREW_ROLES));

function parseError(input: unknown): string {
  const result = Command.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return describeZodError(result.error);
}

describe('Command schema', () => {
  it.each(ALL_TYPES)('accepts a valid %s', (type) => {
    const result = Command.safeParse(VALID[type]);
    expect(result.success).toBe(true);
    expect(result.data?.type).toBe(type);
  });

  it('covers every command type the role table knows', () => {
    expect(ALL_TYPES.sort()).toEqual(Object.keys(COMMAND_TABLE).sort());
  });

  it('rejects unknown types and non-objects', () => {
    expect(parseError({ type: 'rebootObs' })).toMatch(/^type: /);
    expect(parseError({})).toMatch(/type/);
    for (const junk of [null, undefined, 42, 'nextSegment', [], [{ type: 'nextSegment' }]]) {
      expect(Command.safeParse(junk).success).toBe(false);
    }
  });

  it.each(ALL_TYPES)('rejects %s with an extra field (strict)', (type) => {
    expect(parseError({ ...VALID[type], extra: true })).toMatch(/Unrecognized key.*extra/);
  });

  it('rejects extra fields nested in changes and in a new segment', () => {
    expect(Command.safeParse({ type: 'updateShow', changes: { name: 'x', colour: 'red' } }).success).toBe(
      false,
    );
    expect(Command.safeParse({ type: 'updateSegment', segmentId: 'a', changes: { id: 'b' } }).success).toBe(
      false,
    );
    const segment = { ...(VALID.insertSegment['segment'] as object), speaker: 'typo' };
    expect(Command.safeParse({ ...VALID.insertSegment, segment }).success).toBe(false);
  });

  it('rejects a custom message without text, or with only spaces, or too long', () => {
    expect(parseError({ type: 'sendMessage', preset: 'custom' })).toBe('text: a custom message needs text');
    expect(Command.safeParse({ type: 'sendMessage', preset: 'custom', text: '   ' }).success).toBe(false);
    expect(
      Command.safeParse({ type: 'sendMessage', preset: 'custom', text: 'x'.repeat(MAX_MESSAGE_CHARS + 1) })
        .success,
    ).toBe(false);
    expect(
      Command.safeParse({ type: 'sendMessage', preset: 'custom', text: 'x'.repeat(MAX_MESSAGE_CHARS) })
        .success,
    ).toBe(true);
  });

  it('trims a custom message', () => {
    const parsed = Command.parse({ type: 'sendMessage', preset: 'custom', text: '  Questions now  ' });
    expect(parsed).toEqual({ type: 'sendMessage', preset: 'custom', text: 'Questions now' });
  });

  it('rejects an unknown message preset', () => {
    expect(Command.safeParse({ type: 'sendMessage', preset: 'panic' }).success).toBe(false);
  });

  it('rejects deltaMs of 0, beyond ±1 h, fractional or not a number', () => {
    expect(parseError({ type: 'adjustTime', deltaMs: 0 })).toBe('deltaMs: deltaMs must not be 0');
    expect(parseError({ type: 'adjustTime', deltaMs: MAX_ADJUST_MS + 1 })).toMatch(/^deltaMs: Too big/);
    expect(parseError({ type: 'adjustTime', deltaMs: -MAX_ADJUST_MS - 1 })).toMatch(/^deltaMs: Too small/);
    for (const deltaMs of [1.5, '60000', null, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(Command.safeParse({ type: 'adjustTime', deltaMs }).success).toBe(false);
    }
    expect(Command.safeParse({ type: 'adjustTime', deltaMs: MAX_ADJUST_MS }).success).toBe(true);
    expect(Command.safeParse({ type: 'adjustTime', deltaMs: -MAX_ADJUST_MS }).success).toBe(true);
  });

  it('rejects wrong types and malformed ids', () => {
    expect(Command.safeParse({ type: 'startSegment', segmentId: 42 }).success).toBe(false);
    expect(Command.safeParse({ type: 'startSegment' }).success).toBe(false);
    expect(Command.safeParse({ type: 'startSegment', segmentId: '' }).success).toBe(false);
    expect(Command.safeParse({ type: 'startSegment', segmentId: 'a b' }).success).toBe(false);
    expect(Command.safeParse({ type: 'startSegment', segmentId: 'x'.repeat(65) }).success).toBe(false);
    expect(Command.safeParse({ type: 'removeSegment', segmentId: ['talk'] }).success).toBe(false);
    expect(
      Command.safeParse({ type: 'insertSegment', segment: VALID.insertSegment['segment'] }).success,
    ).toBe(false);
    expect(Command.safeParse({ type: 'importRundown', format: 'xml', text: '' }).success).toBe(false);
    expect(Command.safeParse({ type: 'importRundown', format: 'csv', text: 5 }).success).toBe(false);
    expect(Command.safeParse({ type: 'updateShow', changes: { timezone: 'Mars/Olympus' } }).success).toBe(
      false,
    );
    expect(
      Command.safeParse({ type: 'updateSegment', segmentId: 'a', changes: { durationMs: -1 } }).success,
    ).toBe(false);
    expect(
      Command.safeParse({ type: 'updateSegment', segmentId: 'a', changes: { kind: 'party' } }).success,
    ).toBe(false);
  });

  it('rejects an import text beyond the limit', () => {
    const text = 'x'.repeat(MAX_IMPORT_CHARS + 1);
    expect(Command.safeParse({ type: 'importRundown', format: 'csv', text }).success).toBe(false);
  });
});

describe('describeZodError', () => {
  it('names the path of each problem, at most five', () => {
    const result = Command.safeParse({
      type: 'insertSegment',
      afterSegmentId: 7,
      segment: {
        kind: 'x',
        session: 1,
        title: 2,
        speakers: 3,
        plannedStart: 'x',
        durationMs: 'x',
        warningMs: 'x',
      },
    });
    expect(result.success).toBe(false);
    const text = describeZodError(result.error!);
    const parts = text.split('; ');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toMatch(/^afterSegmentId: /);
    expect(parts.slice(1).every((p) => p.startsWith('segment.'))).toBe(true);
  });
});

describe('the command table: roles and mayRun', () => {
  it.each(SHOW_TYPES)('%s: producer and backup may run it; mc, moderator and viewer may not', (type) => {
    expect(mayRun('producer', type)).toBe(true);
    expect(mayRun('backup', type)).toBe(true);
    expect(mayRun('mc', type)).toBe(false);
    expect(mayRun('moderator', type)).toBe(false);
    expect(mayRun('viewer', type)).toBe(false);
  });

  it('has exactly producer and backup for every show command, and nothing else', () => {
    for (const type of SHOW_TYPES) {
      expect([...COMMAND_TABLE[type].roles].sort()).toEqual(['backup', 'producer']);
    }
    for (const role of ROLES) {
      const allowed = SHOW_TYPES.filter((type) => mayRun(role, type));
      expect(allowed.length).toBe(role === 'producer' || role === 'backup' ? SHOW_TYPES.length : 0);
    }
  });

  it('lets the crew signal each other; a viewer (the stage screen) may only acknowledge a message', () => {
    for (const [type, roles] of Object.entries(CREW_ROLES) as Array<[CommandType, string[]]>) {
      expect([...COMMAND_TABLE[type].roles].sort()).toEqual(roles);
    }
    expect(ALL_TYPES.filter((type) => mayRun('viewer', type))).toEqual(['acknowledgeMessage']);
    expect(mayRun('mc', 'takeControl')).toBe(false);
  });

  it('lets moderators curate questions and MCs run them on air; viewers nothing', () => {
    for (const [type, roles] of Object.entries(FEED_ROLES) as Array<[CommandType, string[]]>) {
      expect([...COMMAND_TABLE[type].roles].sort()).toEqual(roles);
      expect(mayRun('viewer', type)).toBe(false);
    }
  });
});
