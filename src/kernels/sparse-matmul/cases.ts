import { toCsr, type Csr } from '../../engine/pruning/csr';
import { createRng, permutation } from '../../engine/rng';

export interface CsrMatmulCase {
  batch: number;
  inputs: number;
  units: number;
  /** Fraction of W's entries set to zero, exactly round(sparsity * inputs * units) of them. */
  sparsity: number;
  /** Also zero every weight of unit 0 (an all-zero CSR row: Y[:, 0] must be exactly 0). */
  deadUnit: boolean;
  seed: number;
}

/**
 * Sparsities 0, 50, 80, 95 and 100 %, ragged sizes (off the 64-thread workgroup), a vector batch,
 * dead units, and a 784 -> 128 layer at 90 %.
 */
export const csrMatmulCases: CsrMatmulCase[] = [
  { batch: 1, inputs: 1, units: 1, sparsity: 0, deadUnit: false, seed: 1 },
  { batch: 7, inputs: 33, units: 65, sparsity: 0, deadUnit: false, seed: 2 },
  { batch: 13, inputs: 100, units: 31, sparsity: 0.5, deadUnit: true, seed: 3 },
  { batch: 1, inputs: 257, units: 129, sparsity: 0.8, deadUnit: false, seed: 4 },
  { batch: 40, inputs: 70, units: 3, sparsity: 0.95, deadUnit: true, seed: 5 },
  { batch: 9, inputs: 50, units: 20, sparsity: 1, deadUnit: false, seed: 6 },
  { batch: 32, inputs: 784, units: 128, sparsity: 0.9, deadUnit: true, seed: 7 },
];

/**
 * Seeded inputs of a case: X [batch, inputs] and W [inputs, units] uniform in [-1, 1), with the
 * pruned entries of W chosen by a seeded permutation; wT is the CSR of W^T.
 */
export function csrMatmulInputs(c: CsrMatmulCase): { x: Float32Array; w: Float32Array; wT: Csr } {
  const rng = createRng(c.seed);
  const x = Float32Array.from({ length: c.batch * c.inputs }, () => rng.uniform(-1, 1));
  const w = Float32Array.from({ length: c.inputs * c.units }, () => rng.uniform(-1, 1));
  const pruned = Math.round(c.sparsity * w.length);
  const order = permutation(w.length, rng);
  for (let i = 0; i < pruned; i++) w[order[i]] = 0;
  if (c.deadUnit) for (let i = 0; i < c.inputs; i++) w[i * c.units] = 0;
  return { x, w, wT: toCsr(w, c.inputs, c.units, true) };
}

/** Relative to max(1, |cpu|), as the dense matmul kernel (MATMUL_TOLERANCE). */
export { MATMUL_TOLERANCE as CSR_MATMUL_TOLERANCE } from '../matmul/cases';
