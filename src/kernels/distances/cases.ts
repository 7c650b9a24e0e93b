import { createRng } from '../../engine/rng';

export interface DistancesCase {
  n: number;
  m: number | null;
  dim: number;
  /** Offset added to every coordinate: large offsets test that differences, not |x|^2 - 2xy, are summed. */
  offset: number;
  seed: number;
}

/**
 * The table the distances kernel runs in Node and in /diagnostics: self-distances and X vs Y,
 * sizes off the 32 x 32 tile, dims off TILE_K, one to 1,000 dimensions, and points far from 0.
 */
export const distancesCases: DistancesCase[] = [
  { n: 1, m: null, dim: 1, offset: 0, seed: 1 },
  { n: 33, m: null, dim: 3, offset: 0, seed: 2 },
  { n: 64, m: 17, dim: 100, offset: 0, seed: 3 },
  { n: 100, m: null, dim: 1000, offset: 0, seed: 4 },
  { n: 40, m: 70, dim: 33, offset: 1000, seed: 5 },
];

/** Seeded points uniform in [offset, offset + 1)^dim: X [n, dim] and Y [m, dim] (or null: Y = X). */
export function distancesInputs(c: DistancesCase) {
  const rng = createRng(c.seed);
  const points = (rows: number) =>
    Float32Array.from({ length: rows * c.dim }, () => c.offset + rng.next());
  return { x: points(c.n), y: c.m === null ? null : points(c.m) };
}

/** Relative to max(1, |cpu|), as every kernel check here. */
export const DISTANCES_TOLERANCE = 1e-3;
