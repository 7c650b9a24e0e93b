import type { Rng } from '../rng';
import { expectedImprovement, GaussianProcess, type GpHyperparameters } from '../tuning/gp';
import { encodedGroups, encodeParams } from '../tuning/space';
import {
  defaultEvolutionOptions,
  RegularizedEvolution,
  type EvolutionOptions,
  type EvolutionState,
} from './evolution';
import {
  defaultControllerOptions,
  ReinforceController,
  type ControllerOptions,
  type DecisionProbabilities,
} from './reinforce';
import { mutate, sampleArch } from './sample';
import { enumerate, searchSpaceOf, spaceProblems, spaceSize, toParams } from './space';
import type { NasSpace } from './space';
import { archKey, type Architecture } from './types';

export const nasStrategies = ['grid', 'random', 'bayesian', 'evolution', 'reinforce'] as const;
export type NasStrategyName = (typeof nasStrategies)[number];

export interface StrategyOptions {
  /** Grid: the most architectures it will enumerate (default 5000). */
  gridLimit?: number;
  /** Bayesian: random architectures before the GP is fitted (default 3). */
  initialRandom?: number;
  evolution?: Partial<EvolutionOptions>;
  reinforce?: Partial<ControllerOptions>;
}

/** What each strategy shows on the page. */
export type StrategyState =
  | { kind: 'grid'; next: number; total: number }
  | { kind: 'random'; asked: number; size: number }
  | { kind: 'bayesian'; observations: number; lastExpectedImprovement: number | null }
  | ({ kind: 'evolution' } & EvolutionState)
  | { kind: 'reinforce'; baseline: number | null; decisions: DecisionProbabilities[] };

/**
 * A search strategy as ask/tell: ask() gives the next architecture to evaluate (null when there
 * is none left: grid done, or every architecture of the space asked), tell() reports its score
 * (higher is better). Asks may run ahead of tells.
 */
export interface NasStrategy {
  name: NasStrategyName;
  ask(): Architecture | null | Promise<Architecture | null>;
  tell(arch: Architecture, score: number): void;
  state(): StrategyState;
}

/** Candidates the Bayesian strategy scores: uniform ones, and mutations of the best ones. */
const RANDOM_CANDIDATES = 150;
const MUTATION_PARENTS = 5;
const MUTATIONS_PER_PARENT = 10;
/**
 * Bayesian: the GP's hyperparameters are refitted (marginal likelihood by Nelder-Mead, the costly
 * part) only once the observations have grown by this factor since the last fit; in between the
 * GP conditions on every observation with the last fitted ones.
 */
const REFIT_GROWTH = 1.5;
/** Tries for an architecture not asked yet before a strategy takes a repeat. */
const FRESH_TRIES = 200;

/**
 * The strategy `name` over `space`. grid: every valid architecture in enumerate's order (throws
 * over options.gridLimit). random: sampleArch draws, avoiding repeats while the space has unasked
 * ones. bayesian: random for the first initialRandom observations, then the candidate of largest
 * expected improvement under a GP (tuning's Matern 5/2 fit) on encodeArch. evolution:
 * RegularizedEvolution (its first P asks are its random population). reinforce:
 * ReinforceController, one sample per ask and one update per tell.
 */
export function createStrategy(
  name: NasStrategyName,
  space: NasSpace,
  options: StrategyOptions,
  rng: Rng,
): NasStrategy {
  const problems = spaceProblems(space);
  if (problems.length > 0) throw new Error(`The space cannot be searched: ${problems.join('; ')}`);
  const size = spaceSize(space);
  const asked = new Set<string>();
  /** A sampleArch draw not asked before, when one is found (the space is not exhausted). */
  const fresh = (): Architecture | null => {
    if (asked.size >= size) return null;
    let arch = sampleArch(space, rng);
    for (let i = 0; i < FRESH_TRIES && asked.has(archKey(arch)); i++) arch = sampleArch(space, rng);
    asked.add(archKey(arch));
    return arch;
  };
  switch (name) {
    case 'grid': {
      const archs = enumerate(space, options.gridLimit ?? 5000);
      let next = 0;
      return {
        name,
        ask: () => (next < archs.length ? archs[next++] : null),
        tell: () => {},
        state: () => ({ kind: 'grid', next, total: archs.length }),
      };
    }
    case 'random':
      return {
        name,
        ask: fresh,
        tell: () => {},
        state: () => ({ kind: 'random', asked: asked.size, size }),
      };
    case 'bayesian':
      return bayesian(space, size, options.initialRandom ?? 3, rng, asked, fresh);
    case 'evolution': {
      const evolution = new RegularizedEvolution(
        space,
        { ...defaultEvolutionOptions, ...options.evolution },
        rng,
      );
      return {
        name,
        ask: () => evolution.ask(),
        tell: (arch, score) => evolution.tell(arch, score),
        state: () => ({ kind: 'evolution', ...evolution.state() }),
      };
    }
    case 'reinforce': {
      const controller = new ReinforceController(space, {
        ...defaultControllerOptions,
        ...options.reinforce,
      });
      return {
        name,
        ask: () => controller.sample(rng).arch,
        tell: (arch, score) => controller.update(arch, score),
        state: () => ({
          kind: 'reinforce',
          baseline: controller.baseline,
          decisions: controller.probabilities(),
        }),
      };
    }
    default:
      throw new Error(`Unknown search strategy: ${String(name)}`);
  }
}

