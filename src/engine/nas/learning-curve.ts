import { nelderMead } from '../tuning/gp';

/** A fitted curve model: its parameters, its prediction at the final epoch and its weight. */
export interface CurveModelFit {
  name: 'pow3' | 'exp3' | 'log-linear';
  params: Record<string, number>;
  /** y(T), clipped to [0, 1]. */
  prediction: number;
  /** Share of the ensemble (the weights sum to 1). */
  weight: number;
  /** Residual variance s^2 = SSE / (n - parameters). */
  residualVariance: number;
}

export interface CurvePrediction {
  /** The ensemble's y(T) in [0, 1]. */
  mean: number;
  /** Its standard deviation; Infinity when the curve is too short to fit any model. */
  std: number;
  models: CurveModelFit[];
}

/**
 * A model y(t) = c + a' g(t; theta) with one nonlinear parameter theta: for a fixed theta the
 * best (c, a') is ordinary least squares (variable projection), so only theta is searched.
 * pow3: y = c - a t^-alpha (g = -t^-alpha, theta = log alpha); exp3: y = c - a exp(-b t)
 * (g = -exp(-b t), theta = log b); log-linear: y = a + b log t (g = log t, no theta).
 */
interface CurveModel {
  name: CurveModelFit['name'];
  basis: (t: number, theta: number) => number;
  /** Starting points for theta and its clamp range (a log scale); none for log-linear. */
  starts: number[];
  range: [number, number];
  params: (c: number, slope: number, theta: number) => Record<string, number>;
}

const MODELS: CurveModel[] = [
  {
    name: 'pow3',
    basis: (t, theta) => -(t ** -Math.exp(theta)),
    starts: [Math.log(0.1), Math.log(0.7), Math.log(3)],
    range: [Math.log(1e-3), Math.log(20)],
    params: (c, a, theta) => ({ c, a, alpha: Math.exp(theta) }),
  },
  {
    name: 'exp3',
    basis: (t, theta) => -Math.exp(-Math.exp(theta) * t),
    starts: [Math.log(0.03), Math.log(0.3), Math.log(2)],
    range: [Math.log(1e-4), Math.log(10)],
    params: (c, a, theta) => ({ c, a, b: Math.exp(theta) }),
  },
  {
    name: 'log-linear',
    basis: (t) => Math.log(t),
    starts: [],
    range: [0, 0],
    params: (a, b) => ({ a, b }),
  },
];

/** Least squares of y on [1, g]: slope = cov(g, y) / var(g), c = mean(y) - slope mean(g). */
function linearFit(g: number[], y: number[]) {
  const n = y.length;
  const gMean = g.reduce((s, v) => s + v, 0) / n;
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  let sgg = 0;
  let sgy = 0;
  for (let i = 0; i < n; i++) {
    sgg += (g[i] - gMean) ** 2;
    sgy += (g[i] - gMean) * (y[i] - yMean);
  }
  const slope = sgg > 1e-15 ? sgy / sgg : 0;
  const c = yMean - slope * gMean;
  const sse = y.reduce((s, v, i) => s + (v - c - slope * g[i]) ** 2, 0);
  return { c, slope, sse };
}

/**
 * The leverage h = j*^T (J^T J)^-1 j* of a new point with gradient row j* [k], J [n, k] the
 * rows at the fitted points (Gaussian elimination with partial pivoting, a 1e-12 relative ridge
 * so a direction the data cannot pin down gives a huge h rather than a division by zero).
 */
function leverage(rows: number[][], at: number[]): number {
  const k = at.length;
  const a = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[i] * r[j], 0)),
  );
  const ridge = 1e-12 * Math.max(...a.map((row, i) => row[i]), 1e-300);
  a.forEach((row, i) => (row[i] += ridge));
  const x = [...at];
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    [x[col], x[pivot]] = [x[pivot], x[col]];
    for (let r = col + 1; r < k; r++) {
      const f = a[r][col] / a[col][col];
      for (let c = col; c < k; c++) a[r][c] -= f * a[col][c];
      x[r] -= f * x[col];
    }
  }
  for (let r = k - 1; r >= 0; r--) {
    for (let c = r + 1; c < k; c++) x[r] -= a[r][c] * x[c];
    x[r] /= a[r][r];
  }
  return at.reduce((s, v, i) => s + v * x[i], 0);
}

/**
 * The gradient of y(t) = c + slope g(t; theta) in its parameters: (1, g, slope dg/dtheta) by a
 * central difference in theta; (1, g) for a model without theta.
 */
