import type { Rng } from '../rng';

/**
 * The Hughes (peaking) effect on Trunk's problem (Trunk 1979): two classes with means +mu and
 * -mu, identity covariance, mu_j = 1 / sqrt(j) on the informative features, so each feature adds
 * less separation than the one before. Redundant features mix two informative ones; noise
 * features carry nothing. With the means known, noise features change no decision; with means
 * estimated from a fixed training set, accuracy peaks and then falls as every added feature
 * brings more estimation noise than signal.
 */
export interface HughesRow {
  features: number;
  /** Nearest-mean classifier (a linear model) with means estimated from n rows per class. */
  nearestMean: number;
  /** The same with 4 n rows per class: the peak moves right. */
  nearestMeanMoreData: number;
  /** k-nearest neighbours on the n rows per class. */
  knn: number;
  /** Nearest mean with the true means: no estimation, no peak. */
  trueMeans: number;
}

export interface HughesOptions {
  trainPerClass: number;
  maxFeatures: number;
  informative: number;
  redundant: number;
  neighbours: number;
  repeats: number;
  testPerClass: number;
  /** Feature counts at which accuracies are recorded, ascending, at most maxFeatures. */
  grid: number[];
}

/** Describes each feature: its mean for class +1 (the other class has the negative) and how to draw it. */
interface FeaturePlan {
  means: Float64Array;
  /** For redundant feature j: the two informative features it mixes; -1 otherwise. */
  mixA: Int32Array;
  mixB: Int32Array;
}

function planFeatures(o: HughesOptions, rng: Rng): FeaturePlan {
  const means = new Float64Array(o.maxFeatures);
  const mixA = new Int32Array(o.maxFeatures).fill(-1);
  const mixB = new Int32Array(o.maxFeatures).fill(-1);
  const informative = Math.min(o.informative, o.maxFeatures);
  for (let j = 0; j < informative; j++) means[j] = 1 / Math.sqrt(j + 1);
  for (let j = informative; j < Math.min(informative + o.redundant, o.maxFeatures); j++) {
    mixA[j] = rng.int(informative);
    mixB[j] = rng.int(informative);
    // 0.5 (x_a + x_b) + 0.5 z has mean 0.5 (mu_a + mu_b).
    means[j] = 0.5 * (means[mixA[j]] + means[mixB[j]]);
  }
  return { means, mixA, mixB };
}

/** Rows of one class (sign +1 or -1): [rows, maxFeatures]. */
function drawRows(plan: FeaturePlan, sign: number, rows: number, rng: Rng): Float64Array {
  const f = plan.means.length;
  const out = new Float64Array(rows * f);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < f; j++) {
      const a = plan.mixA[j];
      out[r * f + j] =
        a < 0
          ? sign * plan.means[j] + rng.normal()
          : 0.5 * (out[r * f + a] + out[r * f + plan.mixB[j]]) + 0.5 * rng.normal();
    }
  }
  return out;
}

/** Column means of the first `rows` rows: [maxFeatures]. */
function columnMeans(data: Float64Array, rows: number, f: number): Float64Array {
  const mean = new Float64Array(f);
  for (let r = 0; r < rows; r++) for (let j = 0; j < f; j++) mean[j] += data[r * f + j];
  return mean.map((v) => v / rows);
}

/**
 * Accuracies at each feature count of the grid, averaged over repeats (`onRepeat` hears the
 * running average after each). Distances grow feature by
 * feature (a prefix adds one squared difference), so the whole curve costs one pass over the
 * features per test row.
 */
export function hughesCurve(
  o: HughesOptions,
  rng: Rng,
  onRepeat?: (rows: HughesRow[], repeatsDone: number) => void,
): HughesRow[] {
  const f = o.maxFeatures;
  const totals = o.grid.map((features) => ({
    features,
    nearestMean: 0,
    nearestMeanMoreData: 0,
    knn: 0,
    trueMeans: 0,
  }));
  const plan = planFeatures(o, rng);
  const n = o.trainPerClass;
  for (let repeat = 0; repeat < o.repeats; repeat++) {
    const train = [drawRows(plan, 1, 4 * n, rng), drawRows(plan, -1, 4 * n, rng)];
    const test = [drawRows(plan, 1, o.testPerClass, rng), drawRows(plan, -1, o.testPerClass, rng)];
    const means = {
      small: train.map((rows) => columnMeans(rows, n, f)),
      large: train.map((rows) => columnMeans(rows, 4 * n, f)),
      true: [plan.means, plan.means.map((m) => -m)],
    };
    const correct = o.grid.map(() => ({
      nearestMean: 0,
      nearestMeanMoreData: 0,
      knn: 0,
      trueMeans: 0,
    }));
    const neighbourDistances = new Float64Array(2 * n);
    for (let label = 0; label < 2; label++) {
      for (let t = 0; t < o.testPerClass; t++) {
        const x = test[label].subarray(t * f, (t + 1) * f);
        const toMean = { small: [0, 0], large: [0, 0], true: [0, 0] };
        neighbourDistances.fill(0);
        let g = 0;
        for (let j = 0; j < f && g < o.grid.length; j++) {
          for (const kind of ['small', 'large', 'true'] as const) {
            for (let c = 0; c < 2; c++) toMean[kind][c] += (x[j] - means[kind][c][j]) ** 2;
          }
          for (let c = 0; c < 2; c++) {
            for (let r = 0; r < n; r++)
              neighbourDistances[c * n + r] += (x[j] - train[c][r * f + j]) ** 2;
          }
          if (j + 1 === o.grid[g]) {
            const guess = (d: number[]) => (d[0] <= d[1] ? 0 : 1);
            correct[g].nearestMean += guess(toMean.small) === label ? 1 : 0;
            correct[g].nearestMeanMoreData += guess(toMean.large) === label ? 1 : 0;
            correct[g].trueMeans += guess(toMean.true) === label ? 1 : 0;
            correct[g].knn += knnVote(neighbourDistances, n, o.neighbours) === label ? 1 : 0;
            g++;
          }
        }
      }
    }
    const tested = 2 * o.testPerClass;
    correct.forEach((c, g) => {
      totals[g].nearestMean += c.nearestMean / tested;
      totals[g].nearestMeanMoreData += c.nearestMeanMoreData / tested;
      totals[g].knn += c.knn / tested;
      totals[g].trueMeans += c.trueMeans / tested;
    });
    onRepeat?.(
      totals.map((row) => scale(row, 1 / (repeat + 1))),
      repeat + 1,
    );
  }
  return totals.map((row) => scale(row, 1 / o.repeats));
}

const scale = (row: HughesRow, factor: number): HughesRow => ({
  features: row.features,
  nearestMean: row.nearestMean * factor,
  nearestMeanMoreData: row.nearestMeanMoreData * factor,
  knn: row.knn * factor,
  trueMeans: row.trueMeans * factor,
});

/** Majority class of the k nearest training rows; distances: [2n], class 0 then class 1. */
function knnVote(distances: Float64Array, n: number, k: number): number {
  const order = Array.from({ length: 2 * n }, (_, i) => i).sort(
    (a, b) => distances[a] - distances[b],
  );
  let votes = 0;
  for (let i = 0; i < Math.min(k, 2 * n); i++) votes += order[i] < n ? 0 : 1;
  return votes * 2 > Math.min(k, 2 * n) ? 1 : 0;
}
