import type { Rng } from '../rng';

/**
 * Hyperparameters of the GP, as scikit-learn writes its kernel
 * ConstantKernel(amplitude) * Matern(lengthScales, nu=2.5) + WhiteKernel(noise):
 * k(x, y) = amplitude (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r) + noise [x = y],
 * r = sqrt(sum_i ((x_i - y_i) / lengthScales_i)^2).
 */
export interface GpHyperparameters {
  amplitude: number;
  lengthScales: number[];
  noise: number;
}

/** Bounds on the hyperparameters while fitting them (scikit-learn's defaults, noise raised to 1e-6). */
export const hyperparameterBounds = {
  amplitude: [1e-3, 1e3],
  lengthScale: [1e-2, 1e2],
  noise: [1e-6, 1],
} as const;

const SQRT5 = Math.sqrt(5);

/** Matern 5/2 correlation at scaled distance r. */
export const matern52 = (r: number): number =>
  (1 + SQRT5 * r + (5 * r * r) / 3) * Math.exp(-SQRT5 * r);

function scaledDistance(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  lengthScales: number[],
): number {
  let sum = 0;
  for (let i = 0; i < lengthScales.length; i++) sum += ((a[i] - b[i]) / lengthScales[i]) ** 2;
  return Math.sqrt(sum);
}

/**
 * Squared differences of every pair of points, summed within each length-scale group: for the
 * pairs j < i in the order (1, 0), (2, 0), (2, 1), ..., sum over inputs d of group g of
 * (x_id - x_jd)^2, as [n (n - 1) / 2, groups] row-major (groupOf[d] is input d's group). Fitting
 * evaluates K for many hyperparameters on the same x; with these,
 * r^2 = sum_g squares[pair, g] / lengthScale_g^2 is one multiply-add per group.
 */
function pairwiseSquares(x: number[][], groupOf: readonly number[], groups: number): Float64Array {
  const n = x.length;
  const squares = new Float64Array(((n * (n - 1)) / 2) * groups);
  let pair = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++, pair++) {
      for (let d = 0; d < groupOf.length; d++)
        squares[pair * groups + groupOf[d]] += (x[i][d] - x[j][d]) ** 2;
    }
  }
  return squares;
}

/** Each input its own length-scale group. */
const ownGroups = (inputs: number) => Array.from({ length: inputs }, (_, d) => d);

/** Lower Cholesky factor of the symmetric positive definite [n, n] matrix, or null if it is not. */
function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else l[i * n + j] = sum / l[j * n + j];
    }
  }
  return l;
}

/** Solves L z = b (forward substitution) for lower-triangular L [n, n]. */
function solveLower(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * z[k];
    z[i] = sum / l[i * n + i];
  }
  return z;
}

/** Solves L^T z = b (back substitution). */
function solveUpper(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const z = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * z[k];
    z[i] = sum / l[i * n + i];
  }
  return z;
}

/**
 * A Gaussian process regressor with y normalized to mean 0 and standard deviation 1 (scikit-learn's
 * normalize_y=True). With K = k(X, X) (noise on the diagonal), L = chol(K), alpha = K^-1 y:
 * mean(x*) = k*^T alpha, var(x*) = k(x*, x*) - |L^-1 k*|^2 (noise-free: the white kernel only
 * counts on the training diagonal), log p(y) = -y^T alpha / 2 - sum log L_ii - n log(2 pi) / 2,
 * all in normalized units; predictions are mapped back.
 */
export class GaussianProcess {
  readonly x: number[][];
  readonly hyper: GpHyperparameters;
  readonly logMarginalLikelihood: number;
  readonly #yMean: number;
  readonly #yStd: number;
  readonly #chol: Float64Array;
  readonly #alpha: Float64Array;

  private constructor(
    x: number[][],
    hyper: GpHyperparameters,
    fitted: { yMean: number; yStd: number; chol: Float64Array; alpha: Float64Array; lml: number },
  ) {
    this.x = x;
    this.hyper = hyper;
    this.#yMean = fitted.yMean;
    this.#yStd = fitted.yStd;
    this.#chol = fitted.chol;
    this.#alpha = fitted.alpha;
    this.logMarginalLikelihood = fitted.lml;
  }

