/**
 * The median stopping rule (Golovin et al. 2017, Google Vizier; Optuna's MedianPruner): after
 * `warmupSteps` steps, and once `startupTrials` trials have finished, a running trial is stopped
 * at step t when its best value so far is worse than the median of the finished trials' values
 * at step t. Values are scores: higher is better.
 */
export interface MedianRule {
  startupTrials: number;
  warmupSteps: number;
}

export const defaultMedianRule: MedianRule = { startupTrials: 5, warmupSteps: 1 };

/** `curve`: the running trial's values at steps 1..t; `finished`: each finished trial's curve. */
export function shouldPrune(
  curve: number[],
  finished: number[][],
  rule = defaultMedianRule,
): boolean {
  const step = curve.length;
  if (step <= rule.warmupSteps || finished.length < rule.startupTrials) return false;
  const others = finished.filter((c) => c.length >= step).map((c) => c[step - 1]);
  if (others.length < rule.startupTrials) return false;
  others.sort((a, b) => a - b);
  const middle = others.length / 2;
  const median =
    others.length % 2 ? others[Math.floor(middle)] : (others[middle - 1] + others[middle]) / 2;
  return Math.max(...curve) < median;
}
