import type { MatmulActivation } from './matmul-types';

/** The activations of the fused kernel, in the order of the WGSL `ACTIVATION` codes. */
export const applyActivation: Record<MatmulActivation, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(x, 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
};

/**
 * CPU twin of the matmul kernel: C[M, N] = act(A[M, K] @ B[K, N] + bias[N]), row-major, summed in
 * float64. The reference in kernel tests and the fallback where there is no GPU.
 */
export function matmulCpu(
  a: Float32Array,
  b: Float32Array,
  bias: Float32Array | null,
  m: number,
  k: number,
  n: number,
  activation: MatmulActivation = 'linear',
): Float32Array {
  const c = new Float32Array(m * n);
  const act = applyActivation[activation];
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const value = a[i * k + p];
      if (value === 0) continue;
      for (let j = 0; j < n; j++) row[j] += value * b[p * n + j];
    }
    for (let j = 0; j < n; j++) c[i * n + j] = act(row[j] + (bias ? bias[j] : 0));
  }
  return c;
}