  /** The GP with these hyperparameters (no fitting); throws if K is not positive definite. */
  static withHyperparameters(
    x: number[][],
    y: number[],
    hyper: GpHyperparameters,
  ): GaussianProcess {
    const inputs = hyper.lengthScales.length;
    const squares = pairwiseSquares(x, ownGroups(inputs), inputs);
    const fitted = condition(x, y, hyper, squares, hyper.lengthScales);
    if (!fitted) throw new Error('the GP covariance is not positive definite: raise the noise');
    return new GaussianProcess(x, hyper, fitted);
  }

  /**
   * Fits the hyperparameters by maximizing the log marginal likelihood (Nelder-Mead on their
   * logarithms, inside hyperparameterBounds), from scikit-learn's starting point (all ones, noise
   * 1e-5) and `restarts` random ones; the best wins. `groups[i]` (optional) is the length scale
   * input i uses: inputs of one group share one (the one-hot columns of one categorical decision,
   * a Hamming-type kernel), so the simplex searches groups + 2 values instead of inputs + 2.
   */
  static fit(
    x: number[][],
    y: number[],
    rng: Rng,
    restarts = 2,
    groups?: readonly number[],
  ): GaussianProcess {
    const inputs = x[0]?.length ?? 0;
    const groupOf = groups ?? ownGroups(inputs);
    if (groupOf.length !== inputs)
      throw new Error(`${groupOf.length} length-scale groups for ${inputs} inputs`);
    const dims = groupOf.length === 0 ? 0 : Math.max(...groupOf) + 1;
    const bounds = [
      hyperparameterBounds.amplitude,
      ...Array.from({ length: dims }, () => hyperparameterBounds.lengthScale),
      hyperparameterBounds.noise,
    ].map(([lo, hi]) => [Math.log(lo), Math.log(hi)] as const);
    /** The hyperparameters of theta (clamped to the bounds) and the length scale of each group. */
    const unpack = (theta: number[]) => {
      const clamped = theta.map((t, i) => Math.min(bounds[i][1], Math.max(bounds[i][0], t)));
      const scales = clamped.slice(1, 1 + dims).map(Math.exp);
      const hyper: GpHyperparameters = {
        amplitude: Math.exp(clamped[0]),
        lengthScales: groupOf.map((group) => scales[group]),
        noise: Math.exp(clamped[1 + dims]),
      };
      return { hyper, scales };
    };
    const squares = pairwiseSquares(x, groupOf, dims);
    const objective = (theta: number[]) => {
      const { hyper, scales } = unpack(theta);
      const fitted = condition(x, y, hyper, squares, scales);
      return fitted ? -fitted.lml : Infinity;
    };
    const starts = [[0, ...Array.from({ length: dims }, () => 0), Math.log(1e-5)]];
    for (let r = 0; r < restarts; r++)
      starts.push(bounds.map(([lo, hi]) => lo + rng.next() * (hi - lo)));
    let best = { theta: starts[0], value: Infinity };
    for (const start of starts) {
      const result = nelderMead(objective, start, 60 * (dims + 2));
      if (result.value < best.value) best = result;
    }
    return GaussianProcess.withHyperparameters(x, y, unpack(best.theta).hyper);
  }

