import type {
  CompanionActionDefinitions,
  CompanionFeedbackDefinitions,
  CompanionInputFieldDropdown,
  DropdownChoice,
  SomeCompanionActionInputField,
  SomeCompanionConfigField,
} from '@companion-module/base';
import { combineRgb } from '@companion-module/base';
import type { Command } from '../../shared/commands.js';
import type { CommandResult } from '../../shared/protocol.js';
import type { ActionId, FeedbackId, FeedbackOptions, ShowView } from './show.js';
import { PHASE_CHOICES, SIGNAL_CHOICES, VARIABLES, commandFor, feedbackValue } from './show.js';
import type { Actor } from '../../shared/signalCommands.js';

/**
 * Companion's definitions of the module: config fields, actions, feedbacks and variables, as
 * thin wrappers around show.ts. They read the show through a ModuleSide (the instance in
 * Companion, a plain object in the tests), so nothing here holds a socket.
 */

export interface ModuleConfig {
  /** How the module is listed in the crew panel and named in the journal. */
  clientName?: string;
}
export interface ModuleSecrets {
  /** A producer's (or backup's) join link: it carries the token, so it lives in Companion's secrets. */
  joinLink?: string;
}

export const DEFAULT_CLIENT_NAME = 'Stream Deck';

export function configFields(): SomeCompanionConfigField[] {
  return [
    {
      type: 'static-text',
      id: 'info',
      width: 12,
      label: 'Showcaller',
      value:
        'Paste a producer join link from the console (Crew → Join links → Producer). A backup ' +
        'operator pastes the backup link instead. The link holds the token: keep it to yourself.',
    },
    {
      type: 'secret-text',
      id: 'joinLink',
      label: 'Join link',
      width: 12,
      default: '',
    },
    {
      type: 'textinput',
      id: 'clientName',
      label: 'Name in the crew list',
      tooltip:
        'Show control is held by a role and a name: give the same name as the producer console ' +
        'to share control with it, or a name of its own and take control from the deck.',
      width: 6,
      default: DEFAULT_CLIENT_NAME,
    },
  ];
}

/** What the definitions need from the running module. */
export interface ModuleSide {
  view(): ShowView;
  send(command: Command): Promise<CommandResult>;
  /** Who this module is to the core (hello), for the "who holds control" feedback. */
  identity(): Actor | null;
  /** Moves the deck's own selection (ShowView.selectedId) one row down or up; sends nothing. */
  select(step: 1 | -1): void;
}

const PRESET_MESSAGE_CHOICES: DropdownChoice[] = [
  { id: 'wrapUp', label: 'Please wrap up' },
  { id: 'oneMinute', label: 'One minute' },
  { id: 'stretch', label: 'Stretch: take your time' },
];

function dropdown(
  id: string,
  label: string,
  choices: readonly DropdownChoice[],
): CompanionInputFieldDropdown {
  return { type: 'dropdown', id, label, choices: [...choices], default: choices[0]?.id ?? '' };
}

/** Scene names as the module last saw them in OBS, for the scene action's dropdown. */
export function sceneChoices(view: ShowView): DropdownChoice[] {
  return (view.obs?.scenes ?? []).map((scene) => ({ id: scene, label: scene }));
}

/** Segments as the module last saw them, for "start segment". */
export function segmentChoices(view: ShowView): DropdownChoice[] {
  return (view.state?.segments ?? []).map((segment) => ({
    id: segment.id,
    label: `${segment.title}${segment.speakers.length > 0 ? ` (${segment.speakers.join(', ')})` : ''}`,
  }));
}

/** Runs the action's command; a refusal or a dead link throws, so Companion marks the press failed and logs why. */
async function run(side: ModuleSide, id: ActionId, options: FeedbackOptions): Promise<void> {
  const command = commandFor(id, options, side.view());
  if (!command.ok) throw new Error(command.error);
  const result = await side.send(command.command);
  if (!result.ok) throw new Error(result.error);
}

