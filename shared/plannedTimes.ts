/** The fields of a segment the plan is made of (structural, so model.ts can use this file). */
interface PlanFields {
  plannedStart: number | null;
  durationMs: number;
  startMode?: 'manual' | 'follow' | 'hard';
  title: string;
}

/** A segment's place in the plan: when it was meant to start and end, epoch ms; null when the plan does not say. */
export interface PlannedTime {
  start: number | null;
  end: number | null;
}

/**
 * The plan as the rundown states it: a segment with a planned start starts then; one without
 * starts when the one before it is planned to end. Before the first planned start nothing is
 * known (null). One pass, no allocation beyond the result.
 */
export function plannedTimes(
  segments: readonly Pick<PlanFields, 'plannedStart' | 'durationMs'>[],
): PlannedTime[] {
  const times: PlannedTime[] = new Array<PlannedTime>(segments.length);
  let previousEnd: number | null = null;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const start: number | null = segment.plannedStart ?? previousEnd;
    const end: number | null = start === null ? null : start + segment.durationMs;
    times[i] = { start, end };
    previousEnd = end;
  }
  return times;
}

export interface HardStartProblem {
  index: number;
  message: string;
}

const clock = (ms: number): string => {
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
};

/**
 * A hard start needs a planned start, and the plan must leave room for it: the segment before it
 * must be planned to end by then. (At run time a late show cuts the segment before; in the plan
 * an overlap is a mistake.)
 */
export function hardStartProblems(segments: readonly PlanFields[]): HardStartProblem[] {
  const times = plannedTimes(segments);
  const problems: HardStartProblem[] = [];
  segments.forEach((segment, index) => {
    if (segment.startMode !== 'hard') return;
    if (segment.plannedStart === null) {
      problems.push({ index, message: 'a hard start needs a planned start time' });
      return;
    }
    const before = index > 0 ? times[index - 1]!.end : null;
    if (before !== null && before > segment.plannedStart) {
      problems.push({
        index,
        message:
          `the hard start overlaps the segment before it ("${segments[index - 1]!.title}" is planned ` +
          `to end ${clock(before - segment.plannedStart)} (h:mm) after it)`,
      });
    }
  });
  return problems;
}
