import type { ShowState } from '../../shared/model.js';
import type { ChatService } from '../chat/chatService.js';
import type { ObsService } from '../obs/obsService.js';
import type { ShowCore } from '../showCore.js';

/**
 * What happens by itself as the show moves: the one place to read to learn what follows from
 * what. Every effect on the show goes through the core's command path and journal, as a
 * person's command would.
 *
 * - **A segment starts** → OBS takes the segment's cue (its scene, its lower third; a break with
 *   no scene of its own goes to the show's break scene), and what OBS did is journaled. Only
 *   the primary drives OBS: a backup applying the primary's records must not.
 * - **OBS reports the stream going live or stopping** → journaled, because the show report's
 *   YouTube chapters count from it and must come out the same from a replica or a replay.
 * - **Chat arrives** from Slack or YouTube → checked, batched and journaled (core/chatBatcher.ts),
 *   with the reaction that marks a question as the chat settings say at that moment.
 * - **The rundown or the chat settings change** → YouTube spreads its daily quota until the
 *   show's planned end.
 */
export function runAutomations({
  core,
  obs,
  chat,
}: {
  core: ShowCore;
  obs: ObsService | null;
  chat: ChatService | null;
}): void {
  if (obs) {
    core.on('record', (record) => {
      if (core.mode !== 'primary') return;
      for (const event of record.events) {
        if (event.type !== 'segmentStarted') continue;
        void obs.cueSegment(core.state, event.segmentId).then((applied) => core.recordObsApplied(applied));
      }
    });
    obs.on('stream', (observed) => void core.recordStreamState(observed));
  }
  if (chat) {
    chat.on('ingest', (operations) => core.ingestChat(operations));
    const plan = () => chat.planUntil(plannedEnd(core.state));
    chat.on('change', plan);
    core.on('record', plan);
    plan();
  }
}

/** When the rundown says the show ends: the latest planned start plus its duration. */
export function plannedEnd(state: ShowState): number | null {
  let end: number | null = null;
  for (const segment of state.segments) {
    if (segment.plannedStart === null) continue;
    end = Math.max(end ?? 0, segment.plannedStart + segment.durationMs);
  }
  return end;
}
