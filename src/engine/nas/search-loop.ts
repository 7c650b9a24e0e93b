import { throwIfAborted } from '../abort';
import { createRng, type Rng } from '../rng';
import { spaceProblems, type NasSpace } from './space';
import {
  createStrategy,
  type NasStrategy,
  type NasStrategyName,
  type StrategyOptions,
} from './strategies';
import type { Architecture } from './types';

/** One evaluation of a search, in order; bestSoFar is the best score up to and including it. */
export interface NasEvaluation {
  index: number;
  arch: Architecture;
  score: number;
  /** What the evaluation cost (seconds, epochs: the evaluator's unit). */
  cost: number;
  bestSoFar: number;
}

export interface NasSearchOptions {
  /** A strategy object, or a name to create one with `strategyOptions`. */
  strategy: NasStrategy | NasStrategyName;
  strategyOptions?: StrategyOptions;
  space: NasSpace;
  /** How many architectures to evaluate at most (fewer when the strategy runs out). */
  budget: number;
  evaluate: (arch: Architecture) => Promise<{ score: number; cost: number }>;
  rng: Rng;
  signal?: AbortSignal;
  onEvaluation?: (evaluation: NasEvaluation) => void;
}

/** The budget as a whole number of evaluations; throws when it is below 1. */
function checkBudget(budget: number): number {
  const whole = Math.floor(budget);
  if (!(whole >= 1))
    throw new Error(
      `The budget is ${Number.isNaN(whole) ? budget : whole} evaluations: give at least 1 ` +
        'architecture to evaluate',
    );
  return whole;
}

/**
 * Runs a search: up to `budget` times ask the strategy, evaluate, tell the score; stops early
 * when the strategy has nothing left (ask gives null). Evaluations run one at a time. Aborting
 * `signal` rejects with an AbortError (or the signal's reason). Returns every evaluation in order.
 */
export async function runNasSearch(options: NasSearchOptions): Promise<NasEvaluation[]> {
  const { space, evaluate, rng, signal, onEvaluation } = options;
  const budget = checkBudget(options.budget);
  const problems = spaceProblems(space);
  if (problems.length > 0) throw new Error(`The space cannot be searched: ${problems.join('; ')}`);
  const strategy =
    typeof options.strategy === 'string'
      ? createStrategy(options.strategy, space, options.strategyOptions ?? {}, rng)
      : options.strategy;
  const evaluations: NasEvaluation[] = [];
  let bestSoFar = -Infinity;
  for (let index = 0; index < budget; index++) {
    throwIfAborted(signal);
    const arch = await strategy.ask();
    if (arch === null) break;
    const { score, cost } = await evaluate(arch);
    throwIfAborted(signal);
    strategy.tell(arch, score);
    bestSoFar = Math.max(bestSoFar, score);
    const evaluation = { index, arch, score, cost, bestSoFar };
    evaluations.push(evaluation);
    onEvaluation?.(evaluation);
  }
  return evaluations;
}

/**
 * A benchmark of precomputed results: the space it covers and a lookup of an architecture's
 * score and cost. `rng` is a stream of the repeat (the same for every strategy), so a table with
 * several training seeds per architecture can draw one per evaluation.
 */
export interface ScoreTable {
  space: NasSpace;
  lookup: (arch: Architecture, rng: Rng) => { score: number; cost: number };
}

/** One strategy over the repeats: best-so-far curves [repeats][budget] and their summary. */
export interface StrategyComparison {
  name: NasStrategyName;
  curves: number[][];
  /** Cumulative cost after each evaluation [repeats][budget] (held when a run stops early). */
  costs: number[][];
  /** Per evaluation: the mean and the 10th and 90th percentiles over the repeats. */
  mean: number[];
  p10: number[];
  p90: number[];
  /** Why the strategy could not run (then the curves are empty), e.g. a grid over its limit. */
  error?: string;
}

/**
 * The q-quantile of `values` with linear interpolation between order statistics (NumPy's
 * default): sorted x, position q (n - 1), interpolated between its neighbours.
 */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Runs each strategy `repeats` times for `budget` evaluations against `table.lookup`; repeat r
 * uses the same seeds for every strategy (drawn from `rng`: one for the strategy, one for the
 * lookup). A run that stops early (a grid smaller than the budget) holds its last best-so-far
 * and cost to the end of its curves. A strategy that cannot start is reported in `error`.
 */
export async function compareOnTable(
  table: ScoreTable,
  strategies: readonly NasStrategyName[],
  budget: number,
  repeats: number,
  rng: Rng,
  extra: {
    options?: StrategyOptions;
    signal?: AbortSignal;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<StrategyComparison[]> {
  if (!(Math.floor(repeats) >= 1))
    throw new Error(`Compare needs at least 1 repeat (got ${repeats})`);
  checkBudget(budget);
  const seeds = Array.from({ length: Math.floor(repeats) }, () => ({
    strategy: rng.seed(),
    lookup: rng.seed(),
  }));
  const options = extra.options ?? {};
  const holdToBudget = (curve: number[]) => {
    while (curve.length < Math.floor(budget)) curve.push(curve[curve.length - 1]);
    return curve;
  };
  const results: StrategyComparison[] = [];
  let done = 0;
  for (const name of strategies) {
    // A strategy that cannot start (a grid over its limit) is reported, not thrown.
    try {
      createStrategy(name, table.space, options, createRng(0));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ name, curves: [], costs: [], mean: [], p10: [], p90: [], error: message });
      done += seeds.length;
      continue;
    }
    const curves: number[][] = [];
    const costs: number[][] = [];
    for (const seed of seeds) {
      const seeded = createRng(seed.strategy);
      const lookupRng = createRng(seed.lookup);
      const evaluations = await runNasSearch({
        strategy: createStrategy(name, table.space, options, seeded),
        space: table.space,
        budget,
        evaluate: async (arch) => table.lookup(arch, lookupRng),
        rng: seeded,
        signal: extra.signal,
      });
      let spent = 0;
      curves.push(holdToBudget(evaluations.map((e) => e.bestSoFar)));
      costs.push(holdToBudget(evaluations.map((e) => (spent += e.cost))));
      extra.onProgress?.(++done, strategies.length * seeds.length);
    }
    const steps = curves[0].map((_, i) => curves.map((c) => c[i]));
    results.push({
      name,
      curves,
      costs,
      mean: steps.map((v) => v.reduce((s, x) => s + x, 0) / v.length),
      p10: steps.map((v) => quantile(v, 0.1)),
      p90: steps.map((v) => quantile(v, 0.9)),
    });
  }
  return results;
}
