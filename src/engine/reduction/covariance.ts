import type { Rng } from '../rng';
import {
  columnMeans,
  dense,
  fixedLeftProduct,
  multiply,
  timesTransposed,
  transpose,
  type Dense,
} from './dense';
import { symmetricEigen, type SymmetricEigen } from './eigen';
import { orthonormal } from './randomized-svd';

/** Below this share of non-zero entries, X^T X is summed over each row's non-zeros only. */
const SPARSE_DENSITY = 0.35;

/**
 * The column means mu [d] and the sample covariance C [d, d] of X [n, d], without forming the
 * centred matrix: C = (X^T X - n mu mu^T) / (n - 1). X^T X sums the outer products of each row's
 * non-zero entries when X is mostly zeros (MNIST: 19% non-zero, so about 1/27 of the dense work),
 * else it is one dense product (on tfjs WASM, in float32, when that backend is active and the
 * product is large; float64 otherwise).
 */
export function covarianceMatrix(x: Dense): { mean: Float64Array; covariance: Dense } {
  const { rows: n, cols: d } = x;
  const sparse = sparseRows(x, SPARSE_DENSITY);
  let mean: Float64Array;
  let product: Dense;
  if (sparse) {
    mean = sparse.columnSums.map((v) => v / Math.max(1, n));
    product = dense(d, d);
    const out = product.data;
    sparseGramUpper(sparse.starts, sparse.index, sparse.value, d, out);
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) out[q * d + p] = out[p * d + q];
  } else {
    mean = columnMeans(x);
    product = multiply(x, x, true);
  }
  const scale = 1 / Math.max(1, n - 1);
  for (let p = 0; p < d; p++)
    for (let q = 0; q < d; q++)
      product.data[p * d + q] = (product.data[p * d + q] - n * mean[p] * mean[q]) * scale;
  return { mean, covariance: product };
}

/**
 * X's rows by their non-zeros (CSR: row i holds value[starts[i] .. starts[i + 1]) at columns
 * index[same range], ascending) and its column sums, in one pass over X; null as soon as more
 * than `density` of the entries prove non-zero. The sums add the same values in the same order
 * as a plain column sum (adding zeros changes nothing), so they are the same in every bit.
 */
function sparseRows(x: Dense, density: number) {
  const { rows: n, cols: d, data } = x;
  // At most this many non-zeros: fewer than density * entries.
  const capacity = Math.max(0, Math.ceil(density * data.length) - 1);
  const starts = new Int32Array(n + 1);
  const index = new Int32Array(capacity);
  const value = new Float64Array(capacity);
  const columnSums = new Float64Array(d);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const rowStart = i * d;
    for (let j = 0; j < d; j++) {
      const v = data[rowStart + j];
      if (v !== 0) {
        if (at === capacity) return null;
        index[at] = j;
        value[at++] = v;
        columnSums[j] += v;
      }
    }
    starts[i + 1] = at;
  }
  return { starts, index, value, columnSums };
}

/**
 * Adds the upper triangle (q >= p) of X^T X into out [d, d] (row-major), X given by its rows'
 * non-zeros: row i holds value[starts[i] .. starts[i + 1]) at columns index[same range], ascending.
 * Each row adds v_p v_q at (p, q) for every pair of its non-zeros. Output rows go in bands of 64,
 * so the band being summed stays in cache; within a band, four of a row's entries p1 < ... < p4
 * are taken at once, so each later entry q (index and value) is loaded once for four outputs, and
 * the loop is unrolled by hand (V8 does not: about 3x the plain loop on MNIST). Every output is
 * summed over the rows in order, so the result is the same in every bit as the plain loop's.
 */
