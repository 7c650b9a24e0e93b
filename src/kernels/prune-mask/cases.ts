import { createRng } from '../../engine/rng';

export interface ApplyMaskCase {
  n: number;
  /** Fraction of weights the mask removes. */
  sparsity: number;
  /** The mask as bytes (as the pruning engine keeps it) or as floats (as tfjs does). */
  maskType: 'uint8' | 'float32';
  seed: number;
}

/**
 * The table every mask-kernel check runs (Node and /diagnostics): sparsity 0 to 1, both mask
 * types, lengths around the 256-value workgroup. (More than 65,535 workgroups, a two-row grid, is
 * 16.8 million weights: the Node kernel test covers it, the page does not.)
 */
export const applyMaskCases: ApplyMaskCase[] = [
  { n: 1, sparsity: 0.5, maskType: 'uint8', seed: 1 },
  { n: 255, sparsity: 0, maskType: 'float32', seed: 2 },
  { n: 256, sparsity: 1, maskType: 'uint8', seed: 3 },
  { n: 257, sparsity: 0.5, maskType: 'float32', seed: 4 },
  { n: 10_007, sparsity: 0.9, maskType: 'uint8', seed: 5 },
  { n: 100_003, sparsity: 0.3, maskType: 'float32', seed: 6 },
];

/** Seeded weights w [n] ~ N(0, 1) and a mask m [n] that zeroes each weight with p = sparsity. */
export function applyMaskInputs(c: ApplyMaskCase) {
  const rng = createRng(c.seed);
  const weights = Float32Array.from({ length: c.n }, () => rng.normal());
  const keep = Array.from({ length: c.n }, () => (rng.next() < c.sparsity ? 0 : 1));
  const mask = c.maskType === 'uint8' ? Uint8Array.from(keep) : Float32Array.from(keep);
  return { weights, mask };
}

/** w * 1 and w * 0 are exact in float32, so the GPU must match the CPU twin exactly. */
export const APPLY_MASK_TOLERANCE = 0;
