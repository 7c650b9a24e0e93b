/**
 * Activation ranges from calibration samples (post-training static quantization): the real
 * interval [min, max] that an activation tensor's quantizer must cover, from which
 * asymmetricParams (affine.ts) derives its scale and zero point.
 */

/** A real interval [min, max] of one activation tensor. */
export interface ActivationRange {
  min: number;
  max: number;
}

function checkCalibration(values: ArrayLike<number>): void {
  if (values.length === 0)
    throw new Error('The calibration set is empty: at least one sample value is needed.');
  for (let i = 0; i < values.length; i++)
    if (Number.isNaN(values[i]))
      throw new Error(`The calibration set contains NaN (at index ${i}).`);
}

/** The smallest and largest value seen (TFLite's converter calibrates activations this way). */
export function minMaxRange(values: ArrayLike<number>): ActivationRange {
  checkCalibration(values);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return { min, max };
}

/**
 * The q-th percentile (0 <= q <= 100) of ascending values, by numpy.percentile's default
 * 'linear' rule: position h = (n - 1) q / 100, value = v[floor h] + (h - floor h)
 * (v[floor h + 1] - v[floor h]).
 */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const h = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Range clipped to the central `percentile`-th: [P(100 - p), P(p)] with P as numpy.percentile's
 * default, e.g. p = 99.99 gives the 0.01% and 99.99% quantiles. Clipping rare outliers buys a
 * finer scale for the bulk of the values. p must be in [50, 100]; 100 equals minMaxRange.
 */
export function percentileRange(values: ArrayLike<number>, percentile: number): ActivationRange {
  if (!(percentile >= 50 && percentile <= 100))
    throw new Error(`The calibration percentile must be from 50 to 100, got ${percentile}.`);
  checkCalibration(values);
  const sorted = Float64Array.from(values).sort();
  return {
    min: percentileOfSorted(sorted, 100 - percentile),
    max: percentileOfSorted(sorted, percentile),
  };
}

/** Where TF Model Optimization's MovingAverageQuantizer starts its min and max variables. */
export const MOVING_AVERAGE_INITIAL_RANGE: Readonly<ActivationRange> = { min: -6, max: 6 };

/**
 * One update of TF Model Optimization's MovingAverageQuantizer (quant_ops.MovingAvgQuantize,
 * asymmetric, per tensor): the batch range is extended to contain 0, then both ends follow an
 * exponential moving average without zero-debiasing:
 *   batchMin = min(min(batch), 0),  batchMax = max(max(batch), 0)
 *   min <- min * decay + batchMin * (1 - decay),  max <- max * decay + batchMax * (1 - decay),
 * evaluated as TensorFlow's assign_moving_average does: min - (min - batchMin) * (1 - decay).
 * Start from MOVING_AVERAGE_INITIAL_RANGE ([-6, 6]) to reproduce TFMOT; decay defaults to 0.999.
 */
export function movingAverageRange(
  previous: ActivationRange,
  batch: ArrayLike<number>,
  decay = 0.999,
): ActivationRange {
  if (!(decay >= 0 && decay <= 1))
    throw new Error(`The moving-average decay must be from 0 to 1, got ${decay}.`);
  const { min, max } = minMaxRange(batch);
  return {
    min: previous.min - (previous.min - Math.min(min, 0)) * (1 - decay),
    max: previous.max - (previous.max - Math.max(max, 0)) * (1 - decay),
  };
}
