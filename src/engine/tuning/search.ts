import { abortError, isAbort, throwIfAborted } from '../abort';
import { createRng, type Rng } from '../rng';
import { suggestBayesian, type Observation } from './bayes';
import { hyperbandBrackets } from './hyperband';
import { defaultMedianRule, shouldPrune } from './pruner';
import { gridPoints, sampleParams, validateSpace, type Params, type SearchSpace } from './space';

export const strategies = ['grid', 'random', 'bayesian', 'hyperband'] as const;
export type Strategy = (typeof strategies)[number];

export interface SearchOptions {
  space: SearchSpace;
  strategy: Strategy;
  /** Stop after this many trials, or this many training epochs summed over all trials. */
  budget: { kind: 'trials' | 'epochs'; amount: number };
  /** Epochs of a full trial; Hyperband's maximum resource R. */
  maxEpochs: number;
  /** Hyperband's halving rate. */
  eta: number;
  /** Trials run at once. */
  parallel: number;
  /** The median stopping rule (random and Bayesian search). */
  prune: boolean;
  /** Random trials before Bayesian optimization fits its GP. */
  initialTrials: number;
  seed: number;
  /** No trial starts after this many seconds (running ones finish); none when left out. */
  timeLimitSeconds?: number;
}

export type TrialStatus = 'running' | 'finished' | 'pruned' | 'failed';

export interface Trial {
  id: number;
  params: Params;
  status: TrialStatus;
  /** Epochs this trial was asked to train. */
  epochs: number;
  /** Validation score after each epoch trained so far. */
  curve: number[];
  /** The last validation score (null before the first epoch). */
  score: number | null;
  /** Hyperband: bracket s and round i (0 = first rung). */
  bracket?: number;
  rung?: number;
  /** Hyperband: promoted to the next rung. */
  promoted?: boolean;
  /** Held-out test score of the finished model, when the evaluator gives one. */
  testScore?: number;
  error?: string;
}

/**
 * Trains `params` for `epochs` epochs and resolves when done, with the held-out test score when
 * it has one; calls `report(score)` after each epoch with the validation score. Aborting
 * `signal` stops it (it may reject with an AbortError).
 */
export type Evaluate = (
  params: Params,
  epochs: number,
  report: (score: number) => void,
  signal: AbortSignal,
) => Promise<number | void>;

/** Picks Bayesian optimization's next point (may run elsewhere, e.g. in a worker). */
export type Suggest = (
  space: SearchSpace,
  observations: Observation[],
  seed: number,
  pending: Params[],
) => Promise<Params>;

export const suggestHere: Suggest = async (space, observations, seed, pending) =>
  suggestBayesian(space, observations, createRng(seed), pending).params;

export interface SearchHooks {
  evaluate: Evaluate;
  suggest?: Suggest;
  /** Hears every change: a trial started, reported an epoch, ended. */
  onUpdate?: (trials: Trial[]) => void;
  signal?: AbortSignal;
}

/** Epochs trained so far across trials. */
export const epochsSpent = (trials: Trial[]): number =>
  trials.reduce((sum, t) => sum + t.curve.length, 0);

/**
 * Runs a hyperparameter search to its budget and returns every trial. Grid visits the grid in
 * order (and stops at its end); random samples uniformly (log-uniformly on log ranges);
 * Bayesian starts with `initialTrials` random trials, then asks `suggest` (expected improvement
 * on a GP) each time a slot frees; Hyperband runs its brackets' successive halving in turn, each
 * round from scratch at the round's epochs. Up to `parallel` trials run at once. Throws on an
 * invalid space, and an AbortError when `signal` aborts.
 */
export async function runSearch(options: SearchOptions, hooks: SearchHooks): Promise<Trial[]> {
  const problems = validateSpace(options.space);
  if (problems.length > 0) throw new Error(problems.join('; '));
  if (!(options.budget.amount >= 1)) throw new Error('the budget must be at least 1');
  const runner = new TrialRunner(options, hooks);
  const rng = createRng(options.seed);
  if (options.strategy === 'hyperband') await runHyperband(options, runner, rng);
  else await runSequential(options, hooks, runner, rng);
  return runner.trials;
}

/** Starts trials, tracks them, prunes by the median rule, and keeps the budget. */
class TrialRunner {
  readonly trials: Trial[] = [];
  readonly #options: SearchOptions;
  readonly #hooks: SearchHooks;
  readonly #running = new Set<Promise<void>>();
  readonly #started = performance.now();

  constructor(options: SearchOptions, hooks: SearchHooks) {
    this.#options = options;
    this.#hooks = hooks;
  }

  get running(): number {
    return this.#running.size;
  }

