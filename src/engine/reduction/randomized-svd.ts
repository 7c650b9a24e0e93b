import * as tf from '@tensorflow/tfjs-core';
import { SingularValueDecomposition } from 'ml-matrix';
import type { GpuOps } from '../lab';
import type { Rng } from '../rng';
import {
  dense,
  dot,
  fromMatrix,
  multiply,
  runsOnWasm,
  toMatrix,
  transpose,
  type Dense,
} from './dense';

/** A matrix known only by its products, so dense and sparse data share one SVD. */
export interface LinearOperator {
  rows: number;
  cols: number;
  /** A @ M: M [cols, p] -> [rows, p]. */
  times(m: Dense): Dense | Promise<Dense>;
  /** A^T @ M: M [rows, p] -> [cols, p]. */
  transposeTimes(m: Dense): Dense | Promise<Dense>;
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

/**
 * An orthonormal basis of A's columns [rows, cols] by Cholesky QR done twice (CholeskyQR2,
 * Fukaya et al. 2014): G = A^T A = R^T R, Q = A R^-1, repeated once on Q so the basis stays
 * orthogonal to machine precision. The work is one tall product and small k x k solves, where
 * Householder QR or Gram-Schmidt would loop over the tall matrix k times. Inside the power
 * iterations one pass is enough: there it only keeps the columns from collapsing onto the top
 * direction (scikit-learn uses an LU factorization for the same job).
 */
export function orthonormal(a: Dense, passes = 2): Dense {
  let q = a;
  for (let pass = 0; pass < passes; pass++) {
    const k = q.cols;
    // A tall basis's products go to WASM as in `multiply`; a short one's stay here, in half the work.
    const wasm = runsOnWasm(q.rows * k * k);
    const g = wasm ? multiply(q, q, true).data : upperGram(q);
    // Cholesky G = R^T R (R upper triangular), with a tiny ridge against rank deficiency.
    const r = new Float64Array(k * k);
    const ridge = 1e-14 * Math.max(...Array.from({ length: k }, (_, i) => g[i * k + i]), 1e-300);
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        let sum = g[i * k + j] + (i === j ? ridge : 0);
        for (let p = 0; p < i; p++) sum -= r[p * k + i] * r[p * k + j];
        r[i * k + j] = i === j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / r[i * k + i];
      }
    }
    // Q = A R^-1, with R^-1 (upper triangular, k x k) by back substitution, then one product.
    const inverse = new Float64Array(k * k);
    for (let col = 0; col < k; col++) {
      for (let row = col; row >= 0; row--) {
        let sum = row === col ? 1 : 0;
        for (let p = row + 1; p <= col; p++) sum -= r[row * k + p] * inverse[p * k + col];
        inverse[row * k + col] = sum / r[row * k + row];
      }
    }
    q = wasm ? multiply(q, dense(k, k, inverse)) : timesUpperTriangular(q, inverse);
  }
  return q;
}

/**
 * The upper triangle (j >= i) of A^T A for A [m, k], as a flat [k, k] (below the diagonal: 0):
 * entry (i, j) is the dot product of columns i and j, summed over the rows in order as a full
 * product sums it, for half the work; the columns are copied out first (A^T, [k, m]) so each dot
 * product reads memory in order and keeps its sum in a register.
 */
function upperGram(a: Dense): Float64Array {
  const { rows: m, cols: k } = a;
  const columns = transpose(a).data;
  const g = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const from = i * m;
    for (let j = i; j < k; j++) {
      g[i * k + j] = dot(columns, from, columns, j * m, m);
    }
  }
  return g;
}

/**
 * A U for A [m, k] and an upper triangular U [k, k] (flat): entry (r, j) sums A[r, p] U[p, j] over
 * p <= j in order (U's zeros below the diagonal would add nothing), reading U's columns copied out
 * as rows, so the sum runs over two arrays in memory order.
 */
