import type { CompanionButtonPresetDefinition, CompanionPresetDefinitions } from '@companion-module/base';
import type { ActionId, FeedbackId } from './show.js';
import { COLOURS, PHASE_STYLE } from './definitions.js';

/**
 * A 15-key Stream Deck page (3 rows of 5) for the producer, as presets: drag the category
 * "Showcaller: 15-key page" onto a page in that order. Companion rewrites `$(showcaller:…)`
 * to the connection's own label when a preset is placed.
 *
 *   | Timer      | Live talk     | Next talk  | Schedule    | Questions  |
 *   | ◀ Previous | Next ▶        | Pause      | +1 min      | −1 min     |
 *   | Wrap up    | One minute    | Clear msg  | Transition  | Control    |
 */

const { white, black, grey, green, amber, red, blue } = COLOURS;

interface Key {
  id: string;
  name: string;
  text: string;
  size?: CompanionButtonPresetDefinition['style']['size'];
  bgcolor?: number;
  color?: number;
  action?: { id: ActionId | 'selectNext' | 'selectPrevious'; options?: Record<string, string> };
  feedbacks?: Array<{
    id: FeedbackId;
    options?: Record<string, string>;
    style: { bgcolor: number; color: number };
  }>;
}

const PHASES = ['warning', 'danger', 'overtime'] as const;

/** The page, row by row (the order Companion lists them in). */
export const PAGE: readonly Key[] = [
  {
    id: 'timer',
    name: 'Remaining time, coloured by phase',
    text: '$(showcaller:remaining)',
    size: '24',
    bgcolor: green,
    feedbacks: [
      ...PHASES.map((phase) => ({
        id: 'timerPhase' as const,
        options: { phase },
        style: PHASE_STYLE[phase]!,
      })),
      { id: 'paused', style: { bgcolor: amber, color: black } },
    ],
  },
  {
    id: 'live',
    name: 'Live talk (red: speaker audio problem)',
    text: '$(showcaller:current_title)',
    size: '7',
    bgcolor: black,
    feedbacks: [
      { id: 'crewSignal', options: { kind: 'audioProblem' }, style: { bgcolor: red, color: white } },
    ],
  },
  {
    id: 'nextUp',
    name: 'Next talk',
    text: 'NEXT\\n$(showcaller:next_title)',
    size: '7',
    bgcolor: black,
  },
  {
    id: 'schedule',
    name: 'Schedule offset',
    text: 'SCHED\\n$(showcaller:schedule_offset)',
    size: '14',
    bgcolor: black,
  },
  {
    id: 'questions',
    name: 'Questions queued (red: filler requested)',
    text: 'Q\\n$(showcaller:questions_queued)',
    size: '18',
    bgcolor: black,
    feedbacks: [{ id: 'crewSignal', options: { kind: 'filler' }, style: { bgcolor: red, color: white } }],
  },
  { id: 'previous', name: 'Previous segment', text: '◀\\nPREV', size: '18', action: { id: 'previous' } },
  {
    id: 'next',
    name: 'Next segment',
    text: 'NEXT\\n▶',
    size: '18',
    bgcolor: green,
    action: { id: 'next' },
  },
  {
    id: 'pause',
    name: 'Pause / resume (amber while paused)',
    text: 'PAUSE',
    size: '18',
    action: { id: 'togglePause' },
    feedbacks: [{ id: 'paused', style: { bgcolor: amber, color: black } }],
  },
  { id: 'plusMinute', name: 'Add 1 minute', text: '+1\\nMIN', size: '18', action: { id: 'addMinute' } },
  {
    id: 'minusMinute',
    name: 'Remove 1 minute',
    text: '−1\\nMIN',
    size: '18',
    action: { id: 'removeMinute' },
  },
  {
    id: 'wrapUp',
    name: 'Message: wrap up (amber until the MC sees it)',
    text: 'WRAP\\nUP',
    size: '18',
    action: { id: 'sendPreset', options: { preset: 'wrapUp' } },
    feedbacks: [{ id: 'messageUnacknowledged', style: { bgcolor: amber, color: black } }],
  },
  {
    id: 'oneMinute',
    name: 'Message: one minute',
    text: '1 MIN\\nLEFT',
    size: '14',
    action: { id: 'sendPreset', options: { preset: 'oneMinute' } },
  },
  { id: 'clear', name: 'Clear the message', text: 'CLEAR\\nMSG', size: '14', action: { id: 'clearMessage' } },
  {
    id: 'transition',
    name: 'OBS transition (red while live on air, grey without OBS)',
    text: 'TRANS',
    size: '18',
    action: { id: 'obsTransition' },
    feedbacks: [
      { id: 'onAir', style: { bgcolor: red, color: white } },
      { id: 'obsDisconnected', style: { bgcolor: grey, color: black } },
    ],
  },
  {
    id: 'control',
    name: 'Take show control (blue: this deck has it)',
    text: 'TAKE\\nCTRL',
    size: '14',
    action: { id: 'takeControl' },
    feedbacks: [{ id: 'controlHolder', options: { who: 'me' }, style: { bgcolor: blue, color: white } }],
  },
];

export const PAGE_CATEGORY = 'Showcaller: 15-key page';

/** Pick a segment with ▲/▼ and start it with the key that shows it. */
export const PICK: readonly Key[] = [
  {
    id: 'selectPrevious',
    name: 'Select previous segment',
    text: '▲\\nSELECT',
    size: '14',
    action: { id: 'selectPrevious' },
  },
  {
    id: 'startSelected',
    name: 'Start the selected segment (shows its title)',
    text: 'GO\\n$(showcaller:selected_title)',
    size: '7',
    bgcolor: green,
    action: { id: 'startSelected' },
  },
  {
    id: 'selectNext',
    name: 'Select next segment',
    text: '▼\\nSELECT',
    size: '14',
    action: { id: 'selectNext' },
  },
];
export const PICK_CATEGORY = 'Showcaller: pick and start';

export function presetDefinitions(): CompanionPresetDefinitions {
  const presets: CompanionPresetDefinitions = {};
  const keys = [
    ...PAGE.map((key) => ({ key, category: PAGE_CATEGORY })),
    ...PICK.map((key) => ({ key, category: PICK_CATEGORY })),
  ];
  for (const { key, category } of keys) {
    presets[key.id] = {
      type: 'button',
      category,
      name: key.name,
      style: {
        text: key.text,
        size: key.size ?? 'auto',
        color: key.color ?? white,
        bgcolor: key.bgcolor ?? grey,
      },
      feedbacks: (key.feedbacks ?? []).map((f) => ({
        feedbackId: f.id,
        options: f.options ?? {},
        style: f.style,
      })),
      steps: [
        {
          down: key.action ? [{ actionId: key.action.id, options: key.action.options ?? {} }] : [],
          up: [],
        },
      ],
    };
  }
  return presets;
}