  /** Whether another trial of `epochs` epochs fits the budget (running trials count in full). */
  fits(epochs: number): boolean {
    const limit = this.#options.timeLimitSeconds;
    if (limit !== undefined && (performance.now() - this.#started) / 1000 >= limit) return false;
    const { kind, amount } = this.#options.budget;
    if (kind === 'trials') return this.trials.length < amount;
    const committed = this.trials.reduce(
      (sum, t) => sum + (t.status === 'running' ? t.epochs : t.curve.length),
      0,
    );
    return committed + epochs <= amount;
  }

  start(params: Params, epochs: number, extra: Partial<Trial> = {}): Promise<void> {
    throwIfAborted(this.#hooks.signal);
    const trial: Trial = {
      id: this.trials.length + 1,
      params,
      status: 'running',
      epochs,
      curve: [],
      score: null,
      ...extra,
    };
    this.trials.push(trial);
    const controller = new AbortController();
    const stopAll = () => controller.abort();
    this.#hooks.signal?.addEventListener('abort', stopAll);
    const prune = this.#options.prune && this.#options.strategy !== 'hyperband';
    const report = (score: number) => {
      if (trial.status !== 'running') return;
      trial.curve.push(score);
      trial.score = score;
      if (
        prune &&
        trial.curve.length < epochs &&
        shouldPrune(trial.curve, this.#finishedCurves(), defaultMedianRule)
      ) {
        trial.status = 'pruned';
        controller.abort();
      }
      this.update();
    };
    const work = this.#hooks
      .evaluate(params, epochs, report, controller.signal)
      .then(
        (testScore) => {
          if (trial.status === 'running') trial.status = 'finished';
          if (typeof testScore === 'number') trial.testScore = testScore;
        },
        (error: unknown) => {
          if (this.#hooks.signal?.aborted) return;
          if (trial.status === 'pruned' && isAbort(error)) return;
          trial.status = 'failed';
          trial.error = error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => {
        this.#hooks.signal?.removeEventListener('abort', stopAll);
        this.#running.delete(work);
        this.update();
      });
    this.#running.add(work);
    this.update();
    return work;
  }

  /** Resolves when any running trial ends. */
  async waitForOne(): Promise<void> {
    if (this.#running.size > 0) await Promise.race(this.#running);
    throwIfAborted(this.#hooks.signal);
  }

  async waitForAll(): Promise<void> {
    await Promise.all(this.#running);
    if (this.#hooks.signal?.aborted) throw abortError();
  }

  #finishedCurves(): number[][] {
    return this.trials.filter((t) => t.status === 'finished').map((t) => t.curve);
  }

  update() {
    this.#hooks.onUpdate?.(this.trials.map((t) => ({ ...t, curve: [...t.curve] })));
  }
}

/** Grid, random and Bayesian: keep `parallel` trials running until the budget or the grid ends. */
async function runSequential(
  options: SearchOptions,
  hooks: SearchHooks,
  runner: TrialRunner,
  rng: Rng,
) {
  const grid = options.strategy === 'grid' ? gridPoints(options.space) : null;
  const suggest = hooks.suggest ?? suggestHere;
  let next = 0;
  while (true) {
    if (grid && next >= grid.length) break;
    if (!runner.fits(options.maxEpochs)) break;
    if (runner.running >= options.parallel) {
      await runner.waitForOne();
      continue;
    }
    let params: Params;
    if (grid) params = grid[next];
    else {
      const observations = runner.trials
        .filter((t) => t.status === 'finished' && t.score !== null)
        .map((t) => ({ params: t.params, score: t.score! }));
      const bayesian =
        options.strategy === 'bayesian' &&
        observations.length >= Math.max(2, options.initialTrials);
      params = bayesian
        ? await suggest(
            options.space,
            observations,
            rng.seed(),
            runner.trials.filter((t) => t.status === 'running').map((t) => t.params),
          )
        : sampleParams(options.space, rng);
    }
    next++;
    void runner.start(params, options.maxEpochs);
  }
  await runner.waitForAll();
}

/** Hyperband's brackets one after another; each round's best 1/eta go on to the next round. */
async function runHyperband(options: SearchOptions, runner: TrialRunner, rng: Rng) {
  const brackets = hyperbandBrackets(options.maxEpochs, options.eta);
  for (let b = 0; ; b = (b + 1) % brackets.length) {
    const bracket = brackets[b];
    let survivors: Params[] = Array.from({ length: bracket.rounds[0].configurations }, () =>
      sampleParams(options.space, rng),
    );
    for (let i = 0; i < bracket.rounds.length; i++) {
      const epochs = Math.max(1, Math.round(bracket.rounds[i].resource));
      const round: Trial[] = [];
      for (const params of survivors) {
        if (!runner.fits(epochs)) break;
        while (runner.running >= options.parallel) await runner.waitForOne();
        void runner.start(params, epochs, { bracket: bracket.s, rung: i });
        round.push(runner.trials[runner.trials.length - 1]);
      }
      await runner.waitForAll();
      if (round.length < survivors.length) return;
      const keep = i + 1 < bracket.rounds.length ? bracket.rounds[i + 1].configurations : 0;
      const ranked = round
        .filter((t) => t.status === 'finished' && t.score !== null)
        .sort((a, b) => b.score! - a.score!)
        .slice(0, keep);
      for (const t of ranked) t.promoted = true;
      runner.update();
      survivors = ranked.map((t) => t.params);
      if (survivors.length === 0) break;
    }
  }
}