export function actionDefinitions(side: ModuleSide): CompanionActionDefinitions {
  const view = side.view();
  const action = (id: ActionId, name: string, options: SomeCompanionActionInputField[] = []) => ({
    name,
    options,
    callback: async (event: { options: FeedbackOptions }) => run(side, id, event.options),
  });
  const segments = segmentChoices(view);
  const scenes = sceneChoices(view);
  return {
    startSegment: action('startSegment', 'Start segment', [
      {
        ...dropdown('segmentId', 'Segment', segments),
        allowCustom: true,
        tooltip: 'Choices come from the rundown; a segment id (s003) can be typed too.',
      },
    ]),
    startSelected: action('startSelected', 'Start selected segment (see Select next / previous)'),
    selectNext: {
      name: 'Select next segment (for "start selected"; sends nothing)',
      options: [],
      callback: () => side.select(1),
    },
    selectPrevious: {
      name: 'Select previous segment (for "start selected"; sends nothing)',
      options: [],
      callback: () => side.select(-1),
    },
    next: action('next', 'Next segment'),
    previous: action('previous', 'Previous segment (start the one before the live one)'),
    pause: action('pause', 'Pause timer'),
    resume: action('resume', 'Resume timer'),
    togglePause: action('togglePause', 'Pause / resume timer'),
    addMinute: action('addMinute', 'Add 1 minute'),
    removeMinute: action('removeMinute', 'Remove 1 minute'),
    sendPreset: action('sendPreset', 'Send a preset message to MC and stage', [
      dropdown('preset', 'Message', PRESET_MESSAGE_CHOICES),
    ]),
    sendCustom: action('sendCustom', 'Send a custom message to MC and stage', [
      {
        type: 'textinput',
        id: 'text',
        label: 'Message (up to 140 characters)',
        default: '',
        useVariables: true,
      },
    ]),
    clearMessage: action('clearMessage', 'Clear the message'),
    obsScene: action('obsScene', 'OBS: switch scene (to preview in studio mode)', [
      { ...dropdown('scene', 'Scene', scenes), allowCustom: true },
    ]),
    obsStudioMode: action('obsStudioMode', 'OBS: toggle studio mode'),
    obsTransition: action('obsTransition', 'OBS: transition preview to program'),
    takeControl: action('takeControl', 'Take show control'),
  };
}

const WHITE = combineRgb(255, 255, 255);
const BLACK = combineRgb(0, 0, 0);
export const COLOURS = {
  green: combineRgb(0, 140, 60),
  amber: combineRgb(230, 160, 0),
  red: combineRgb(200, 0, 0),
  blue: combineRgb(0, 90, 180),
  grey: combineRgb(70, 70, 70),
  white: WHITE,
  black: BLACK,
} as const;

export const PHASE_STYLE: Record<string, { bgcolor: number; color: number }> = {
  normal: { bgcolor: COLOURS.green, color: WHITE },
  warning: { bgcolor: COLOURS.amber, color: BLACK },
  danger: { bgcolor: COLOURS.red, color: WHITE },
  overtime: { bgcolor: COLOURS.red, color: WHITE },
};

export function feedbackDefinitions(side: ModuleSide): CompanionFeedbackDefinitions {
  const boolean = (
    id: FeedbackId,
    name: string,
    style: { bgcolor: number; color: number },
    options: CompanionInputFieldDropdown[] = [],
  ) => ({
    type: 'boolean' as const,
    name,
    defaultStyle: style,
    options,
    callback: (event: { options: FeedbackOptions }) =>
      feedbackValue(id, event.options, side.view(), side.identity()),
  });
  return {
    timerPhase: boolean('timerPhase', 'Timer phase', PHASE_STYLE.overtime!, [
      dropdown(
        'phase',
        'Phase',
        PHASE_CHOICES.map((p) => ({ id: p.id, label: p.label })),
      ),
    ]),
    paused: boolean('paused', 'Timer paused', { bgcolor: COLOURS.amber, color: BLACK }),
    onAir: boolean('onAir', 'Live on air (OBS streaming)', { bgcolor: COLOURS.red, color: WHITE }),
    messageUnacknowledged: boolean('messageUnacknowledged', 'Message not yet acknowledged', {
      bgcolor: COLOURS.amber,
      color: BLACK,
    }),
    obsDisconnected: boolean('obsDisconnected', 'OBS not connected', { bgcolor: COLOURS.grey, color: WHITE }),
    crewSignal: boolean('crewSignal', 'Crew signal waiting', { bgcolor: COLOURS.red, color: WHITE }, [
      dropdown('kind', 'Signal', SIGNAL_CHOICES),
    ]),
    controlHolder: boolean(
      'controlHolder',
      'Who holds show control',
      { bgcolor: COLOURS.blue, color: WHITE },
      [
        dropdown('who', 'Holder', [
          { id: 'me', label: 'This deck' },
          { id: 'someoneElse', label: 'Someone else' },
          { id: 'nobody', label: 'Nobody' },
        ]),
      ],
    ),
  };
}

export function variableDefinitions() {
  return VARIABLES.map((v) => ({ variableId: v.variableId, name: v.name }));
}
