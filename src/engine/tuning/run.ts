import type { LabContext } from '../lab';
import { createRng } from '../rng';
import { runTrain } from '../train/run';
import { suggestBayesian, type Observation } from './bayes';
import { hyperbandBrackets, type HyperbandBracket } from './hyperband';
import {
  analyzeTrials,
  epochReporter,
  searchAll,
  type StrategyRun,
  type TuningAnalysis,
  type TuningProgress,
} from './results';
import type { Evaluate, Trial } from './search';
import { buildSpace, parseTuningSettings, trialConfig, type TuningSettings } from './settings';
import type { Params, SearchSpace } from './space';
import { validOrThrow } from '../settings/schema';

export type { StrategyRun, TuningAnalysis, TuningProgress };

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
 * The whole /tuning experiment in one process (the CLI; the page spreads trials over its worker
 * pool instead but shares runSearch): each chosen strategy runs to the same budget from the same
 * seed, each trial trains with /train's engine and reports validation accuracy per epoch.
 */
export async function runTuning(
  config: Record<string, unknown>,
  context: LabContext<TuningProgress>,
): Promise<TuningResult> {
  const settings = validOrThrow(parseTuningSettings(config));
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
