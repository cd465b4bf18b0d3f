import type { CommandType } from '../../shared/commands.js';

/** How a failed command is named in the error toast ("Pause failed"). */
export const COMMAND_LABELS: Record<CommandType, string> = {
  importRundown: 'Rundown import',
  updateShow: 'Show update',
  updateSegment: 'Segment edit',
  insertSegment: 'Insert segment',
  removeSegment: 'Remove segment',
  startSegment: 'Start',
  nextSegment: 'Next',
  pauseTimer: 'Pause',
  resumeTimer: 'Resume',
  adjustTime: 'Time change',
  endShow: 'End show',
  sendMessage: 'Message',
  clearMessage: 'Clear message',
  obsSetProgramScene: 'Scene switch',
  obsSetPreviewScene: 'Preview',
  obsTransition: 'Transition',
  obsSetStudioMode: 'Studio mode',
  obsSetTransition: 'Transition change',
  obsStream: 'Stream',
  obsRecord: 'Recording',
  obsSetText: 'Text change',
  obsSetSceneItemEnabled: 'Source visibility',
  obsMedia: 'Media control',
  obsConfigure: 'OBS settings',
};
