import type { Rng } from '../rng';
import { fitObservations, type Observation } from './bayes';
import { encodeParams, type SearchSpace } from './space';

/**
 * Hyperparameter importance by permutation on the GP surrogate (Breiman 2001's permutation
 * importance, with the GP of Bayesian optimization as the model): fit the GP to the finished
 * trials, then for each dimension shuffle its values across trials (a choice's one-hot block
 * moves as one) and measure how much the GP's predictions of those trials move, as the mean
 * squared change averaged over `repeats` shuffles. Shares are normalized to sum to 1.
 * Needs at least 4 trials; returns null otherwise.
 */
export function permutationImportance(
  space: SearchSpace,
  observations: Observation[],
  rng: Rng,
  repeats = 10,
): { name: string; importance: number }[] | null {
  if (observations.length < 4) return null;
  const gp = fitObservations(space, observations, rng);
  const encoded = observations.map((o) => encodeParams(space, o.params));
  const baseline = gp.predict(encoded).mean;
  const raw: number[] = [];
  let offset = 0;
  for (const d of space) {
    const width = d.kind === 'choice' ? d.options.length : 1;
    let change = 0;
    for (let r = 0; r < repeats; r++) {
      const order = encoded.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      const shuffled = encoded.map((row, i) => {
        const copy = [...row];
        for (let w = 0; w < width; w++) copy[offset + w] = encoded[order[i]][offset + w];
        return copy;
      });
      const moved = gp.predict(shuffled).mean;
      change += moved.reduce((s, v, i) => s + (v - baseline[i]) ** 2, 0) / moved.length;
    }
    raw.push(change / repeats);
    offset += width;
  }
  const total = raw.reduce((s, v) => s + v, 0);
  return space.map((d, i) => ({ name: d.name, importance: total > 0 ? raw[i] / total : 0 }));
}
