import * as tf from '@tensorflow/tfjs-core';
import { Matrix } from 'ml-matrix';

/** A row-major dense matrix in float64: data[i * cols + j]. */
export interface Dense {
  rows: number;
  cols: number;
  data: Float64Array;
}

export const dense = (rows: number, cols: number, data = new Float64Array(rows * cols)): Dense => ({
  rows,
  cols,
  data,
});

export const fromFloat32 = (x: Float32Array, rows: number, cols: number): Dense =>
  dense(rows, cols, Float64Array.from(x));

export const toMatrix = (a: Dense): Matrix =>
  Matrix.from1DArray(a.rows, a.cols, Array.from(a.data));

export const fromMatrix = (m: Matrix): Dense =>
  dense(m.rows, m.columns, Float64Array.from(m.to1DArray()));

/** Column means: [cols]. */
export function columnMeans(a: Dense): Float64Array {
  const mean = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) mean[j] += a.data[i * a.cols + j];
  return mean.map((v) => v / Math.max(1, a.rows));
}

/** A minus the row vector v from every row (centering when v is the column means). */
export function subtractRow(a: Dense, v: Float64Array): Dense {
  const out = dense(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = a.data[i * a.cols + j] - v[j];
  return out;
}

/**
 * C = op(A) @ op(B) where op transposes when asked; float64, cache-friendly i-k-j loops.
 * A: [m, k] (or [k, m] transposed), B: [k, n] (or [n, k] transposed).
 */
export function multiply(a: Dense, b: Dense, transposeA = false, transposeB = false): Dense {
  const m = transposeA ? a.cols : a.rows;
  const k = transposeA ? a.rows : a.cols;
  const n = transposeB ? b.rows : b.cols;
  if ((transposeB ? b.cols : b.rows) !== k)
    throw new Error(`shapes do not match: ${m}x${k} @ ${transposeB ? b.cols : b.rows}x${n}`);
  if (runsOnWasm(m * k * n)) {
    return multiplyOnWasm(a, b, transposeA, transposeB);
  }
  const out = dense(m, n);
  const bt = transposeB ? transpose(b) : b;
  // Plain index arithmetic: a subarray per inner row costs more than the row's work when n is small.
  const c = out.data;
  const bData = bt.data;
  for (let i = 0; i < m; i++) {
    const rowStart = i * n;
    for (let p = 0; p < k; p++) {
      const v = transposeA ? a.data[p * a.cols + i] : a.data[i * a.cols + p];
      if (v === 0) continue;
      const bStart = p * n;
      for (let j = 0; j < n; j++) c[rowStart + j] += v * bData[bStart + j];
    }
  }
  return out;
}

/**
 * Products of at least this many multiply-adds go to tfjs's WASM (SIMD) matMul when that is the
 * active backend, in float32: about 10x the JavaScript loops on large data (MNIST PCA, LDA).
 * Smaller ones, and every product on other backends, stay in exact float64 JavaScript.
 */
const WASM_MIN_WORK = 2e7;

/** Whether `multiply` sends a product of `work` multiply-adds to tfjs's WASM backend. */
export const runsOnWasm = (work: number): boolean =>
  work >= WASM_MIN_WORK && tf.engine().backendName === 'wasm';

function multiplyOnWasm(a: Dense, b: Dense, transposeA: boolean, transposeB: boolean): Dense {
  // tfjs 4.22's WASM matMul is 10-25x slower with a transpose flag than on plain row-major
  // operands, so transposes are materialized here first (O(rows * cols), cheap next to the product).
  const left = transposeA ? transpose(a) : a;
  const right = transposeB ? transpose(b) : b;
  const leftTensor = tf.tensor2d(new Float32Array(left.data), [left.rows, left.cols]);
  const product = wasmProduct(leftTensor, right);
  leftTensor.dispose();
  return product;
}

/** left @ b on WASM, b [k, n] sent in float32, the result back in float64. */
function wasmProduct(left: tf.Tensor2D, b: Dense): Dense {
  const result = tf.tidy(() =>
    tf.matMul(left, tf.tensor2d(new Float32Array(b.data), [b.rows, b.cols])),
  );
  const values = result.dataSync();
  const [rows, cols] = result.shape;
  result.dispose();
  return dense(rows, cols, new Float64Array(values));
}

/**
 * A @ B for one A [m, k] and many B [k, n]: the same products as `multiply(a, b)`, but when they
 * run on WASM, A is sent there (as float32) once rather than with every product. Call dispose()
 * when done.
 */
export function fixedLeftProduct(a: Dense, n: number): { times(b: Dense): Dense; dispose(): void } {
  if (!runsOnWasm(a.rows * a.cols * n)) return { times: (b) => multiply(a, b), dispose: () => {} };
  const left = tf.tensor2d(new Float32Array(a.data), [a.rows, a.cols]);
  return { times: (b) => wasmProduct(left, b), dispose: () => left.dispose() };
}

/**
 * The dot product of a[aStart .. aStart + length) and b[bStart .. bStart + length), in four
 * interleaved partial sums (V8 keeps them in registers; one running sum waits on each add).
 */
export function dot(
  a: Float64Array,
  aStart: number,
  b: Float64Array,
  bStart: number,
  length: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let p = 0;
  for (; p + 3 < length; p += 4) {
    s0 += a[aStart + p] * b[bStart + p];
    s1 += a[aStart + p + 1] * b[bStart + p + 1];
    s2 += a[aStart + p + 2] * b[bStart + p + 2];
    s3 += a[aStart + p + 3] * b[bStart + p + 3];
  }
  for (; p < length; p++) s0 += a[aStart + p] * b[bStart + p];
  return s0 + s1 + (s2 + s3);
}

/** A B^T for A [m, k] and B [n, k]: [m, n], each entry the dot product of a row of A and a row of B. */
export function timesTransposed(a: Dense, b: Dense): Dense {
  const k = a.cols;
  if (b.cols !== k)
    throw new Error(`shapes do not match: ${a.rows}x${k} @ (${b.rows}x${b.cols})^T`);
  const out = dense(a.rows, b.rows);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < b.rows; j++)
      out.data[i * b.rows + j] = dot(a.data, i * k, b.data, j * k, k);
  return out;
}