  /** Posterior mean and standard deviation at each point, in the units of y. */
  predict(points: number[][]): { mean: number[]; std: number[] } {
    const n = this.x.length;
    const mean: number[] = [];
    const std: number[] = [];
    for (const p of points) {
      const kStar = this.x.map(
        (xi) => this.hyper.amplitude * matern52(scaledDistance(xi, p, this.hyper.lengthScales)),
      );
      let mu = 0;
      for (let i = 0; i < n; i++) mu += kStar[i] * this.#alpha[i];
      const v = solveLower(this.#chol, n, kStar);
      let variance = this.hyper.amplitude;
      for (let i = 0; i < n; i++) variance -= v[i] * v[i];
      mean.push(this.#yMean + this.#yStd * mu);
      std.push(this.#yStd * Math.sqrt(Math.max(variance, 0)));
    }
    return { mean, std };
  }
}

/**
 * Normalizes y, factors K and returns what prediction needs, or null when K is not SPD. `squares`
 * is pairwiseSquares of x over some grouping of the inputs and `scales` each group's length scale
 * (hyper.lengthScales spread over the inputs, which this does not read).
 */
function condition(
  x: number[][],
  y: number[],
  hyper: GpHyperparameters,
  squares: Float64Array,
  scales: readonly number[],
) {
  const n = x.length;
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  const variance = y.reduce((s, v) => s + (v - yMean) ** 2, 0) / n;
  const yStd = variance > 0 ? Math.sqrt(variance) : 1;
  const z = y.map((v) => (v - yMean) / yStd);
  const groups = scales.length;
  const inverseSquares = Float64Array.from(scales, (l) => 1 / (l * l));
  const k = new Float64Array(n * n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      for (let g = 0; g < groups; g++) r2 += squares[at++] * inverseSquares[g];
      const v = hyper.amplitude * matern52(Math.sqrt(r2));
      k[i * n + j] = v;
      k[j * n + i] = v;
    }
    k[i * n + i] = hyper.amplitude + hyper.noise;
  }
  const chol = cholesky(k, n);
  if (!chol) return null;
  const alpha = solveUpper(chol, n, solveLower(chol, n, z));
  let lml = -0.5 * n * Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) lml += -0.5 * z[i] * alpha[i] - Math.log(chol[i * n + i]);
  return { yMean, yStd, chol, alpha, lml };
}

/**
 * Nelder-Mead simplex minimization (reflection 1, expansion 2, contraction 1/2, shrink 1/2) from
 * `start` with initial steps of 1 (log-units here), for at most `maxEvaluations` evaluations.
 */
export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  maxEvaluations: number,
): { theta: number[]; value: number } {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + 1 : v)))].map(
    (p) => ({ p, v: f(p) }),
  );
  let evaluations = simplex.length;
  const combine = (a: number[], b: number[], t: number) => a.map((v, i) => v + t * (b[i] - v));
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.v - b.v);
    if (Math.abs(simplex[n].v - simplex[0].v) < 1e-9) break;
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, q) => s + q.p[j], 0) / n);
    const worst = simplex[n];
    const reflected = combine(centroid, worst.p, -1);
    const fr = f(reflected);
    evaluations++;
    if (fr < simplex[0].v) {
      const expanded = combine(centroid, worst.p, -2);
      const fe = f(expanded);
      evaluations++;
      simplex[n] = fe < fr ? { p: expanded, v: fe } : { p: reflected, v: fr };
    } else if (fr < simplex[n - 1].v) {
      simplex[n] = { p: reflected, v: fr };
    } else {
      const contracted = combine(centroid, worst.p, 0.5);
      const fc = f(contracted);
      evaluations++;
      if (fc < worst.v) simplex[n] = { p: contracted, v: fc };
      else {
        simplex = simplex.map((q, i) =>
          i === 0
            ? q
            : { p: combine(simplex[0].p, q.p, 0.5), v: f(combine(simplex[0].p, q.p, 0.5)) },
        );
        evaluations += n;
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { theta: simplex[0].p, value: simplex[0].v };
}

/** Standard normal density and distribution function (erf by Abramowitz and Stegun 7.1.26, |error| < 1.5e-7). */
export const normalPdf = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Expected improvement over the best value so far, for maximization:
 * EI = (mu - best - xi) Phi(z) + sigma phi(z), z = (mu - best - xi) / sigma; 0 when sigma = 0.
 */
export function expectedImprovement(mean: number, std: number, best: number, xi = 0): number {
  const gain = mean - best - xi;
  if (std <= 0) return Math.max(gain, 0);
  const z = gain / std;
  return gain * normalCdf(z) + std * normalPdf(z);
}