const gradient = (model: CurveModel, t: number, slope: number, theta: number): number[] =>
  model.starts.length === 0
    ? [1, model.basis(t, theta)]
    : [
        1,
        model.basis(t, theta),
        (slope * (model.basis(t, theta + 1e-6) - model.basis(t, theta - 1e-6))) / 2e-6,
      ];

/** Theta of least SSE: Nelder-Mead from each start, then restarts from the best at 1/10 the step. */
function fitTheta(model: CurveModel, t: number[], y: number[]): number {
  const clamp = (theta: number) => Math.min(model.range[1], Math.max(model.range[0], theta));
  const sse = (theta: number) =>
    linearFit(
      t.map((ti) => model.basis(ti, clamp(theta))),
      y,
    ).sse;
  let best = { theta: model.starts[0], value: Infinity };
  const search = (start: number, step: number) => {
    const result = nelderMead((u) => sse(start + step * u[0]), [0], 200);
    if (result.value < best.value)
      best = { theta: start + step * result.theta[0], value: result.value };
  };
  for (const start of model.starts) search(start, 1);
  for (const step of [0.1, 0.01, 0.001]) search(best.theta, step);
  return clamp(best.theta);
}

/** Floor on a model's residual variance in its weight (a perfect fit does not weigh infinitely). */
const VARIANCE_FLOOR = 1e-10;

/**
 * Learning-curve extrapolation (after Domhan et al. 2015, simplified: least squares in place of
 * MCMC over 3 of their 11 models). `curve[i]` is the validation score after epoch t = i + 1
 * (higher is better, in [0, 1]); predicts y(T) at T = `finalEpoch`.
 *
 * Each model with fewer parameters than points (k = 3, 3, 2) is fitted by least squares, with
 * residual variance s^2 = SSE / (n - k) and predictive variance (the delta method of nonlinear
 * least squares) v = s^2 (1 + j_T^T (J^T J)^-1 j_T), J [n, k] the gradient of the model in its
 * parameters at the epochs seen and j_T at T, capped at 1/4 (the largest variance of a value in
 * [0, 1]). Weights
 * w_m proportional to 1 / (s_m^2 + 1e-10). The ensemble: mean = sum w_m y_m(T) and
 * std^2 = sum w_m v_m + sum w_m (y_m(T) - mean)^2 (residual plus the models' disagreement).
 * Predictions and the mean are clipped to [0, 1]. With fewer than 3 points no model is fitted:
 * mean = the last score, std = Infinity.
 */
export function extrapolate(curve: number[], finalEpoch: number): CurvePrediction {
  if (curve.some((v) => !Number.isFinite(v)))
    throw new Error('The learning curve has a value that is not a finite number');
  const n = curve.length;
  const clip = (v: number) => Math.min(1, Math.max(0, v));
  if (n < 3) return { mean: n > 0 ? clip(curve[n - 1]) : 0, std: Infinity, models: [] };
  const t = curve.map((_, i) => i + 1);
  const fits = MODELS.filter((m) => n > (m.starts.length > 0 ? 3 : 2)).map((model) => {
    const theta = model.starts.length > 0 ? fitTheta(model, t, curve) : 0;
    const fit = linearFit(
      t.map((ti) => model.basis(ti, theta)),
      curve,
    );
    const k = model.starts.length > 0 ? 3 : 2;
    const gT = model.basis(finalEpoch, theta);
    const residualVariance = fit.sse / (n - k);
    const rows = t.map((ti) => gradient(model, ti, fit.slope, theta));
    const h = leverage(rows, gradient(model, finalEpoch, fit.slope, theta));
    return {
      name: model.name,
      params: model.params(fit.c, fit.slope, theta),
      prediction: clip(fit.c + fit.slope * gT),
      residualVariance,
      predictiveVariance: Math.min(0.25, residualVariance * (1 + h)),
    };
  });
  const inverse = fits.map((f) => 1 / (f.residualVariance + VARIANCE_FLOOR));
  const total = inverse.reduce((s, v) => s + v, 0);
  const weights = inverse.map((v) => v / total);
  const mean = fits.reduce((s, f, i) => s + weights[i] * f.prediction, 0);
  const variance = fits.reduce(
    (s, f, i) => s + weights[i] * (f.predictiveVariance + (f.prediction - mean) ** 2),
    0,
  );
  return {
    mean: clip(mean),
    std: Math.sqrt(variance),
    models: fits.map((f, i) => ({
      name: f.name,
      params: f.params,
      prediction: f.prediction,
      weight: weights[i],
      residualVariance: f.residualVariance,
    })),
  };
}

/** Whether even an optimistic y(T) = mean + z std stays below the best score so far. */
export const isHopeless = (
  prediction: { mean: number; std: number },
  bestSoFar: number,
  z = 2,
): boolean => prediction.mean + z * prediction.std < bestSoFar;
