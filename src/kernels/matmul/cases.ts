import { createRng } from '../../engine/rng';
import { matmulActivations, type MatmulActivation, type MatmulShape } from './matmul-types';

/** One kernel test case: shapes, activation, whether to add a bias, and seeded inputs. */
export interface MatmulCase extends MatmulShape {
  activation: MatmulActivation;
  bias: boolean;
  seed: number;
}

/**
 * Fixed cases: square and ragged shapes, sizes that are and are not multiples of the 32 x 32
 * tile, K not a multiple of TILE_K, vectors, and every activation with and without bias.
 */
const fixedCases: MatmulCase[] = [
  { m: 1, k: 1, n: 1, activation: 'linear', bias: false, seed: 1 },
  { m: 32, k: 32, n: 32, activation: 'linear', bias: false, seed: 2 },
  { m: 64, k: 64, n: 64, activation: 'relu', bias: true, seed: 3 },
  { m: 33, k: 17, n: 65, activation: 'linear', bias: true, seed: 4 },
  { m: 7, k: 100, n: 3, activation: 'sigmoid', bias: true, seed: 5 },
  { m: 1, k: 257, n: 129, activation: 'tanh', bias: false, seed: 6 },
  { m: 130, k: 31, n: 1, activation: 'relu', bias: false, seed: 7 },
  { m: 96, k: 200, n: 40, activation: 'tanh', bias: true, seed: 8 },
  { m: 128, k: 256, n: 128, activation: 'sigmoid', bias: false, seed: 9 },
];

/** `count` cases with seeded random sizes in [1, 150] and random activation and bias. */
export function randomMatmulCases(count: number, seed: number): MatmulCase[] {
  const rng = createRng(seed);
  const size = () => 1 + rng.int(150);
  return Array.from({ length: count }, () => ({
    m: size(),
    k: size(),
    n: size(),
    activation: matmulActivations[rng.int(matmulActivations.length)],
    bias: rng.next() < 0.5,
    seed: rng.seed(),
  }));
}

/** The fixed table plus six seeded random shapes. */
export const matmulCases: MatmulCase[] = [...fixedCases, ...randomMatmulCases(6, 2024)];

/** Seeded inputs of a case: A [m, k] and B [k, n] in [-1, 1), bias [n] or null. */
export function matmulInputs(c: MatmulCase) {
  const rng = createRng(c.seed);
  const fill = (length: number) => Float32Array.from({ length }, () => rng.uniform(-1, 1));
  return { a: fill(c.m * c.k), b: fill(c.k * c.n), bias: c.bias ? fill(c.n) : null };
}

/** Float32 tolerance used by tfjs's op tests: |gpu - cpu| <= 1e-3 * max(1, |cpu|). */
export const MATMUL_TOLERANCE = 1e-3;
