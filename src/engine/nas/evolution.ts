import type { Rng } from '../rng';
import { mutate, sampleArch } from './sample';
import { spaceProblems, spaceSize, type NasSpace } from './space';
import type { Architecture } from './types';

export interface EvolutionOptions {
  /** P: how many architectures the population holds (and how many random ones start it). */
  population: number;
  /** S: how many members a tournament draws; the best of them is the parent. */
  sample: number;
}

export const defaultEvolutionOptions: EvolutionOptions = { population: 20, sample: 5 };

/** A member of the population; `born` counts the tells before it joined. */
export interface EvolutionMember {
  arch: Architecture;
  score: number;
  born: number;
}

/** What the page shows: the members oldest first, age = tells since they joined (newest 0). */
export interface EvolutionState {
  phase: 'initial' | 'evolving';
  population: (EvolutionMember & { age: number })[];
  /** Architectures asked for and not told yet. */
  pending: number;
  /** Architectures told so far. */
  evaluated: number;
  /** The parent of the latest child, when there is one. */
  lastParent: Architecture | null;
}

/**
 * Regularized (ageing) evolution, Real et al. 2019, Algorithm 1, as ask/tell.
 *
 * The first P asks are uniform random architectures (sampleArch); each tell pushes the told
 * architecture on the population queue. After that, each ask runs a tournament: S members drawn
 * uniformly with replacement (as in the paper's Algorithm 1), the best-scoring one is the parent,
 * and the child is mutate(parent), one decision changed. Each tell that makes the population
 * exceed P removes its OLDEST member, not its worst: every architecture dies after P more
 * evaluations, so a lucky score cannot stay a parent forever (the regularization).
 *
 * Asks may run ahead of tells (evaluations in flight): a tournament uses the members told so
 * far, and while none is told the ask returns a random architecture.
 */
export class RegularizedEvolution {
  readonly options: EvolutionOptions;
  readonly #space: NasSpace;
  readonly #rng: Rng;
  readonly #single: boolean;
  #population: EvolutionMember[] = [];
  #asked = 0;
  #told = 0;
  #lastParent: Architecture | null = null;

  constructor(space: NasSpace, options: EvolutionOptions, rng: Rng) {
    const problems = spaceProblems(space);
    if (problems.length > 0)
      throw new Error(`The space cannot be searched: ${problems.join('; ')}`);
    if (!(Number.isInteger(options.population) && options.population >= 1))
      throw new Error(
        `The population must be a whole number of at least 1 (got ${options.population})`,
      );
    if (!(Number.isInteger(options.sample) && options.sample >= 1))
      throw new Error(
        `The tournament sample must be a whole number of at least 1 (got ${options.sample})`,
      );
    this.#space = space;
    this.options = { ...options };
    this.#rng = rng;
    this.#single = spaceSize(space) === 1;
  }

  /** The next architecture to evaluate: random while the population fills, else a mutated parent. */
  ask(): Architecture {
    const initial = this.#asked < this.options.population || this.#population.length === 0;
    this.#asked++;
    if (initial) return sampleArch(this.#space, this.#rng);
    const { sample } = this.options;
    let parent = this.#population[this.#rng.int(this.#population.length)];
    for (let i = 1; i < sample; i++) {
      const candidate = this.#population[this.#rng.int(this.#population.length)];
      if (candidate.score > parent.score) parent = candidate;
    }
    this.#lastParent = parent.arch;
    // A one-architecture space has no neighbour: the child is the parent again.
    return this.#single ? parent.arch : mutate(parent.arch, this.#space, this.#rng);
  }

  /** Adds an evaluated architecture (the newest member) and drops the oldest beyond P. */
  tell(arch: Architecture, score: number): void {
    this.#population.push({ arch, score, born: this.#told });
    this.#told++;
    if (this.#population.length > this.options.population) this.#population.shift();
  }

  state(): EvolutionState {
    return {
      phase: this.#asked <= this.options.population ? 'initial' : 'evolving',
      population: this.#population.map((m) => ({ ...m, age: this.#told - 1 - m.born })),
      pending: Math.max(0, this.#asked - this.#told),
      evaluated: this.#told,
      lastParent: this.#lastParent,
    };
  }
}
