import type { LabContext } from '../lab';
import { createRng } from '../rng';
import type { EpochMetrics } from '../models/fit';
import { runTrain, type TrainProgress, type TrainResult } from '../train/run';
import { posteriorSlice, suggestBayesian, type Observation } from './bayes';
import { hyperbandBrackets, type HyperbandBracket } from './hyperband';
import { permutationImportance } from './importance';
import { runSearch, type Evaluate, type Strategy, type Suggest, type Trial } from './search';
import { buildSpace, parseTuningSettings, trialConfig, type TuningSettings } from './settings';
import type { Params, SearchSpace } from './space';

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

export interface TuningResult {
  settings: TuningSettings;
  space: SearchSpace;
  fixed: Params;
  runs: StrategyRun[];
  analysis: TuningAnalysis;
  brackets: HyperbandBracket[];
  seconds: number;
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
    if (t.status === 'finished' && t.score !== null && t.curve.length === maxEpochs)
      best = Math.max(best, t.score);
    if (best > -Infinity) points.push({ epochs: spent, score: best });
  }
  return points;
}

/** Finished trials trained for the full epochs: what the GP and the importance are fitted to. */
export function fullObservations(trials: Trial[], maxEpochs: number): Observation[] {
  return trials
    .filter((t) => t.status === 'finished' && t.score !== null && t.curve.length === maxEpochs)
    .map((t) => ({ params: t.params, score: t.score! }));
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

/**
 * The whole /tuning experiment in one process (the CLI; the page spreads trials over its worker
 * pool instead but shares runSearch): each chosen strategy runs to the same budget from the same
 * seed, each trial trains with /train's engine and reports validation accuracy per epoch.
 */
export async function runTuning(
  config: Record<string, unknown>,
  context: LabContext<TuningProgress>,
): Promise<TuningResult> {
  const { value: settings, issues } = parseTuningSettings(config);
  if (issues.length > 0)
    throw new Error(`Invalid settings: ${issues.map((i) => i.message).join('; ')}`);
  const { space, fixed, problems } = buildSpace(settings);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const started = performance.now();
  const evaluate: Evaluate = async (params, epochs, report, signal) => {
    const epochsOf = epochReporter(report, settings.objective);
    const result = await runTrain(trialConfig(settings, { ...fixed, ...params }, epochs), {
      data: context.data,
      signal,
      onProgress: epochsOf.progress,
    });
    return epochsOf.finish(result);
  };
  const runs = await searchAll(settings, space, evaluate, context);
  const all = runs.flatMap((r) => r.trials);
  return {
    settings,
    space,
    fixed,
    runs,
    analysis: analyzeTrials(space, all, settings.maxEpochs, settings.seed),
    brackets: hyperbandBrackets(settings.maxEpochs, settings.eta),
    seconds: (performance.now() - started) / 1000,
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

/** Bayesian optimization's next point, as a job a worker runs for the page. */
export async function runTuningSuggest(config: Record<string, unknown>): Promise<Params> {
  const { space, observations, seed, pending } = config as {
    space: SearchSpace;
    observations: Observation[];
    seed: number;
    pending: Params[];
  };
  return suggestBayesian(space, observations, createRng(seed), pending).params;
}

/** The analysis of finished trials, as a job a worker runs for the page. */
export async function runTuningAnalysis(config: Record<string, unknown>): Promise<TuningAnalysis> {
  const { space, trials, maxEpochs, seed } = config as {
    space: SearchSpace;
    trials: Trial[];
    maxEpochs: number;
    seed: number;
  };
  return analyzeTrials(space, trials, maxEpochs, seed);
}
