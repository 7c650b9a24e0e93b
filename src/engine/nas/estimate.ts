import { extrapolate, isHopeless } from './learning-curve';
import type { NasSettings } from './settings';

/** What one evaluation tells the search, and what the page shows about it. */
export interface Estimate {
  /** The estimate the strategy is told (higher is better). */
  score: number;
  /** Compute spent, in epochs x training rows (tabular: epochs x the table's training rows). */
  cost: number;
  /** Epochs trained (or looked up) for this estimate. */
  epochs: number;
  /** Learning-curve extrapolation stopped this candidate as hopeless. */
  stopped?: boolean;
  /** Weight inheritance: the index of the evaluation whose network this one started from. */
  inheritedFrom?: number | null;
}

/**
 * The learning-curve rule (Domhan, Springenberg and Hutter 2015, simplified): after the observed
 * epochs, extrapolate the curve to the final epoch; when even mean + 2 sd falls below the best
 * score so far, stop and report the extrapolated mean; otherwise train on and report the final
 * value. `curve` holds the validation accuracy after each epoch seen so far.
 */
export function curveDecision(
  curve: number[],
  settings: Pick<NasSettings, 'curveEpochs' | 'epochs'>,
  bestSoFar: number,
): { stop: boolean; prediction: number } {
  if (curve.length < settings.curveEpochs) return { stop: false, prediction: NaN };
  const prediction = extrapolate(curve.slice(0, settings.curveEpochs), settings.epochs);
  return { stop: isHopeless(prediction, bestSoFar), prediction: prediction.mean };
}
