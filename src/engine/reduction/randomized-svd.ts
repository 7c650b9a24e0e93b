import { QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import type { Rng } from '../rng';
import { dense, fromMatrix, multiply, toMatrix, type Dense } from './dense';

/** A matrix known only by its products, so dense and sparse data share one SVD. */
export interface LinearOperator {
  rows: number;
  cols: number;
  /** A @ M: M [cols, p] -> [rows, p]. */
  times(m: Dense): Dense;
  /** A^T @ M: M [rows, p] -> [cols, p]. */
  transposeTimes(m: Dense): Dense;
}

export const denseOperator = (a: Dense): LinearOperator => ({
  rows: a.rows,
  cols: a.cols,
  times: (m) => multiply(a, m),
  transposeTimes: (m) => multiply(a, m, true),
});

export interface Svd {
  /** Left singular vectors [rows, k]. */
  u: Dense;
  /** Singular values, descending [k]. */
  s: Float64Array;
  /** Right singular vectors as rows [k, cols]. */
  vt: Dense;
}

const orthonormal = (a: Dense): Dense =>
  fromMatrix(new QrDecomposition(toMatrix(a)).orthogonalMatrix);

/**
 * Randomized truncated SVD (Halko, Martinsson and Tropp 2011; scikit-learn's randomized_svd):
 * sample the range of A with a Gaussian test matrix of k + oversamples columns, sharpen it with
 * `iterations` power iterations (re-orthonormalized by QR each time), project A onto that basis
 * and take the exact SVD of the small (k + oversamples) x cols result. Signs are fixed so each
 * right singular vector's largest entry is positive.
 */
export function randomizedSvd(
  a: LinearOperator,
  k: number,
  rng: Rng,
  iterations = 7,
  oversamples = 10,
): Svd {
  const p = Math.min(k + oversamples, a.rows, a.cols);
  const omega = dense(
    a.cols,
    p,
    Float64Array.from({ length: a.cols * p }, () => rng.normal()),
  );
  let q = orthonormal(a.times(omega));
  for (let i = 0; i < iterations; i++) {
    q = orthonormal(a.times(orthonormal(a.transposeTimes(q))));
  }
  // B = Q^T A, computed as (A^T Q)^T: [p, cols].
  const bt = a.transposeTimes(q);
  const svd = new SingularValueDecomposition(toMatrix(bt), { autoTranspose: true });
  // B^T = V_b S U_b^T, so B = U_b S V_b^T: B's left vectors are svd.rightSingularVectors.
  const ub = fromMatrix(svd.rightSingularVectors);
  const vb = fromMatrix(svd.leftSingularVectors);
  const order = Array.from(svd.diagonal.keys())
    .sort((i, j) => svd.diagonal[j] - svd.diagonal[i])
    .slice(0, k);
  const s = Float64Array.from(order, (i) => svd.diagonal[i]);
  const u = dense(a.rows, k);
  const vt = dense(k, a.cols);
  const qub = multiply(q, ub);
  order.forEach((col, c) => {
    let largest = 0;
    for (let j = 0; j < a.cols; j++)
      if (Math.abs(vb.data[j * vb.cols + col]) > Math.abs(largest))
        largest = vb.data[j * vb.cols + col];
    const sign = largest < 0 ? -1 : 1;
    for (let j = 0; j < a.cols; j++) vt.data[c * a.cols + j] = sign * vb.data[j * vb.cols + col];
    for (let i = 0; i < a.rows; i++) u.data[i * k + c] = sign * qub.data[i * qub.cols + col];
  });
  return { u, s, vt };
}
