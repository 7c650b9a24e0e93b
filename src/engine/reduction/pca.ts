import type { GpuOps } from '../lab';
import type { Rng } from '../rng';
import {
  columnMeans,
  dense,
  multiply,
  signByLargest,
  subtractRow,
  transpose,
  type Dense,
} from './dense';
import { symmetricEigen } from './eigen';
import { covarianceMatrix, topEigen } from './covariance';
import { randomizedSvdDense } from './randomized-svd';

/**
 * Principal component analysis as scikit-learn's PCA: centre X, find the k directions of largest
 * variance. explainedVariance = S^2 / (n - 1) (the covariance's eigenvalues), ratio = that over
 * the total variance, singularValues = S. Components are rows [k, d], signed so each one's
 * largest entry is positive (scikit-learn signs by the scores instead: compare up to sign).
 */
export interface PcaModel {
  mean: Float64Array;
  components: Dense;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  singularValues: Float64Array;
  /** Sum of all column variances (ddof 1). */
  totalVariance: number;
  whiten: boolean;
}

export type PcaSolver = 'covariance' | 'gram' | 'randomized';

/**
 * 'covariance': exact eigen-decomposition of C = Xc^T Xc / (n - 1); costs n d^2 + d^3.
 * 'gram': the same C, summed over X's non-zeros when X is sparse, then its top k eigenpairs by
 * subspace iteration (6 iterations, 10 oversamples): as accurate as 'randomized' in the leading
 * components, and faster on tall sparse data such as MNIST (n d^2 density^2 + d^2 k).
 * 'randomized': randomized SVD of Xc (7 power iterations, 10 oversamples; products on the GPU
 * when `ops` has our matmul); costs about 16 n d (k + 10) and suits wide data.
 */
export async function fitPca(
  x: Dense,
  k: number,
  options: { solver: PcaSolver; whiten?: boolean; rng: Rng; ops?: GpuOps },
): Promise<PcaModel> {
  if (k < 1 || k > Math.min(x.rows, x.cols))
    throw new Error(
      `PCA needs 1 <= components <= min(rows, features) = ${Math.min(x.rows, x.cols)}; got ${k}`,
    );
  const n = x.rows;
  const moments = options.solver !== 'randomized' ? covarianceMatrix(x) : null;
  const mean = moments ? moments.mean : columnMeans(x);
  const covariance = moments?.covariance;
  const centered = covariance ? null : subtractRow(x, mean);
  let totalVariance = 0;
  if (covariance) {
    for (let j = 0; j < x.cols; j++) totalVariance += covariance.data[j * x.cols + j];
  } else {
    for (let i = 0; i < centered!.data.length; i++) totalVariance += centered!.data[i] ** 2;
    totalVariance /= n - 1;
  }
  let components: Dense;
  let explainedVariance: Float64Array;
  if (covariance) {
    // Eigenvectors come as rows, eigenvalues descending: the first k are the components.
    const { values, vectors } =
      options.solver === 'gram' ? topEigen(covariance, k, options.rng) : symmetricEigen(covariance);
    components = dense(k, x.cols, vectors.data.slice(0, k * x.cols));
    explainedVariance = Float64Array.from(values.subarray(0, k), (v) => Math.max(0, v));
  } else {
    const svd = await randomizedSvdDense(centered!, k, options.rng, 7, 10, options.ops);
    components = svd.vt;
    explainedVariance = svd.s.map((s) => (s * s) / (n - 1));
  }
  signByLargest(components);
  return {
    mean,
    components,
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => v / totalVariance),
    singularValues: explainedVariance.map((v) => Math.sqrt(v * (n - 1))),
    totalVariance,
    whiten: options.whiten ?? false,
  };
}

/** Scores Z = (X - mean) W^T: [n, k]; whitened, each column divided by sqrt(explained variance). */
export function transformPca(model: PcaModel, x: Dense): Dense {
  const z = multiply(subtractRow(x, model.mean), model.components, false, true);
  if (model.whiten) {
    for (let i = 0; i < z.rows; i++)
      for (let c = 0; c < z.cols; c++)
        z.data[i * z.cols + c] /= Math.sqrt(model.explainedVariance[c]);
  }
  return z;
}

/** Reconstruction from the first `k` scores: X_hat = Z[:, :k] W[:k] + mean. */
export function reconstructPca(model: PcaModel, z: Dense, k = model.components.cols): Dense {
  const used = Math.min(k, model.components.rows);
  const out = dense(z.rows, model.components.cols);
  for (let i = 0; i < z.rows; i++) {
    for (let j = 0; j < out.cols; j++) {
      let v = model.mean[j];
      for (let c = 0; c < used; c++) {
        const score = model.whiten
          ? z.data[i * z.cols + c] * Math.sqrt(model.explainedVariance[c])
          : z.data[i * z.cols + c];
        v += score * model.components.data[c * out.cols + j];
      }
      out.data[i * out.cols + j] = v;
    }
  }
  return out;
}

/** scale * A^T A for A [n, d]: [d, d], computing the upper triangle once. */
export function gram(a: Dense, scale = 1): Dense {
  if (a.rows * a.cols * a.cols >= 4e7) {
    // Large: one product (on WASM when active), then the scale.
    const product = multiply(a, a, true);
    for (let i = 0; i < product.data.length; i++) product.data[i] *= scale;
    return product;
  }
  const d = a.cols;
  const out = dense(d, d);
  for (let i = 0; i < a.rows; i++) {
    const row = a.data.subarray(i * d, (i + 1) * d);
    for (let p = 0; p < d; p++) {
      const v = row[p];
      if (v === 0) continue;
      const target = p * d;
      for (let q = p; q < d; q++) out.data[target + q] += v * row[q];
    }
  }
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      out.data[p * d + q] *= scale;
      out.data[q * d + p] = out.data[p * d + q];
    }
  }
  return out;
}

/**
 * Singular values (descending) and right singular vectors (rows) of A [n, d], from the smaller
 * Gram matrix: A^T A = V S^2 V^T when n >= d; otherwise A A^T = U S^2 U^T and V = A^T U S^-1.
 * Exact, and O(min(n, d)^2 max(n, d)) instead of an SVD of the whole matrix. Singular values
 * below `floor` (relative to the largest) are dropped.
 */
export function thinSvd(a: Dense, floor = 1e-12): { s: Float64Array; vt: Dense } {
  const tall = a.rows >= a.cols;
  const { values, vectors } = symmetricEigen(tall ? gram(a) : gram(transpose(a)));
  const top = Math.sqrt(Math.max(values[0], 0));
  const kept = Array.from(values.keys()).filter(
    (i) => Math.sqrt(Math.max(values[i], 0)) > floor * top,
  );
  const s = Float64Array.from(kept, (i) => Math.sqrt(values[i]));
  const vt = dense(kept.length, a.cols);
  const m = vectors.cols;
  kept.forEach((e, r) => {
    if (tall) {
      vt.data.set(vectors.data.subarray(e * m, (e + 1) * m), r * a.cols);
    } else {
      // v = A^T u / s
      for (let i = 0; i < a.rows; i++) {
        const u = vectors.data[e * m + i] / s[r];
        if (u === 0) continue;
        for (let j = 0; j < a.cols; j++) vt.data[r * a.cols + j] += a.data[i * a.cols + j] * u;
      }
    }
  });
  return { s, vt };
}
