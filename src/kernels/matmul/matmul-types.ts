/** Activations the fused matmul kernel applies; index = the WGSL `ACTIVATION` override. */
export const matmulActivations = ['linear', 'relu', 'sigmoid', 'tanh'] as const;
export type MatmulActivation = (typeof matmulActivations)[number];

/** Shapes of one product: A [m, k], B [k, n], C [m, n]. */
export interface MatmulShape {
  m: number;
  k: number;
  n: number;
}
