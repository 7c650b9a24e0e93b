import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted } from '../abort';
import type { LabContext } from '../lab';
import { spearman } from '../metrics';
import { createRng, type Rng } from '../rng';
import { curveDecision, type Estimate } from './estimate';
import { liveEvaluator, type LiveEvaluator } from './live';
import { parameterCount } from './network';
import { compareOnTable, runNasSearch, type StrategyComparison } from './search-loop';
import { parseNasSettings, nasSpace, GRID_LIMIT, type NasSettings } from './settings';
import { spaceSize, type NasSpace } from './space';
import {
  createStrategy,
  type NasStrategyName,
  type StrategyOptions,
  type StrategyState,
} from './strategies';
import {
  canonicalOps,
  lookup,
  readTable,
  tableFrame,
  tableTrainingRows,
  type Table,
} from './tabular';
import { archKey, type Architecture, type MicroArch } from './types';

/** One evaluated candidate, as the page lists and plots it. */
export interface NasCandidate extends Estimate {
  index: number;
  arch: Architecture;
  key: string;
  parameters: number;
  bestSoFar: number;
  /** Cumulative cost of the search up to and including this candidate. */
  spent: number;
  /** The candidate's true final validation accuracy (full training), where known. */
  truth: number | null;
}

/** One strategy's detailed run (the first seed): every candidate and the strategy's state. */
export interface NasRun {
  strategy: NasStrategyName;
  candidates: NasCandidate[];
  /** The strategy's state after each evaluation (population, controller probabilities...). */
  states: StrategyState[];
  error?: string;
}

export type NasProgress =
  | { type: 'start'; spaceSize: number; strategies: NasStrategyName[] }
  | { type: 'candidate'; strategy: NasStrategyName; candidate: NasCandidate; state: StrategyState }
  | { type: 'epoch'; strategy: NasStrategyName; index: number; epoch: number; accuracy: number }
  | { type: 'comparison'; comparison: StrategyComparison[]; done: number; total: number };

export interface NasResult {
  settings: NasSettings;
  backend: string;
  spaceSize: number;
  runs: NasRun[];
  /** Tabular mode: every strategy over `repeats` seeds, best-so-far per evaluation. */
  comparison: StrategyComparison[] | null;
  /** Estimates against true final scores, with Spearman's rank correlation. */
  estimation: { points: { key: string; estimate: number; truth: number }[]; spearman: number };
  seconds: number;
}

/** Up to this many candidates get a full training run to check a cheap estimator (live mode). */
const TRUTH_SAMPLE = 8;

/**
 * The /nas lab. Tabular mode looks every candidate up in our benchmark (micro cells trained on
 * MNIST at 7 x 7 for 12 epochs, 3 seeds: one seed drawn per lookup), so each strategy runs once
 * in detail and `repeats` more times for the comparison; the estimator reads the table's curves
 * (lower fidelity: the accuracy after fewer epochs; learning curve: the extrapolation of the
 * first epochs). Live mode trains every candidate now, with the estimator's knobs.
 */
