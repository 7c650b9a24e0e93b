import { dense, type Dense } from './dense';

/**
 * PLS regression by NIPALS, following scikit-learn's PLSRegression(scale=True) step for step:
 * centre and scale X and Y (ddof 1); for each component find the first pair of singular vectors
 * of X^T Y by the power method (500 iterations, tol 1e-6; starting from the first non-constant
 * column of Y), sign x_weights so their largest entry is positive, then deflate X by the x scores
 * and Y by its regression on them.
 */
export interface PlsModel {
  xMean: Float64Array;
  xStd: Float64Array;
  yMean: Float64Array;
  yStd: Float64Array;
  /** x_weights [d, k], x_loadings [d, k], y_loadings [q, k]. */
  xWeights: Dense;
  xLoadings: Dense;
  yLoadings: Dense;
  /** Training x scores [n, k]. */
  xScores: Dense;
  /** X rotations [d, k]: scores = ((X - mean) / std) @ rotations. */
  xRotations: Dense;
}

const EPS = 2.220446049250313e-16;

function centerScale(a: Dense): { data: Dense; mean: Float64Array; std: Float64Array } {
  const { rows: n, cols: d } = a;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += a.data[i * d + j] / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) std[j] += (a.data[i * d + j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] / (n - 1)) || 1;
  const data = dense(n, d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) data.data[i * d + j] = (a.data[i * d + j] - mean[j]) / std[j];
  return { data, mean, std };
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

/** X^T v for X [n, d], v [n]. */
function xtv(x: Dense, v: Float64Array): Float64Array {
  const out = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++) out[j] += x.data[i * x.cols + j] * v[i];
  return out;
}

/** X v for X [n, d], v [d]. */
function xv(x: Dense, v: Float64Array): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++)
    for (let j = 0; j < x.cols; j++) out[i] += x.data[i * x.cols + j] * v[j];
  return out;
}

export function fitPls(x: Dense, y: Dense, k: number, maxIterations = 500, tol = 1e-6): PlsModel {
  if (k < 1 || k > x.cols)
    throw new Error(`PLS needs 1 <= components <= features = ${x.cols}; got ${k}`);
  const xs = centerScale(x);
  const ys = centerScale(y);
  const X = xs.data;
  const Y = ys.data;
  const { rows: n, cols: d } = X;
  const q = Y.cols;
  const xWeights = dense(d, k);
  const xLoadings = dense(d, k);
  const yLoadings = dense(q, k);
  const xScores = dense(n, k);
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < q; t++) {
      let constant = true;
      for (let i = 0; i < n; i++) if (Math.abs(Y.data[i * q + t]) >= 10 * EPS) constant = false;
      if (constant) for (let i = 0; i < n; i++) Y.data[i * q + t] = 0;
    }
    let start = -1;
    for (let t = 0; t < q && start < 0; t++)
      for (let i = 0; i < n; i++) if (Math.abs(Y.data[i * q + t]) > EPS) start = t;
    if (start < 0) throw new Error(`PLS: Y is constant after ${c} components`);
    let yScore = Float64Array.from({ length: n }, (_, i) => Y.data[i * q + start]);
    let w = new Float64Array(d);
    let old: Float64Array | null = null;
    for (let it = 0; it < maxIterations; it++) {
      w = xtv(X, yScore).map((v) => v / dot(yScore, yScore));
      const norm = Math.sqrt(dot(w, w)) + EPS;
      w = w.map((v) => v / norm);
      const xScore = xv(X, w);
      const yWeights = xtv(Y, xScore).map((v) => v / dot(xScore, xScore));
      yScore = xv(Y, yWeights).map((v) => v / (dot(yWeights, yWeights) + EPS));
      const diff = old ? w.reduce((s, v, j) => s + (v - old![j]) ** 2, 0) : Infinity;
      if (diff < tol || q === 1) break;
      old = w;
    }
    let largest = 0;
    for (let j = 1; j < d; j++) if (Math.abs(w[j]) > Math.abs(w[largest])) largest = j;
    if (w[largest] < 0) w = w.map((v) => -v);
    const xScore = xv(X, w);
    const ss = dot(xScore, xScore);
    const xLoad = xtv(X, xScore).map((v) => v / ss);
    const yLoad = xtv(Y, xScore).map((v) => v / ss);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) X.data[i * d + j] -= xScore[i] * xLoad[j];
      for (let t = 0; t < q; t++) Y.data[i * q + t] -= xScore[i] * yLoad[t];
      xScores.data[i * k + c] = xScore[i];
    }
    for (let j = 0; j < d; j++) {
      xWeights.data[j * k + c] = w[j];
      xLoadings.data[j * k + c] = xLoad[j];
    }
    for (let t = 0; t < q; t++) yLoadings.data[t * k + c] = yLoad[t];
  }
  return {
    xMean: xs.mean,
    xStd: xs.std,
    yMean: ys.mean,
    yStd: ys.std,
    xWeights,
    xLoadings,
    yLoadings,
    xScores,
    xRotations: rotations(xWeights, xLoadings),
  };
}

/** x_rotations = W (P^T W)^-1, solved by Gauss-Jordan on the small k x k system. */
function rotations(w: Dense, p: Dense): Dense {
  const k = w.cols;
  const d = w.rows;
  const ptw = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++)
      for (let j = 0; j < d; j++) ptw[a * k + b] += p.data[j * k + a] * w.data[j * k + b];
  const inverse = invert(ptw, k);
  const out = dense(d, k);
  for (let j = 0; j < d; j++)
    for (let b = 0; b < k; b++)
      for (let a = 0; a < k; a++) out.data[j * k + b] += w.data[j * k + a] * inverse[a * k + b];
  return out;
}

function invert(m: Float64Array, k: number): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(k * k);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs(a[r * k + col]) > Math.abs(a[pivot * k + col])) pivot = r;
    for (let j = 0; j < k; j++) {
      [a[col * k + j], a[pivot * k + j]] = [a[pivot * k + j], a[col * k + j]];
      [inv[col * k + j], inv[pivot * k + j]] = [inv[pivot * k + j], inv[col * k + j]];
    }
    const p = a[col * k + col];
    for (let j = 0; j < k; j++) {
      a[col * k + j] /= p;
      inv[col * k + j] /= p;
    }
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r * k + col];
      for (let j = 0; j < k; j++) {
        a[r * k + j] -= f * a[col * k + j];
        inv[r * k + j] -= f * inv[col * k + j];
      }
    }
  }
  return inv;
}

/** X scores of new rows: ((X - mean) / std) @ x_rotations: [n, k]. */
export function transformPls(model: PlsModel, x: Dense): Dense {
  const k = model.xRotations.cols;
  const out = dense(x.rows, k);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      const v = (x.data[i * x.cols + j] - model.xMean[j]) / model.xStd[j];
      for (let c = 0; c < k; c++) out.data[i * k + c] += v * model.xRotations.data[j * k + c];
    }
  }
  return out;
}
