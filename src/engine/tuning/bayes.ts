import type { Rng } from '../rng';
import { expectedImprovement, GaussianProcess } from './gp';
import {
  decodeUnit,
  encodeParams,
  sampleParams,
  type Dimension,
  type Params,
  type SearchSpace,
} from './space';

/** A finished trial as the Gaussian process sees it. */
export interface Observation {
  params: Params;
  score: number;
}

/** Random candidates scored by expected improvement, plus local ones around the best trials. */
const RANDOM_CANDIDATES = 1000;
const LOCAL_CANDIDATES = 40;
const LOCAL_PARENTS = 5;

/**
 * The next point of Bayesian optimization (maximizing score): fit a GP with a Matern 5/2 kernel
 * to the encoded observations (ranges on [0, 1], log dimensions on the log scale, choices
 * one-hot; hyperparameters by marginal likelihood), then return the candidate of largest
 * expected improvement among uniform samples of the space and perturbations of the best
 * observations (each range moved by N(0, 0.1) in unit coordinates, each choice redrawn with
 * probability 0.2). `pending` points (trials still running) are avoided by ruling out candidates
 * equal to them.
 */
export function suggestBayesian(
  space: SearchSpace,
  observations: Observation[],
  rng: Rng,
  pending: Params[] = [],
): { params: Params; expectedImprovement: number } {
  const gp = fitObservations(space, observations, rng);
  const best = Math.max(...observations.map((o) => o.score));
  const parents = [...observations].sort((a, b) => b.score - a.score).slice(0, LOCAL_PARENTS);
  const candidates: Params[] = Array.from({ length: RANDOM_CANDIDATES }, () =>
    sampleParams(space, rng),
  );
  for (const parent of parents)
    for (let i = 0; i < LOCAL_CANDIDATES; i++) candidates.push(perturb(space, parent.params, rng));
  const seen = new Set([...observations.map((o) => o.params), ...pending].map(key));
  const fresh = candidates.filter((c) => !seen.has(key(c)));
  const pool = fresh.length > 0 ? fresh : candidates;
  const { mean, std } = gp.predict(pool.map((c) => encodeParams(space, c)));
  let chosen = 0;
  let chosenEi = -Infinity;
  mean.forEach((m, i) => {
    const ei = expectedImprovement(m, std[i], best);
    if (ei > chosenEi) {
      chosenEi = ei;
      chosen = i;
    }
  });
  return { params: pool[chosen], expectedImprovement: chosenEi };
}

export function fitObservations(space: SearchSpace, observations: Observation[], rng: Rng) {
  return GaussianProcess.fit(
    observations.map((o) => encodeParams(space, o.params)),
    observations.map((o) => o.score),
    rng,
  );
}

const key = (p: Params) => JSON.stringify(Object.entries(p).sort());

function perturb(space: SearchSpace, params: Params, rng: Rng): Params {
  const out: Params = { ...params };
  for (const d of space) {
    if (d.kind === 'choice') {
      if (rng.next() < 0.2) out[d.name] = d.options[rng.int(d.options.length)];
    } else {
      const u = encodeParams([d], params)[0] + 0.1 * rng.normal();
      out[d.name] = decodeUnit(d, Math.min(1, Math.max(0, u)));
    }
  }
  return out;
}

/**
 * The GP's posterior along one range dimension: that dimension swept over `points` values of
 * its range, every other one held at the best observation's value. Mean and std in score units.
 */
export function posteriorSlice(
  space: SearchSpace,
  observations: Observation[],
  dimension: string,
  rng: Rng,
  points = 60,
): { values: number[]; mean: number[]; std: number[] } | null {
  const d = space.find((s) => s.name === dimension);
  if (!d || d.kind === 'choice' || observations.length < 2) return null;
  const gp = fitObservations(space, observations, rng);
  const best = observations.reduce((a, b) => (b.score > a.score ? b : a));
  const values = Array.from({ length: points }, (_, i) =>
    decodeUnit(d as Exclude<Dimension, { kind: 'choice' }>, i / (points - 1)),
  );
  const { mean, std } = gp.predict(
    values.map((v) => encodeParams(space, { ...best.params, [dimension]: v })),
  );
  return { values, mean, std };
}
