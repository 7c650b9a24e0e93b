/**
 * CPU twin of the distances kernel: D[i, j] = sum_k (X[i, k] - Y[j, k])^2 for X [n, dim] and
 * Y [m, dim] row-major; D [n, m]. Summed in float64. When Y is X, each pair is computed once.
 */
export function squaredDistancesCpu(
  x: Float32Array,
  y: Float32Array,
  n: number,
  m: number,
  dim: number,
): Float32Array {
  const d = new Float32Array(n * m);
  const same = x === y && n === m;
  for (let i = 0; i < n; i++) {
    for (let j = same ? i : 0; j < m; j++) {
      let sum = 0;
      for (let k = 0; k < dim; k++) {
        const diff = x[i * dim + k] - y[j * dim + k];
        sum += diff * diff;
      }
      d[i * m + j] = sum;
      if (same) d[j * m + i] = sum;
    }
  }
  return d;
}
