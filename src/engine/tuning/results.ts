import { createRng } from '../rng';
import type { EpochMetrics } from '../models/fit';
import type { TrainProgress, TrainResult } from '../train/run';
import { posteriorSlice, type Observation } from './bayes';
import { permutationImportance } from './importance';
import { runSearch, type Evaluate, type Strategy, type Suggest, type Trial } from './search';
import type { TuningSettings } from './settings';
import type { SearchSpace } from './space';

/*
 * What the /tuning page and the engine share: the search over strategies and what is computed
 * from trials. No tfjs here (only types from /train), so the page's bundle stays small; the
 * entry point that trains in-process is in run.ts.
 */

export type TuningProgress = { type: 'trials'; strategy: Strategy; trials: Trial[] };

/** One strategy's search: its trials, and the best validation score against epochs spent. */
export interface StrategyRun {
  strategy: Strategy;
  trials: Trial[];
  bestSoFar: { epochs: number; score: number }[];
}

export interface TuningAnalysis {
  /** Permutation importance on the GP surrogate, over full-length finished trials. */
  importance: { name: string; importance: number }[] | null;
  /** The GP's posterior along each range dimension, the others at the best trial's values. */
  posterior: { dimension: string; values: number[]; mean: number[]; std: number[] }[];
  /** The trials the GP saw. */
  observations: number;
}

/**
 * Turns a /train job's progress into one `report(score)` per epoch — validation accuracy, or
 * minus the validation loss — in order and once each (progress comes in batches of new epochs;
 * the result repeats the whole history); `finish` reports what is left and gives the test
 * accuracy.
 */
export function epochReporter(
  report: (score: number) => void,
  objective: 'accuracy' | 'loss' = 'accuracy',
) {
  let last = 0;
  const take = (metrics: EpochMetrics[]) => {
    for (const m of metrics) {
      if (m.epoch <= last) continue;
      last = m.epoch;
      // The search maximizes: a loss goes in negated.
      report(objective === 'loss' ? -m.validationLoss : m.validationScore);
    }
  };
  return {
    progress: (event: TrainProgress) => {
      if (event.type === 'epochs') take(event.metrics);
    },
    finish: (result: TrainResult) => {
      take(result.history);
      return result.test.score;
    },
  };
}

/**
 * The best validation score against epochs spent, trial by trial in start order. Only trials
 * finished at the full `maxEpochs` count as results: Hyperband's short rungs and pruned trials
 * spend epochs without producing a final score.
 */
export function bestSoFar(trials: Trial[], maxEpochs: number): { epochs: number; score: number }[] {
  const points: { epochs: number; score: number }[] = [];
  let spent = 0;
  let best = -Infinity;
  for (const t of trials) {
    spent += t.curve.length;
    if (isFull(t, maxEpochs)) best = Math.max(best, t.score!);
    if (best > -Infinity) points.push({ epochs: spent, score: best });
  }
  return points;
}

/** Finished trials trained for the full epochs: what the GP and the importance are fitted to. */
export function fullObservations(trials: Trial[], maxEpochs: number): Observation[] {
  return trials
    .filter((t) => isFull(t, maxEpochs))
    .map((t) => ({ params: t.params, score: t.score! }));
}

/** A trial that finished with a score after the full `maxEpochs` (not pruned, not a short rung). */
const isFull = (t: Trial, maxEpochs: number) =>
  t.status === 'finished' && t.score !== null && t.curve.length === maxEpochs;

/** The best full-length trial, or null when none has finished. */
export function bestFullTrial(trials: Trial[], maxEpochs: number): Trial | null {
  let best: Trial | null = null;
  for (const t of trials) if (isFull(t, maxEpochs) && (!best || t.score! > best.score!)) best = t;
  return best;
}

/** Importance and GP posterior slices over the full-length trials. */
export function analyzeTrials(
  space: SearchSpace,
  trials: Trial[],
  maxEpochs: number,
  seed: number,
): TuningAnalysis {
  const observations = fullObservations(trials, maxEpochs);
  const rng = createRng(seed);
  const posterior = space.flatMap((d) => {
    if (d.kind === 'choice') return [];
    const slice = posteriorSlice(space, observations, d.name, rng);
    return slice ? [{ dimension: d.name, ...slice }] : [];
  });
  return {
    importance: permutationImportance(space, observations, rng),
    posterior,
    observations: observations.length,
  };
}

/** Runs every chosen strategy in turn on the same budget and seed. */
export async function searchAll(
  settings: TuningSettings,
  space: SearchSpace,
  evaluate: Evaluate,
  context: { signal?: AbortSignal; onProgress?: (event: TuningProgress) => void | Promise<void> },
  suggest?: Suggest,
): Promise<StrategyRun[]> {
  const runs: StrategyRun[] = [];
  for (const strategy of settings.strategies) {
    let last = 0;
    const trials = await runSearch(
      {
        space,
        strategy,
        budget: { kind: settings.budgetKind, amount: settings.budget },
        maxEpochs: settings.maxEpochs,
        eta: settings.eta,
        parallel: settings.parallel,
        prune: settings.prune,
        initialTrials: settings.initialTrials,
        seed: settings.seed,
      },
      {
        evaluate,
        suggest,
        signal: context.signal,
        onUpdate: (snapshot) => {
          if (performance.now() - last < 150) return;
          last = performance.now();
          void context.onProgress?.({ type: 'trials', strategy, trials: snapshot });
        },
      },
    );
    await context.onProgress?.({ type: 'trials', strategy, trials });
    runs.push({ strategy, trials, bestSoFar: bestSoFar(trials, settings.maxEpochs) });
  }
  return runs;
}