/** The GP on (x, y) with these hyperparameters, or null when its covariance is not positive definite. */
function conditioned(x: number[][], y: number[], hyper: GpHyperparameters): GaussianProcess | null {
  try {
    return GaussianProcess.withHyperparameters(x, y, hyper);
  } catch {
    return null;
  }
}

/**
 * Bayesian optimization over architectures. The GP is tuning's (Matern 5/2, fitted by marginal
 * likelihood from its default start and one random one) on encodeArch, tuning's one-hot encoding
 * of the architecture's decisions, with one length scale per decision (its one-hot columns share
 * it: 6 for a cell, not 18). Its hyperparameters are refitted when the observations have grown by
 * REFIT_GROWTH (at 3, 5, 8, 12, 18, 27, 41... observations) and kept in between, so a search of 60
 * fits them 7 times, not 57. The candidates are valid architectures (sampleArch draws and
 * mutations of the best observed ones), not asked before, so the suggestion is always valid and
 * canonical (tuning's suggestBayesian would also score cells that do not connect, and macro
 * decisions of absent layers).
 */
function bayesian(
  space: NasSpace,
  size: number,
  initialRandom: number,
  rng: Rng,
  asked: Set<string>,
  fresh: () => Architecture | null,
): NasStrategy {
  const observations: { arch: Architecture; score: number; encoding: number[] }[] = [];
  const tuningSpace = searchSpaceOf(space);
  const groups = encodedGroups(tuningSpace);
  const encode = (arch: Architecture) => encodeParams(tuningSpace, toParams(arch));
  let lastExpectedImprovement: number | null = null;
  let hyper: GpHyperparameters | null = null;
  let fittedAt = 0;
  const ask = (): Architecture | null => {
    if (observations.length < Math.max(1, initialRandom)) return fresh();
    const best = [...observations].sort((a, b) => b.score - a.score);
    const candidates = Array.from({ length: RANDOM_CANDIDATES }, () => sampleArch(space, rng));
    if (size > 1)
      for (const parent of best.slice(0, MUTATION_PARENTS))
        for (let i = 0; i < MUTATIONS_PER_PARENT; i++)
          candidates.push(mutate(parent.arch, space, rng));
    const unseen = new Map(candidates.map((c) => [archKey(c), c]));
    for (const key of asked) unseen.delete(key);
    if (unseen.size === 0) return fresh();
    const x = observations.map((o) => o.encoding);
    const y = observations.map((o) => o.score);
    const refit = !hyper || observations.length >= fittedAt * REFIT_GROWTH;
    const gp = (!refit && conditioned(x, y, hyper!)) || GaussianProcess.fit(x, y, rng, 1, groups);
    if (gp.hyper !== hyper) [hyper, fittedAt] = [gp.hyper, observations.length];
    const pool = [...unseen.values()];
    const { mean, std } = gp.predict(pool.map(encode));
    let chosen = 0;
    let chosenEi = -Infinity;
    mean.forEach((m, i) => {
      const ei = expectedImprovement(m, std[i], best[0].score);
      if (ei > chosenEi) [chosen, chosenEi] = [i, ei];
    });
    lastExpectedImprovement = chosenEi;
    asked.add(archKey(pool[chosen]));
    return pool[chosen];
  };
  return {
    name: 'bayesian',
    ask,
    tell: (arch, score) => observations.push({ arch, score, encoding: encode(arch) }),
    state: () => ({
      kind: 'bayesian',
      observations: observations.length,
      lastExpectedImprovement,
    }),
  };
}
