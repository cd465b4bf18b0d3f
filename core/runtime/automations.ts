import type { ShowState } from '../../shared/model.js';
import type { ChatService } from '../chat/chatService.js';
import { feedViewOf } from '../chat/feedView.js';
import type { ObsService } from '../obs/obsService.js';
import type { ShowCore } from '../showCore.js';
import type { SchedulerClock } from './scheduler.js';
import { Scheduler } from './scheduler.js';
import { MediaSegments } from './mediaSegments.js';

/**
 * What happens by itself as the show moves: the one place to read to learn what follows from
 * what. Every effect on the show goes through the core's command path and journal, as a
 * person's command would.
 *
 * - **A segment starts** → OBS takes the segment's cue (its scene, its lower third; a break with
 *   no scene of its own goes to the show's break scene), and what OBS did is journaled. Only
 *   the primary drives OBS: a backup applying the primary's records must not.
 * - **A segment that names a media source starts** (a pre-recorded talk) → OBS restarts the
 *   media, and while the segment is live its timer follows OBS's position (journaled only when
 *   it changes or drifts; core/runtime/mediaSegments.ts). OBS reporting the media ended is that
 *   segment's end: its end action runs. If OBS does not play it within 1.5 s the producer is
 *   told and the timer stays a normal one. Primary only, like the cues.
 * - **OBS reports the stream going live or stopping** → journaled, because the show report's
 *   YouTube chapters count from it and must come out the same from a replica or a replay.
 * - **Chat arrives** from Slack or YouTube → checked, batched and journaled (core/chatBatcher.ts),
 *   with the reaction that marks a question as the chat settings say at that moment.
 * - **The rundown or the chat settings change** → YouTube spreads its daily quota until the
 *   show's planned end.
 * - **The clock reaches a due moment** → the scheduler (core/runtime/scheduler.ts) starts the
 *   segment that starts itself: a hard start at its planned time, the next segment when the
 *   live one's time is up and its end action is `next` or the next one follows it. Journaled
 *   with the reason, like a person's start, and so followed by the OBS cue above.
 *
 * Returns what stops them (the scheduler's wake-ups) when the core closes.
 */
export function runAutomations({
  core,
  obs,
  chat,
  clock,
  log,
}: {
  core: ShowCore;
  obs: ObsService | null;
  chat: ChatService | null;
  clock?: SchedulerClock;
  log?: (line: string) => void;
}): { stop(): Promise<void> } {
  let media: MediaSegments | null = null;
  if (obs) {
    core.on('record', (record) => {
      if (core.mode !== 'primary') return;
      for (const event of record.events) {
        if (event.type !== 'segmentStarted') continue;
        void obs.cueSegment(core.state, event.segmentId).then((applied) => core.recordObsApplied(applied));
      }
    });
    obs.on('stream', (observed) => void core.recordStreamState(observed));
    media = new MediaSegments(core, obs, { now: clock?.now.bind(clock), log });
    media.start();
  }
  if (chat) {
    chat.useFeed(feedViewOf(() => core.state.feed.messages));
    chat.on('ingest', (operations) => core.ingestChat(operations));
    const plan = () => chat.planUntil(plannedEnd(core.state));
    chat.on('change', plan);
    core.on('record', plan);
    plan();
  }
  const scheduler = new Scheduler({ core, clock, log });
  scheduler.start();
  return {
    stop: () => {
      media?.stop();
      return scheduler.stop();
    },
  };
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
