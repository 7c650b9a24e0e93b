/**
 * Per-feature standardization z = (x - mean) / std, fitted on the training rows only (as
 * scikit-learn's StandardScaler: population std, ddof = 0; a constant feature gets std 1 so it
 * maps to 0 instead of dividing by zero).
 */
export interface Standardizer {
  mean: Float64Array;
  std: Float64Array;
}

/** x: [rows, features] row-major. Returns the mean and std of each column. */
export function fitStandardizer(x: Float32Array, rows: number, features: number): Standardizer {
  const mean = new Float64Array(features);
  const std = new Float64Array(features);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) mean[j] += x[i * features + j];
  }
  for (let j = 0; j < features; j++) mean[j] /= Math.max(rows, 1);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) std[j] += (x[i * features + j] - mean[j]) ** 2;
  }
  for (let j = 0; j < features; j++) {
    const s = Math.sqrt(std[j] / Math.max(rows, 1));
    std[j] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/** Returns a standardized copy of x: [rows, features]. */
export function applyStandardizer(x: Float32Array, { mean, std }: Standardizer): Float32Array {
  const features = mean.length;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const j = i % features;
    out[i] = (x[i] - mean[j]) / std[j];
  }
  return out;
}
