import { createRng } from '../../engine/rng';
import type { MatmulShape } from '../matmul/matmul-types';

/**
 * How a case fills A and B: uniform int8 in [-128, 127]; every entry -128 (the largest product,
 * 2^14, and the largest sums); A all -128 against B all 127 (the most negative sums); or each
 * entry drawn from {-128, 127} (extremes with mixed signs).
 */
export type Int8Fill = 'uniform' | 'min' | 'minTimesMax' | 'extremes';

export interface Int8MatmulCase extends MatmulShape {
  fill: Int8Fill;
  seed: number;
}

/**
 * Sizes off the 32 x 32 tile and off the 4 x 4 thread block, K not a multiple of 4 (zero-padded
 * words), vectors, extremes everywhere (K = 4099 at -128: C = 4099 * 2^14, far from the i32
 * limit, which K < 2^17 keeps), and a 784 -> 128 dense layer on a batch of 64.
 */
export const int8MatmulCases: Int8MatmulCase[] = [
  { m: 1, k: 1, n: 1, fill: 'uniform', seed: 1 },
  { m: 3, k: 5, n: 7, fill: 'uniform', seed: 2 },
  { m: 33, k: 17, n: 65, fill: 'uniform', seed: 3 },
  { m: 1, k: 258, n: 129, fill: 'uniform', seed: 4 },
  { m: 130, k: 31, n: 1, fill: 'extremes', seed: 5 },
  { m: 9, k: 4099, n: 6, fill: 'min', seed: 6 },
  { m: 17, k: 1023, n: 35, fill: 'minTimesMax', seed: 7 },
  { m: 40, k: 102, n: 37, fill: 'extremes', seed: 8 },
  { m: 64, k: 784, n: 128, fill: 'uniform', seed: 9 },
  { m: 64, k: 784, n: 128, fill: 'extremes', seed: 10 },
];

/** Seeded inputs of a case: A [m, k] and B [k, n] row-major int8. */
export function int8MatmulInputs(c: Int8MatmulCase): { a: Int8Array; b: Int8Array } {
  const rng = createRng(c.seed);
  const draw: Record<Int8Fill, (operand: 'a' | 'b') => number> = {
    uniform: () => rng.int(256) - 128,
    min: () => -128,
    minTimesMax: (operand) => (operand === 'a' ? -128 : 127),
    extremes: () => (rng.next() < 0.5 ? -128 : 127),
  };
  const fill = (length: number, operand: 'a' | 'b') =>
    Int8Array.from({ length }, () => draw[c.fill](operand));
  return { a: fill(c.m * c.k, 'a'), b: fill(c.k * c.n, 'b') };
}

/** The int8 product is exact: any difference from the CPU twin is a failure. */
export const INT8_MATMUL_TOLERANCE = 0;