function timesUpperTriangular(a: Dense, u: Float64Array): Dense {
  const { rows: m, cols: k, data } = a;
  const columns = transpose(dense(k, k, Float64Array.from(u))).data;
  const out = dense(m, k);
  for (let r = 0; r < m; r++) {
    const start = r * k;
    for (let j = 0; j < k; j++) {
      out.data[start + j] = dot(data, start, columns, j * k, j + 1);
    }
  }
  return out;
}

/**
 * Randomized truncated SVD (Halko, Martinsson and Tropp 2011; scikit-learn's randomized_svd):
 * sample the range of A with a Gaussian test matrix of k + oversamples columns, sharpen it with
 * `iterations` power iterations (re-orthonormalized by QR each time), project A onto that basis
 * and take the exact SVD of the small (k + oversamples) x cols result. Signs are fixed so each
 * right singular vector's largest entry is positive.
 */
export async function randomizedSvd(
  a: LinearOperator,
  k: number,
  rng: Rng,
  iterations = 7,
  oversamples = 10,
): Promise<Svd> {
  const p = Math.min(k + oversamples, a.rows, a.cols);
  const omega = dense(
    a.cols,
    p,
    Float64Array.from({ length: a.cols * p }, () => rng.normal()),
  );
  let q = orthonormal(await a.times(omega), iterations === 0 ? 2 : 1);
  for (let i = 0; i < iterations; i++) {
    const left = orthonormal(await a.transposeTimes(q), 1);
    q = orthonormal(await a.times(left), i === iterations - 1 ? 2 : 1);
  }
  // B = Q^T A, computed as (A^T Q)^T: [p, cols].
  const bt = await a.transposeTimes(q);
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

/**
 * randomizedSvd of a dense matrix. For large inputs, A and A^T are uploaded once and each of the
 * ~16 products of the power iterations sends only the thin factor: to the GPU through our WGSL
 * matmul when `ops` has it (tfjs on WebGPU), else as tfjs WASM SIMD matMuls when WASM is the
 * backend (MNIST PCA: 10x faster than re-sending A), else in float64 JavaScript.
 */
export async function randomizedSvdDense(
  a: Dense,
  k: number,
  rng: Rng,
  iterations = 7,
  oversamples = 10,
  ops?: GpuOps,
): Promise<Svd> {
  const large = a.rows * a.cols * (k + oversamples) >= 2e7;
  if (large && ops?.residentMatrix) {
    const resident = ops.residentMatrix(Float32Array.from(a.data), a.rows, a.cols);
    const onGpu = async (product: Promise<Float32Array>, rows: number, cols: number) =>
      dense(rows, cols, Float64Array.from(await product));
    try {
      return await randomizedSvd(
        {
          rows: a.rows,
          cols: a.cols,
          times: (m) => onGpu(resident.times(Float32Array.from(m.data), m.cols), a.rows, m.cols),
          transposeTimes: (m) =>
            onGpu(resident.transposeTimes(Float32Array.from(m.data), m.cols), a.cols, m.cols),
        },
        k,
        rng,
        iterations,
        oversamples,
      );
    } finally {
      resident.dispose();
    }
  }
  if (!large || tf.engine().backendName !== 'wasm')
    return randomizedSvd(denseOperator(a), k, rng, iterations, oversamples);
  const matrix = tf.tensor2d(Float32Array.from(a.data), [a.rows, a.cols]);
  const transposed = tf.transpose(matrix);
  const product = (left: tf.Tensor2D, m: Dense): Dense => {
    const result = tf.tidy(() =>
      tf.matMul(left, tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols])),
    );
    const values = result.dataSync();
    const [rows, cols] = result.shape;
    result.dispose();
    return dense(rows, cols, Float64Array.from(values));
  };
  try {
    return await randomizedSvd(
      {
        rows: a.rows,
        cols: a.cols,
        times: (m) => product(matrix, m),
        transposeTimes: (m) => product(transposed as tf.Tensor2D, m),
      },
      k,
      rng,
      iterations,
      oversamples,
    );
  } finally {
    tf.dispose([matrix, transposed]);
  }
}