export function sparseGramUpper(
  starts: Int32Array,
  index: Int32Array,
  value: Float64Array,
  d: number,
  out: Float64Array,
): void {
  const n = starts.length - 1;
  const band = 64;
  // Each row's next entry to visit: bands go left to right, so a row's cursor only moves on.
  const cursor = starts.slice(0, n);
  for (let lo = 0; lo < d; lo += band) {
    const hi = Math.min(d, lo + band);
    for (let i = 0; i < n; i++) {
      const end = starts[i + 1];
      let a = cursor[i];
      for (; a + 3 < end && index[a + 3] < hi; a += 4) {
        const p0 = index[a];
        const p1 = index[a + 1];
        const p2 = index[a + 2];
        const p3 = index[a + 3];
        const r0 = p0 * d;
        const r1 = p1 * d;
        const r2 = p2 * d;
        const r3 = p3 * d;
        const v0 = value[a];
        const v1 = value[a + 1];
        const v2 = value[a + 2];
        const v3 = value[a + 3];
        // The pairs among the four themselves.
        out[r0 + p0] += v0 * v0;
        out[r0 + p1] += v0 * v1;
        out[r0 + p2] += v0 * v2;
        out[r0 + p3] += v0 * v3;
        out[r1 + p1] += v1 * v1;
        out[r1 + p2] += v1 * v2;
        out[r1 + p3] += v1 * v3;
        out[r2 + p2] += v2 * v2;
        out[r2 + p3] += v2 * v3;
        out[r3 + p3] += v3 * v3;
        // Every later entry, two at a time.
        let b = a + 4;
        for (; b + 1 < end; b += 2) {
          const q0 = index[b];
          const q1 = index[b + 1];
          const w0 = value[b];
          const w1 = value[b + 1];
          out[r0 + q0] += v0 * w0;
          out[r0 + q1] += v0 * w1;
          out[r1 + q0] += v1 * w0;
          out[r1 + q1] += v1 * w1;
          out[r2 + q0] += v2 * w0;
          out[r2 + q1] += v2 * w1;
          out[r3 + q0] += v3 * w0;
          out[r3 + q1] += v3 * w1;
        }
        if (b < end) {
          const q = index[b];
          const w = value[b];
          out[r0 + q] += v0 * w;
          out[r1 + q] += v1 * w;
          out[r2 + q] += v2 * w;
          out[r3 + q] += v3 * w;
        }
      }
      // The band's last one to three entries of this row, one at a time.
      for (; a < end && index[a] < hi; a++) {
        const row = index[a] * d;
        const va = value[a];
        for (let b = a; b < end; b++) out[row + index[b]] += va * value[b];
      }
      cursor[i] = a;
    }
  }
}

/**
 * The k largest eigenpairs of a symmetric positive semi-definite C [d, d]: exact (Householder +
 * QL on all of C) when k + 10 is over a third of d; otherwise subspace iteration
 * (Halko, Martinsson and Tropp 2011, Algorithm 4.4 on a symmetric matrix): Q = orth(C Omega) with
 * k + 10 Gaussian columns, `iterations` times Q = orth(C Q), then the Rayleigh-Ritz step: the
 * exact eigen-decomposition of the small T = Q^T C Q, with eigenvectors Q V.
 */
export function topEigen(c: Dense, k: number, rng: Rng, iterations = 6): SymmetricEigen {
  const d = c.rows;
  const p = Math.min(d, k + 10);
  if (p * 3 > d) return symmetricEigen(c);
  const product = fixedLeftProduct(c, p);
  try {
    const omega = dense(d, p);
    for (let i = 0; i < omega.data.length; i++) omega.data[i] = rng.normal();
    // One CholeskyQR pass keeps the iterates apart (the first one too: it is only a start); the
    // last gets two, for an orthonormal basis.
    let q = orthonormal(product.times(omega), 1);
    for (let i = 0; i < iterations; i++)
      q = orthonormal(product.times(q), i === iterations - 1 ? 2 : 1);
    // T = Q^T (C Q): dot products of Q's columns with C Q's.
    const t = timesTransposed(transpose(q), transpose(product.times(q)));
    const small = symmetricEigen(t);
    // Eigenvectors of C as rows: (Q v_r)^T for each eigenvector v_r of T.
    const vectors = timesTransposed(small.vectors, q);
    return { values: small.values, vectors };
  } finally {
    product.dispose();
  }
}
