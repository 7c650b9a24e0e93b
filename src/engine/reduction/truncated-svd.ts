import type { Rng } from '../rng';
import { dense, type Dense } from './dense';
import { randomizedSvd, type LinearOperator } from './randomized-svd';

/**
 * Truncated SVD (latent semantic analysis on TF-IDF), as scikit-learn's TruncatedSVD: no centring,
 * so it works on sparse data. transformed = U S [rows, k]; explainedVariance = the variance of each
 * transformed column (ddof 0); ratio = that over the data's total variance.
 */
export interface TruncatedSvdModel {
  components: Dense;
  singularValues: Float64Array;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  transformed: Dense;
}

export async function fitTruncatedSvd(
  a: LinearOperator,
  k: number,
  totalVariance: number,
  rng: Rng,
  iterations = 7,
): Promise<TruncatedSvdModel> {
  if (k < 1 || k >= Math.min(a.rows, a.cols))
    throw new Error(
      `truncated SVD needs 1 <= components < min(rows, features) = ${Math.min(a.rows, a.cols)}; got ${k}`,
    );
  // More power iterations and oversampling than PCA's defaults: TF-IDF spectra are flat, and
  // close singular values converge slowly.
  const svd = await randomizedSvd(a, k, rng, iterations, 20);
  const transformed = dense(a.rows, k);
  for (let i = 0; i < a.rows; i++)
    for (let c = 0; c < k; c++) transformed.data[i * k + c] = svd.u.data[i * k + c] * svd.s[c];
  const explainedVariance = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let mean = 0;
    let square = 0;
    for (let i = 0; i < a.rows; i++) {
      mean += transformed.data[i * k + c];
      square += transformed.data[i * k + c] ** 2;
    }
    explainedVariance[c] = square / a.rows - (mean / a.rows) ** 2;
  }
  return {
    components: svd.vt,
    singularValues: svd.s,
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => v / totalVariance),
    transformed,
  };
}