export function transpose(a: Dense): Dense {
  const out = dense(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) out.data[j * a.rows + i] = a.data[i * a.cols + j];
  return out;
}

/** Rows [start, end) of a. */
export const rowSlice = (a: Dense, start: number, end: number): Dense =>
  dense(end - start, a.cols, a.data.slice(start * a.cols, end * a.cols));

/** Flips the sign of each row of `rows` so its largest-magnitude entry is positive (a deterministic sign). */
export function signByLargest(rows: Dense): void {
  for (let i = 0; i < rows.rows; i++) {
    let best = 0;
    for (let j = 1; j < rows.cols; j++)
      if (Math.abs(rows.data[i * rows.cols + j]) > Math.abs(rows.data[i * rows.cols + best]))
        best = j;
    if (rows.data[i * rows.cols + best] < 0)
      for (let j = 0; j < rows.cols; j++) rows.data[i * rows.cols + j] *= -1;
  }
}

/** The first k columns: [rows, min(k, cols)]. */
export function keepColumns(a: Dense, k: number): Dense {
  const out = dense(a.rows, Math.min(k, a.cols));
  for (let i = 0; i < a.rows; i++)
    for (let c = 0; c < out.cols; c++) out.data[i * out.cols + c] = a.data[i * a.cols + c];
  return out;
}

/** The first k rows: [min(k, rows), cols]. */
export const keepRows = (a: Dense, k: number): Dense =>
  dense(Math.min(k, a.rows), a.cols, a.data.slice(0, Math.min(k, a.rows) * a.cols));