export async function runNas(
  config: Record<string, unknown>,
  context: LabContext<NasProgress>,
): Promise<NasResult> {
  const { value: settings, issues } = parseNasSettings(config);
  if (issues.length > 0)
    throw new Error(`Invalid settings: ${issues.map((i) => i.message).join('; ')}`);
  const started = performance.now();
  const { signal, onProgress } = context;
  const rng = createRng(settings.seed);
  const space = nasSpace(settings);
  const strategies = settings.strategies as NasStrategyName[];
  const options: StrategyOptions = {
    gridLimit: GRID_LIMIT,
    evolution: { population: settings.population, sample: settings.sample },
    reinforce: { learningRate: settings.controllerLearningRate, normalize: true },
  };
  await onProgress?.({ type: 'start', spaceSize: spaceSize(space), strategies });
  const table = settings.mode === 'tabular' ? await readTable(context.data) : null;
  const live = table ? null : await liveEvaluator(settings, context);
  const runs: NasRun[] = [];
  try {
    for (const name of strategies) {
      throwIfAborted(signal);
      const strategyRng = createRng(rng.seed());
      const evaluate = table
        ? tabularEvaluator(table, settings, createRng(rng.seed()))
        : live!.evaluator(
            name,
            (index, epoch, accuracy) =>
              void onProgress?.({ type: 'epoch', strategy: name, index, epoch, accuracy }),
          );
      runs.push(
        await detailedRun(
          name,
          space,
          options,
          strategyRng,
          settings,
          evaluate,
          table,
          signal,
          onProgress,
        ),
      );
    }
    // Each repeat's lookups share one rng: it keys that repeat's best score (learning curves).
    const bestOf = new WeakMap<Rng, number>();
    const comparison = table
      ? await compareOnTable(
          {
            space,
            lookup: (arch, lookupRng) => {
              const estimate = tabularEvaluator(table, settings, lookupRng).sync(
                arch,
                bestOf.get(lookupRng) ?? -Infinity,
              );
              bestOf.set(lookupRng, Math.max(bestOf.get(lookupRng) ?? -Infinity, estimate.score));
              return estimate;
            },
          },
          strategies,
          settings.budget,
          settings.repeats,
          createRng(rng.seed()),
          { options, signal },
        )
      : null;
    if (comparison) await onProgress?.({ type: 'comparison', comparison, done: 1, total: 1 });
    if (live && settings.estimator !== 'full')
      await live.addTruths(runs, TRUTH_SAMPLE, createRng(rng.seed()), signal);
    const points = runs.flatMap((run) =>
      run.candidates
        .filter((c) => c.truth !== null)
        .map((c) => ({ key: c.key, estimate: c.score, truth: c.truth! })),
    );
    return {
      settings,
      backend: tf.getBackend(),
      spaceSize: spaceSize(space),
      runs,
      comparison,
      estimation: {
        points,
        spearman: spearman(
          points.map((p) => p.estimate),
          points.map((p) => p.truth),
        ),
      },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    live?.dispose();
  }
}

type Evaluate = (
  arch: Architecture,
  index: number,
  bestSoFar: number,
) => Promise<Estimate & { truth: number | null }>;

/** One strategy's search with every candidate and state reported as it happens. */
async function detailedRun(
  name: NasStrategyName,
  space: NasSpace,
  options: StrategyOptions,
  rng: Rng,
  settings: NasSettings,
  evaluate: Evaluate,
  table: Table | null,
  signal: AbortSignal | undefined,
  onProgress: LabContext<NasProgress>['onProgress'],
): Promise<NasRun> {
  const run: NasRun = { strategy: name, candidates: [], states: [] };
  let strategy;
  try {
    strategy = createStrategy(name, space, options, rng);
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
    return run;
  }
  const frame = table ? tableFrame(0) : null;
  let spent = 0;
  let best = -Infinity;
  const estimates = new Map<number, Estimate & { truth: number | null }>();
  await runNasSearch({
    strategy,
    space,
    budget: settings.budget,
    rng,
    signal,
    evaluate: async (arch) => {
      const index = estimates.size;
      const estimate = await evaluate(arch, index, best);
      estimates.set(index, estimate);
      return estimate;
    },
    onEvaluation: (evaluation) => {
      const estimate = estimates.get(evaluation.index)!;
      spent += estimate.cost;
      best = Math.max(best, evaluation.score);
      const candidate: NasCandidate = {
        ...estimate,
        index: evaluation.index,
        arch: evaluation.arch,
        key: archKey(evaluation.arch),
        parameters: parameterCount(evaluation.arch, frame ?? liveFrameFor(settings)),
        bestSoFar: evaluation.bestSoFar,
        spent,
      };
      const state = strategy.state();
      run.candidates.push(candidate);
      run.states.push(state);
      void onProgress?.({
        type: 'candidate',
        strategy: name,
        candidate: structuredClone(candidate),
        state: structuredClone(state),
      });
    },
  });
  return run;
}

/** The frame live mode builds candidates in (for parameter counts). */
export const liveFrameFor = (s: NasSettings) => ({
  inputs: s.dataset === 'digits' ? 64 : 784,
  outputs: 10,
  width: s.width,
  cells: s.cells,
  widthMultiplier: 1,
  seed: s.seed,
});

/**
 * Scores from the table: one of its seeds drawn per lookup; the estimator reads that seed's
 * validation curve (full: its last value; lower fidelity: the value after fidelityEpochs; learning
 * curve: stop hopeless candidates after curveEpochs). The truth is the final value averaged over
 * the table's seeds. Cost is epochs x the table's training rows.
 */
function tabularEvaluator(table: Table, settings: NasSettings, rng: Rng) {
  const { seeds, epochs } = table.file.training;
  const rows = tableTrainingRows(table.file.training);
  const entryOf = (arch: Architecture, seed: number) => {
    const micro: MicroArch = { kind: 'micro', ops: canonicalOps((arch as MicroArch).ops) };
    const entry = lookup(table, micro, seed) ?? lookup(table, arch as MicroArch, seed);
    if (!entry) throw new Error(`The benchmark has no entry for ${archKey(arch)}`);
    return entry;
  };
  const truthOf = (arch: Architecture) =>
    seeds.reduce((sum, seed) => sum + entryOf(arch, seed).validationAccuracy, 0) / seeds.length;
  const sync = (arch: Architecture, bestSoFar = -Infinity): Estimate & { truth: number | null } => {
    const { curve } = entryOf(arch, seeds[rng.int(seeds.length)]);
    const truth = truthOf(arch);
    if (settings.estimator === 'low-fidelity') {
      const e = Math.min(settings.fidelityEpochs, curve.length);
      return { score: curve[e - 1], cost: e * rows, epochs: e, truth };
    }
    if (settings.estimator === 'learning-curve') {
      const { stop, prediction } = curveDecision(curve, { ...settings, epochs }, bestSoFar);
      if (stop)
        return {
          score: prediction,
          cost: settings.curveEpochs * rows,
          epochs: settings.curveEpochs,
          stopped: true,
          truth,
        };
    }
    return { score: curve[curve.length - 1], cost: epochs * rows, epochs, truth };
  };
  const evaluate: Evaluate = async (arch, _index, bestSoFar) => sync(arch, bestSoFar);
  return Object.assign(evaluate, { sync });
}

export type { LiveEvaluator };
