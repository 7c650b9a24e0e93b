import { shouldPruneAt, sparsityAt } from '../../engine/pruning/schedule';
import { pruningSchedule, type PruningSettings } from '../../engine/pruning/settings';

export interface SchedulePoint {
  step: number;
  sparsity: number;
}

/**
 * The schedule's sparsity at every step 0 .. steps - 1 of the pruning phase, as the engine's
 * `result.schedule` holds it; lets the chart draw the schedule before the result arrives.
 */
export const scheduleSparsity = (settings: PruningSettings, steps: number): SchedulePoint[] => {
  const schedule = pruningSchedule(settings);
  return Array.from({ length: steps }, (_, step) => ({
    step,
    sparsity: sparsityAt(schedule, step).sparsity,
  }));
};

/**
 * At most about `maxPoints` of a line's points, for drawing: every k-th point, the last one, and
 * the points at `corners` (the schedule's begin and end steps, where the line bends).
 */
export function thinLine(
  points: SchedulePoint[],
  maxPoints: number,
  corners: number[] = [],
): SchedulePoint[] {
  const stride = Math.max(1, Math.ceil(points.length / maxPoints));
  return points.filter(
    (p, i) => i % stride === 0 || i === points.length - 1 || corners.includes(p.step),
  );
}

/**
 * The sparsity of the last pruning step the phase reaches (steps 0 .. steps - 1), or null when
 * no step prunes: less than the target when the phase ends before the schedule's end step.
 */
export function lastScheduledSparsity(settings: PruningSettings, steps: number): number | null {
  const schedule = pruningSchedule(settings);
  for (let step = steps - 1; step >= 0; step--)
    if (shouldPruneAt(schedule, step)) return sparsityAt(schedule, step).sparsity;
  return null;
}
