/**
 * Confusion matrix C[i][j] = number of rows whose true class is i and predicted class is j
 * (scikit-learn's convention: rows are truth, columns are predictions).
 */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) matrix[truth[i]][predicted[i]]++;
  return matrix;
}

/** Index of the largest value in each row of probabilities: [rows, classes] -> [rows]. */
export function argmaxRows(values: Float32Array, classes: number): Int32Array {
  const rows = values.length / classes;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (values[r * classes + c] > values[r * classes + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** Share of rows whose prediction equals the truth. */
export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  return truth.length ? correct / truth.length : 0;
}

/**
 * Macro-averaged F1 (scikit-learn's f1_score(average='macro')): per class
 * F1 = 2 TP / (2 TP + FP + FN), 0 when the class is neither present nor predicted, averaged over
 * the classes 0..classes-1.
 */
export function macroF1(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number {
  const matrix = confusionMatrix(truth, predicted, classes);
  let sum = 0;
  for (let k = 0; k < classes; k++) {
    const tp = matrix[k][k];
    const fn = matrix[k].reduce((s, v) => s + v, 0) - tp;
    const fp = matrix.reduce((s, row) => s + row[k], 0) - tp;
    sum += 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  return sum / classes;
}

/**
 * Area under the ROC curve of binary labels (1 = positive) and scores, by the rank-sum
 * (Mann-Whitney U) identity with tied scores given their average rank: equals scikit-learn's
 * roc_auc_score. NaN when only one class is present.
 */
export function rocAuc(truth: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: truth.length }, (_, i) => i).sort(
    (a, b) => scores[a] - scores[b],
  );
  const ranks = new Float64Array(truth.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < truth.length; i++)
    if (truth[i] === 1) {
      positives++;
      rankSum += ranks[i];
    }
  const negatives = truth.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Root mean squared error, mean absolute error and R^2 = 1 - SS_res / SS_tot (scikit-learn's). */
export function regressionMetrics(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
): { rmse: number; mae: number; r2: number } {
  const n = truth.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += truth[i] / n;
  let squared = 0;
  let absolute = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    squared += (truth[i] - predicted[i]) ** 2;
    absolute += Math.abs(truth[i] - predicted[i]);
    total += (truth[i] - mean) ** 2;
  }
  return {
    rmse: Math.sqrt(squared / n),
    mae: absolute / n,
    r2: total > 0 ? 1 - squared / total : squared === 0 ? 1 : 0,
  };
}

/** Ranks 1..n of values, ties sharing their average rank (as scipy.stats.rankdata). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (a, b) => values[a] - values[b],
  );
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    for (let k = start; k <= end; k++) ranks[order[k]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return ranks;
}

/**
 * Spearman's rank correlation: Pearson's correlation of the average ranks (ties handled as
 * scipy.stats.spearmanr). NaN with fewer than 2 points or a constant input.
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const n = ra.length;
  if (n < 2 || n !== rb.length) return NaN;
  const mean = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}
