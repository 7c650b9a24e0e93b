import type { Rng } from '../rng';

/**
 * Distance concentration at one dimension d, from the squared distances D [n, n] of n points:
 * as d grows, the farthest and the nearest neighbour of a point end up at almost the same
 * distance, so "nearest" loses its meaning (Beyer et al. 1999; Aggarwal et al. 2001).
 */
export interface ConcentrationRow {
  d: number;
  /** Mean over points of (Dmax - Dmin) / Dmin, distances to the other points. */
  relativeContrast: number;
  /** Coefficient of variation (std / mean) of the pairwise distances, over pairs i < j. */
  distanceCv: number;
  /** The same for squared distances: sqrt(1.4 / d) in theory for the uniform cube. */
  squaredDistanceCv: number;
  meanDistance: number;
  /** Mean distance from a point to its nearest neighbour. */
  meanNearest: number;
}

/** Statistics of one distance matrix: squared [n, n], diagonal 0. */
export function concentrationStats(squared: Float32Array, n: number, d: number): ConcentrationRow {
  let contrast = 0;
  let nearestSum = 0;
  let sum = 0;
  let sumSq = 0;
  let sumSquared = 0;
  let sumSquaredSq = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    let min = Infinity;
    let max = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const s = Math.max(0, squared[i * n + j]);
      const distance = Math.sqrt(s);
      min = Math.min(min, distance);
      max = Math.max(max, distance);
      if (j > i) {
        sum += distance;
        sumSq += s;
        sumSquared += s;
        sumSquaredSq += s * s;
        pairs++;
      }
    }
    contrast += min > 0 ? (max - min) / min : 0;
    nearestSum += min;
  }
  const cv = (total: number, totalSq: number) => {
    const mean = total / pairs;
    return Math.sqrt(Math.max(0, totalSq / pairs - mean * mean)) / mean;
  };
  return {
    d,
    relativeContrast: contrast / n,
    distanceCv: cv(sum, sumSq),
    squaredDistanceCv: cv(sumSquared, sumSquaredSq),
    meanDistance: sum / pairs,
    meanNearest: nearestSum / n,
  };
}

/**
 * Theory for the coefficient of variation of squared distances between independent points.
 * Uniform cube: each coordinate adds (x - y)^2 with mean 1/6 and variance 7/180, so
 * CV = sqrt(d 7/180) / (d / 6) = sqrt(1.4 / d). Standard Gaussian: |x - y|^2 = 2 chi^2_d, so
 * CV = sqrt(2 d) / d = sqrt(2 / d). Null where no closed form applies (real data).
 */
export function theorySquaredCv(distribution: string, d: number): number | null {
  if (distribution === 'uniform') return Math.sqrt(1.4 / d);
  if (distribution === 'gaussian') return Math.sqrt(2 / d);
  return null;
}

/** n points in d dimensions: uniform in [0, 1)^d or standard normal. x: [n, d]. */
export function samplePoints(
  distribution: 'uniform' | 'gaussian',
  n: number,
  d: number,
  rng: Rng,
): Float32Array {
  return Float32Array.from({ length: n * d }, () =>
    distribution === 'uniform' ? rng.next() : rng.normal(),
  );
}

/**
 * n rows of real data in d dimensions: `features` standardized columns of the data, either d of
 * them chosen at random (d <= features) or all of them followed by d - features N(0, 1) noise
 * columns. data: [rows, features], standardized.
 */
export function sampleWithNoise(
  data: Float32Array,
  rows: number,
  features: number,
  n: number,
  d: number,
  rng: Rng,
): Float32Array {
  const columns = Array.from({ length: features }, (_, j) => j);
  for (let j = features - 1; j > 0; j--) {
    const k = rng.int(j + 1);
    [columns[j], columns[k]] = [columns[k], columns[j]];
  }
  const kept = columns.slice(0, Math.min(d, features));
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rng.int(rows);
    kept.forEach((column, j) => (out[i * d + j] = data[row * features + column]));
    for (let j = kept.length; j < d; j++) out[i * d + j] = rng.normal();
  }
  return out;
}
