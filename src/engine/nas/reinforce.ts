import type { Rng } from '../rng';
import type { Params } from '../tuning/space';
import {
  fromParams,
  isValid,
  searchSpaceOf,
  spaceProblems,
  toParams,
  type NasSpace,
} from './space';
import type { Architecture } from './types';

export interface ControllerOptions {
  /** lr: the step on the logits per unit of advantage. */
  learningRate: number;
  /** decay of the moving-average baseline, in [0, 1). */
  baselineDecay: number;
  /**
   * Divide the advantage by a moving estimate of its spread, sigma^2 <- decay sigma^2 +
   * (1 - decay) (R - b)^2 (floored at 1e-3), so the step does not depend on the rewards' scale:
   * accuracies that differ in the third decimal still move the controller.
   */
  normalize?: boolean;
}

export const defaultControllerOptions: ControllerOptions = { learningRate: 1, baselineDecay: 0.9 };

/** One decision of the controller: its options and their probabilities softmax(logits). */
export interface DecisionProbabilities {
  name: string;
  options: (string | number)[];
  probabilities: number[];
}

/** Draws from an invalid architecture before sample gives up. */
const RESAMPLE_CAP = 10_000;

/** softmax(z)_k = exp(z_k - max z) / sum_j exp(z_j - max z). */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k]);
  const e = Array.from(logits, (z) => Math.exp(z - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/**
 * A REINFORCE controller (Zoph & Le 2016, simplified: independent categoricals in place of
 * their RNN). Each decision d of the space's tuning SearchSpace (micro: each edge's op; macro:
 * the depth, then each layer's width, activation and skip) has logits z_d and probabilities
 * p_d = softmax(z_d), starting uniform (z = 0).
 *
 * p(arch) = prod over the decisions arch uses of p_d(choice_d): a macro arch of depth L uses the
 * depth and its L layers' decisions; the decisions of absent layers are drawn and ignored.
 *
 * After a reward R for arch: advantage A = R - b with b the baseline before R (the first reward
 * sets b = R, so A = 0), then for each used decision z_d += lr A (onehot(choice_d) - p_d), the
 * exact gradient of log p(arch) in z_d, and b <- decay b + (1 - decay) R.
 *
 * Invalid draws (micro cells whose input does not reach the output) are redrawn, so the
 * controller samples from p restricted to the valid architectures; the update uses the gradient
 * of log p(arch), leaving out that of the normalizer log P(valid) (a small bias: most cells are
 * valid).
 */
export class ReinforceController {
  readonly options: ControllerOptions;
  readonly #space: NasSpace;
  readonly #decisions: { name: string; options: (string | number)[]; logits: Float64Array }[];
  #baseline: number | null = null;
  #variance: number | null = null;
  #updates = 0;

  constructor(space: NasSpace, options: ControllerOptions = defaultControllerOptions) {
    const problems = spaceProblems(space);
    if (problems.length > 0)
      throw new Error(`The space cannot be searched: ${problems.join('; ')}`);
    if (!(options.baselineDecay >= 0 && options.baselineDecay < 1))
      throw new Error(`The baseline decay must lie in [0, 1) (got ${options.baselineDecay})`);
    this.#space = space;
    this.options = { ...options };
    this.#decisions = searchSpaceOf(space).map((d) => {
      if (d.kind !== 'choice') throw new Error('architecture decisions are choices');
      return { name: d.name, options: d.options, logits: new Float64Array(d.options.length) };
    });
  }

  /** A valid architecture drawn from the controller, and log p(arch) (natural log). */
  sample(rng: Rng): { arch: Architecture; logProbability: number } {
    for (let tries = 0; tries < RESAMPLE_CAP; tries++) {
      const params: Params = {};
      for (const d of this.#decisions) {
        const p = softmax(d.logits);
        let u = rng.next();
        let k = 0;
        while (k < p.length - 1 && u >= p[k]) u -= p[k++];
        params[d.name] = d.options[k];
      }
      const arch = fromParams(params, this.#space.kind);
      if (isValid(arch, this.#space)) return { arch, logProbability: this.logProbability(arch) };
    }
    throw new Error(`The controller drew no valid architecture in ${RESAMPLE_CAP} tries`);
  }

  /** log p(arch) = sum over the decisions arch uses of log p_d(choice_d). */
  logProbability(arch: Architecture): number {
    let total = 0;
    this.#forUsed(arch, (d, k) => (total += Math.log(softmax(d.logits)[k])));
    return total;
  }

  /** One REINFORCE step on reward R for arch (see the class comment). */
  update(arch: Architecture, reward: number): void {
    if (!Number.isFinite(reward))
      throw new Error(`The reward must be a finite number (got ${reward})`);
    const baseline = this.#baseline ?? reward;
    const decay = this.options.baselineDecay;
    let advantage = reward - baseline;
    if (this.options.normalize) {
      // The first reward sets the baseline only; later ones update the spread before it is used.
      if (this.#baseline !== null)
        this.#variance =
          this.#variance === null
            ? advantage ** 2
            : decay * this.#variance + (1 - decay) * advantage ** 2;
      advantage /= Math.max(Math.sqrt(this.#variance ?? 0), 1e-3);
    }
    const step = this.options.learningRate * advantage;
    this.#forUsed(arch, (d, k) => {
      const p = softmax(d.logits);
      for (let j = 0; j < p.length; j++) d.logits[j] += step * ((j === k ? 1 : 0) - p[j]);
    });
    this.#baseline = decay * baseline + (1 - decay) * reward;
    this.#updates++;
  }

  /** The moving-average baseline b (null before the first reward). */
  get baseline(): number | null {
    return this.#baseline;
  }

  get updates(): number {
    return this.#updates;
  }

  /** Each decision's options and probabilities, in the tuning SearchSpace's order. */
  probabilities(): DecisionProbabilities[] {
    return this.#decisions.map((d) => ({
      name: d.name,
      options: [...d.options],
      probabilities: softmax(d.logits),
    }));
  }

  /** Calls fn(decision, index of arch's choice) for each decision arch uses. */
  #forUsed(arch: Architecture, fn: (d: { logits: Float64Array }, choice: number) => void): void {
    const params = toParams(arch);
    for (const d of this.#decisions) {
      if (!(d.name in params)) continue;
      const k = d.options.indexOf(params[d.name]);
      if (k < 0) throw new Error(`${d.name} = ${params[d.name]} is not in the search space`);
      fn(d, k);
    }
  }
}
