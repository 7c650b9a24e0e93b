import type { Rng } from '../rng';
import { dense, multiply, type Dense } from './dense';
import { symmetricEigen } from './eigen';
import { thinSvd } from './pca';
import { randomizedSvdDense } from './randomized-svd';

/**
 * FastICA (Hyvarinen and Oja 2000), as scikit-learn's FastICA: centre, whiten to unit variance,
 * then find the unmixing rows w maximizing non-Gaussianity with the fixed-point update
 * w <- E[x g(w^T x)] - E[g'(w^T x)] w, either all at once with symmetric decorrelation
 * W <- (W W^T)^(-1/2) W ('parallel'), or one at a time with Gram-Schmidt ('deflation').
 * g: logcosh g(u) = tanh(u), exp g(u) = u exp(-u^2 / 2), cube g(u) = u^3.
 */
export type IcaFunction = 'logcosh' | 'exp' | 'cube';
export type IcaAlgorithm = 'parallel' | 'deflation';

export interface IcaModel {
  /** Recovered sources [n, k], unit variance. */
  sources: Dense;
  /** Unmixing of the centred data: sources = (X - mean) @ unmixing^T, [k, d]. */
  unmixing: Dense;
  mean: Float64Array;
  iterations: number;
  converged: boolean;
}

const g: Record<IcaFunction, (u: number) => [number, number]> = {
  logcosh: (u) => {
    const t = Math.tanh(u);
    return [t, 1 - t * t];
  },
  exp: (u) => {
    const e = Math.exp((-u * u) / 2);
    return [u * e, (1 - u * u) * e];
  },
  cube: (u) => [u * u * u, 3 * u * u],
};

/** (W W^T)^(-1/2) W by the eigen-decomposition of the small symmetric W W^T. */
function symmetricDecorrelation(w: Dense): Dense {
  const { values, vectors } = symmetricEigen(multiply(w, w, false, true));
  const k = w.rows;
  const inverseRoot = dense(k, k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let sum = 0;
      for (let e = 0; e < k; e++)
        sum +=
          (vectors.data[e * k + a] * vectors.data[e * k + b]) /
          Math.sqrt(Math.max(values[e], 1e-300));
      inverseRoot.data[a * k + b] = sum;
    }
  }
  return multiply(inverseRoot, w);
}

export async function fitIca(
  x: Dense,
  k: number,
  options: {
    fun: IcaFunction;
    algorithm: IcaAlgorithm;
    rng: Rng;
    maxIterations?: number;
    tol?: number;
  },
): Promise<IcaModel> {
  const { rows: n, cols: d } = x;
  if (k < 1 || k > d) throw new Error(`ICA needs 1 <= components <= features = ${d}; got ${k}`);
  const maxIterations = options.maxIterations ?? 200;
  const tol = options.tol ?? 1e-4;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x.data[i * d + j] / n;
  const centered = dense(n, d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) centered.data[i * d + j] = x.data[i * d + j] - mean[j];
  // Whitening: K = D^(-1/2) E^T on the top k eigenpairs of the covariance (eigenvalues s^2 / n of
  // the centred data's singular values), so z = K x has identity covariance. Wide data take the
  // top k from a randomized SVD; narrow data an exact thin SVD.
  const { s: singular, vt } =
    d > 100 ? await randomizedSvdDense(centered, k, options.rng) : thinSvd(centered);
  if (singular.length < k || (singular[k - 1] * singular[k - 1]) / n <= 1e-12) {
    throw new Error(
      'ICA: the data have fewer independent directions than components (a constant or duplicated column)',
    );
  }
  const whitening = dense(k, d);
  for (let r = 0; r < k; r++) {
    const scale = Math.sqrt(n) / singular[r];
    for (let j = 0; j < d; j++) whitening.data[r * d + j] = scale * vt.data[r * d + j];
  }
  const z = multiply(centered, whitening, false, true); // [n, k]
  const f = g[options.fun];
  let w = dense(
    k,
    k,
    Float64Array.from({ length: k * k }, () => options.rng.normal()),
  );
  let iterations = 0;
  let converged = false;

  /** One fixed-point update of row vector w_r: E[z g(w z)] - E[g'(w z)] w. */
  const update = (row: Float64Array): Float64Array => {
    const next = new Float64Array(k);
    let derivative = 0;
    for (let i = 0; i < n; i++) {
      let u = 0;
      for (let c = 0; c < k; c++) u += row[c] * z.data[i * k + c];
      const [gu, dgu] = f(u);
      derivative += dgu;
      for (let c = 0; c < k; c++) next[c] += z.data[i * k + c] * gu;
    }
    for (let c = 0; c < k; c++) next[c] = next[c] / n - (derivative / n) * row[c];
    return next;
  };

  if (options.algorithm === 'parallel') {
    w = symmetricDecorrelation(w);
    for (iterations = 1; iterations <= maxIterations; iterations++) {
      const next = dense(k, k);
      for (let r = 0; r < k; r++) next.data.set(update(w.data.subarray(r * k, (r + 1) * k)), r * k);
      const decorrelated = symmetricDecorrelation(next);
      let limit = 0;
      for (let r = 0; r < k; r++) {
        let diagonal = 0;
        for (let c = 0; c < k; c++) diagonal += decorrelated.data[r * k + c] * w.data[r * k + c];
        limit = Math.max(limit, Math.abs(Math.abs(diagonal) - 1));
      }
      w = decorrelated;
      if (limit < tol) {
        converged = true;
        break;
      }
    }
  } else {
    converged = true;
    for (let r = 0; r < k; r++) {
      let row: Float64Array = w.data.slice(r * k, (r + 1) * k);
      const normalize = (v: Float64Array): Float64Array => {
        const norm = Math.sqrt(v.reduce((s, e) => s + e * e, 0));
        return v.map((e) => e / norm);
      };
      row = normalize(row);
      let done = false;
      for (let it = 1; it <= maxIterations && !done; it++) {
        iterations = Math.max(iterations, it);
        let next: Float64Array = update(row);
        // Gram-Schmidt against the rows already found.
        for (let p = 0; p < r; p++) {
          let projection = 0;
          for (let c = 0; c < k; c++) projection += next[c] * w.data[p * k + c];
          for (let c = 0; c < k; c++) next[c] -= projection * w.data[p * k + c];
        }
        next = normalize(next);
        const agreement = Math.abs(next.reduce((s, e, c) => s + e * row[c], 0));
        row = next;
        done = Math.abs(agreement - 1) < tol;
      }
      converged &&= done;
      w.data.set(row, r * k);
    }
  }
  const unmixing = multiply(w, whitening);
  return { sources: multiply(z, w, false, true), unmixing, mean, iterations, converged };
}
