import type { Rng } from '../rng';
import { dense, multiply, transpose, type Dense } from './dense';
import { randomizedSvdDense } from './randomized-svd';

/**
 * Non-negative matrix factorization X ~ W H (W [n, k] >= 0, H [k, d] >= 0) minimizing the
 * Frobenius error |X - W H|_F, as scikit-learn's NMF(init='nndsvda'): NNDSVD start (Boutsidis and
 * Gallopoulos 2008) with zeros filled by mean(X), then either multiplicative updates (Lee and
 * Seung 2001) or coordinate descent (Cichocki and Phan 2009; scikit-learn's 'cd').
 */
export type NmfSolver = 'mu' | 'cd';

export interface NmfModel {
  w: Dense;
  h: Dense;
  reconstructionError: number;
  iterations: number;
  /** Error every 10 iterations (for the convergence chart). */
  errors: number[];
}

const EPS = 2.220446049250313e-16;

export function frobeniusError(x: Dense, w: Dense, h: Dense): number {
  const wh = multiply(w, h);
  let sum = 0;
  for (let i = 0; i < x.data.length; i++) sum += (x.data[i] - wh.data[i]) ** 2;
  return Math.sqrt(sum);
}

/** NNDSVD with zeros replaced by the mean of X ("nndsvda"). */
export async function nndsvda(x: Dense, k: number, rng: Rng): Promise<{ w: Dense; h: Dense }> {
  const { u, s, vt } = await randomizedSvdDense(x, k, rng);
  const w = dense(x.rows, k);
  const h = dense(k, x.cols);
  const norm = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0));
  for (let c = 0; c < k; c++) {
    const uc = Array.from({ length: x.rows }, (_, i) => u.data[i * k + c]);
    const vc = Array.from({ length: x.cols }, (_, j) => vt.data[c * x.cols + j]);
    if (c === 0) {
      uc.forEach((v, i) => (w.data[i * k] = Math.sqrt(s[0]) * Math.abs(v)));
      vc.forEach((v, j) => (h.data[j] = Math.sqrt(s[0]) * Math.abs(v)));
      continue;
    }
    const [up, un] = [uc.map((v) => Math.max(v, 0)), uc.map((v) => -Math.min(v, 0))];
    const [vp, vn] = [vc.map((v) => Math.max(v, 0)), vc.map((v) => -Math.min(v, 0))];
    const positive = norm(up) * norm(vp);
    const negative = norm(un) * norm(vn);
    const [uu, vv, sigma] = positive > negative ? [up, vp, positive] : [un, vn, negative];
    const [nu, nv] = [norm(uu) || 1, norm(vv) || 1];
    const lambda = Math.sqrt(s[c] * sigma);
    uu.forEach((v, i) => (w.data[i * k + c] = (lambda * v) / nu));
    vv.forEach((v, j) => (h.data[c * x.cols + j] = (lambda * v) / nv));
  }
  let mean = 0;
  for (const v of x.data) mean += v;
  mean /= x.data.length;
  for (const m of [w, h])
    for (let i = 0; i < m.data.length; i++) if (m.data[i] < EPS) m.data[i] = mean;
  return { w, h };
}

export async function fitNmf(
  x: Dense,
  k: number,
  options: { solver: NmfSolver; maxIterations?: number; tol?: number; rng: Rng },
): Promise<NmfModel> {
  if (x.data.some((v) => v < 0))
    throw new Error(
      'NMF needs non-negative data; this dataset has negative values (turn standardization off or pick another method)',
    );
  if (k < 1 || k > Math.min(x.rows, x.cols))
    throw new Error(
      `NMF needs 1 <= components <= min(rows, features) = ${Math.min(x.rows, x.cols)}; got ${k}`,
    );
  const maxIterations = options.maxIterations ?? 400;
  const tol = options.tol ?? 1e-4;
  const { w, h } = await nndsvda(x, k, options.rng);
  const errors: number[] = [];
  const initial = frobeniusError(x, w, h);
  let previous = initial;
  let iterations = 0;
  // The error costs a full product, so it is checked every 10 iterations, as scikit-learn does.
  for (let it = 1; it <= maxIterations; it++) {
    iterations = it;
    if (options.solver === 'mu') multiplicativeStep(x, w, h);
    else coordinateStep(x, w, h);
    if (it % 10 !== 0 && it !== maxIterations) continue;
    const error = frobeniusError(x, w, h);
    errors.push(error);
    if ((previous - error) / initial < tol) break;
    previous = error;
  }
  return { w, h, reconstructionError: errors.at(-1) ?? initial, iterations, errors };
}

/** H <- H * (W^T X) / (W^T W H); W <- W * (X H^T) / (W H H^T). */
function multiplicativeStep(x: Dense, w: Dense, h: Dense): void {
  const wtx = multiply(w, x, true);
  const wtwh = multiply(multiply(w, w, true), h);
  for (let i = 0; i < h.data.length; i++) h.data[i] *= wtx.data[i] / Math.max(wtwh.data[i], EPS);
  const xht = multiply(x, h, false, true);
  const whht = multiply(w, multiply(h, h, false, true));
  for (let i = 0; i < w.data.length; i++) w.data[i] *= xht.data[i] / Math.max(whht.data[i], EPS);
}

/**
 * One sweep of coordinate descent on W then H: for each entry, the exact minimizer along that
 * coordinate, clipped at 0: w_it <- max(0, w_it - ((W HH^T)_it - (X H^T)_it) / (HH^T)_tt).
 */
function coordinateStep(x: Dense, w: Dense, h: Dense): void {
  updateFactor(w, multiply(h, h, false, true), multiply(x, h, false, true));
  const ht = transpose(h);
  updateFactor(ht, multiply(w, w, true), multiply(x, w, true));
  for (let t = 0; t < h.rows; t++)
    for (let j = 0; j < h.cols; j++) h.data[t * h.cols + j] = ht.data[j * ht.cols + t];
}

/** Coordinate descent on rows of F [n, k] for min |X - F G|: hht = G G^T [k, k], xgt = X G^T [n, k]. */
function updateFactor(f: Dense, hht: Dense, xgt: Dense): void {
  const k = f.cols;
  for (let t = 0; t < k; t++) {
    const diagonal = hht.data[t * k + t];
    if (diagonal <= 0) continue;
    for (let i = 0; i < f.rows; i++) {
      let gradient = -xgt.data[i * k + t];
      for (let r = 0; r < k; r++) gradient += f.data[i * k + r] * hht.data[r * k + t];
      f.data[i * k + t] = Math.max(0, f.data[i * k + t] - gradient / diagonal);
    }
  }
}
