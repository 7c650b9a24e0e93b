import type { Column, Table } from './table';

export type Task = 'classification' | 'regression';

/** What TensorFlow Data Validation calls a column's schema and statistics, for one column. */
export interface ColumnReport {
  name: string;
  kind: Column['kind'];
  missingShare: number;
  /** Numeric: the range; categorical: the categories with their counts, most common first. */
  domain: { min: number; max: number } | { categories: { value: string; count: number }[] };
  /** Numeric only: mean, standard deviation (ddof 0), quartiles. */
  stats: { mean: number; std: number; q1: number; median: number; q3: number } | null;
  /** Numeric: 20 equal-width bins over [min, max]; categorical: the top 20 categories. */
  histogram: { label: string; count: number }[];
}

export type AnomalyKind =
  'constant' | 'all-missing' | 'missing' | 'leakage' | 'outliers' | 'imbalance' | 'skew';

export interface Anomaly {
  kind: AnomalyKind;
  column: string;
  message: string;
}

export interface ValidationReport {
  rows: number;
  target: string;
  task: Task;
  columns: ColumnReport[];
  anomalies: Anomaly[];
}

/** Thresholds of the checks (TFDV's defaults where it has one). */
export const thresholds = {
  /** A column missing in more than this share of rows is flagged. */
  missing: 0.3,
  /** |Pearson r| with a numeric target, or purity of a categorical's mapping to a class target. */
  leakage: 0.98,
  /** Share of values beyond 4 standard deviations. */
  outliers: 0.01,
  /** The rarest class below this share of rows. */
  imbalance: 0.1,
  /** L-infinity distance between category shares of two slices (TFDV's skew comparator). */
  skewLinf: 0.1,
  /** Kolmogorov-Smirnov statistic between two slices of a numeric column. */
  skewKs: 0.1,
};

const present = (c: Column): number[] =>
  c.kind === 'numeric'
    ? Array.from(c.values).filter((v) => !Number.isNaN(v))
    : (c.values.filter((v) => v !== null) as string[]).map(() => 0);

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function counts(values: (string | null)[]): { value: string; count: number }[] {
  const tally: Record<string, number> = {};
  for (const v of values) if (v !== null) tally[v] = (tally[v] ?? 0) + 1;
  return Object.entries(tally)
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** Schema, statistics and histogram of one column. */
export function describeColumn(column: Column, rows: number): ColumnReport {
  const missing = rows - present(column).length;
  if (column.kind === 'categorical') {
    const categories = counts(column.values);
    return {
      name: column.name,
      kind: column.kind,
      missingShare: missing / rows,
      domain: { categories },
      stats: null,
      histogram: categories.slice(0, 20).map((c) => ({ label: c.value, count: c.count })),
    };
  }
  const values = present(column).sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const std = Math.sqrt(
    values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length),
  );
  const min = values[0] ?? NaN;
  const max = values.at(-1) ?? NaN;
  const bins = 20;
  const histogram = Array.from({ length: bins }, (_, b) => ({
    label: (min + ((max - min) * (b + 0.5)) / bins).toPrecision(3),
    count: 0,
  }));
  for (const v of values) {
    const b = max > min ? Math.min(bins - 1, Math.floor(((v - min) / (max - min)) * bins)) : 0;
    histogram[b].count++;
  }
  return {
    name: column.name,
    kind: column.kind,
    missingShare: missing / rows,
    domain: { min, max },
    stats: values.length
      ? {
          mean,
          std,
          q1: quantile(values, 0.25),
          median: quantile(values, 0.5),
          q3: quantile(values, 0.75),
        }
      : null,
    histogram: values.length ? histogram : [],
  };
}

/**
 * Classification when the target is categorical, or numeric with only integers and at most 20
 * distinct values; regression otherwise.
 */
export function inferTask(target: Column): Task {
  if (target.kind === 'categorical') return 'classification';
  const values = Array.from(target.values).filter((v) => !Number.isNaN(v));
  const distinct = new Set(values);
  return values.every(Number.isInteger) && distinct.size <= 20 ? 'classification' : 'regression';
}

function pearson(a: Float64Array, b: Float64Array): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < a.length; i++)
    if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) {
      n++;
      sa += a[i];
      sb += b[i];
    }
  const [ma, mb] = [sa / n, sb / n];
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++)
    if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) {
      cov += (a[i] - ma) * (b[i] - mb);
      va += (a[i] - ma) ** 2;
      vb += (b[i] - mb) ** 2;
    }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

/** A cell as a grouping key: the number itself or the category; null when missing. */
const keyOf = (c: Column, i: number): number | string | null =>
  c.kind === 'numeric' ? (Number.isNaN(c.values[i]) ? null : c.values[i]) : c.values[i];

/**
 * Share of rows whose target is the majority target of their feature value: 1 when the feature
 * determines the class. Only meaningful with fewer distinct values than half the rows that have one.
 */
function purity(feature: Column, target: Column, rows: number): number {
  const groups = new Map<number | string, Map<number | string, number>>();
  let counted = 0;
  for (let i = 0; i < rows; i++) {
    const [f, t] = [keyOf(feature, i), keyOf(target, i)];
    if (f === null || t === null) continue;
    let group = groups.get(f);
    if (!group) groups.set(f, (group = new Map()));
    group.set(t, (group.get(t) ?? 0) + 1);
    counted++;
  }
  // An identifier (nearly one row per value) is pure by construction: not a leak.
  if (groups.size > counted / 2) return 0;
  let majority = 0;
  for (const group of groups.values()) majority += Math.max(...group.values());
  return counted ? majority / counted : 0;
}

/** The Kolmogorov-Smirnov statistic sup |F_a - F_b| of two samples. */
export function ksStatistic(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let worst = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    worst = Math.max(worst, Math.abs(i / x.length - j / y.length));
  }
  return worst;
}

/** L-infinity distance between the category shares of two slices. */
export function linfDistance(a: (string | null)[], b: (string | null)[]): number {
  const [ca, cb] = [counts(a), counts(b)];
  const [na, nb] = [ca.reduce((s, c) => s + c.count, 0), cb.reduce((s, c) => s + c.count, 0)];
  const values = new Set([...ca.map((c) => c.value), ...cb.map((c) => c.value)]);
  let worst = 0;
  for (const v of values) {
    const pa = (ca.find((c) => c.value === v)?.count ?? 0) / Math.max(1, na);
    const pb = (cb.find((c) => c.value === v)?.count ?? 0) / Math.max(1, nb);
    worst = Math.max(worst, Math.abs(pa - pb));
  }
  return worst;
}

/**
 * Validates a table for training on `target`: describes every column and flags constant and
 * all-missing columns, high missing shares, label-leakage suspects, outliers, class imbalance,
 * and training/serving skew between the first 80% of rows and the last 20% held out as
 * "serving" (KS statistic for numbers, L-infinity distance for categories, as TFDV does; the
 * limit is the larger of the threshold and the KS test's 5% critical value for these sizes).
 */
export function validateTable(table: Table, targetName: string): ValidationReport {
  const target = table.columns.find((c) => c.name === targetName);
  if (!target) throw new Error(`there is no column "${targetName}" to predict`);
  const task = inferTask(target);
  const { rows } = table;
  const anomalies: Anomaly[] = [];
  const flag = (kind: AnomalyKind, column: string, message: string) =>
    anomalies.push({ kind, column, message });
  const columns = table.columns.map((c) => describeColumn(c, rows));

  // Serving data arrive after training data: the file's last 20% of rows stand in for them.
  const cut = Math.round(rows * 0.8);
  const trainRows = Array.from({ length: cut }, (_, i) => i);
  const servingRows = Array.from({ length: rows - cut }, (_, i) => cut + i);
  // Below this distance two slices of these sizes differ by chance alone (KS test at 5%).
  const chance = 1.36 * Math.sqrt((cut + (rows - cut)) / Math.max(1, cut * (rows - cut)));

  table.columns.forEach((column, k) => {
    const report = columns[k];
    const name = column.name;
    if (report.missingShare === 1) {
      flag('all-missing', name, `"${name}" has no values at all`);
      return;
    }
    if (report.missingShare > thresholds.missing)
      flag(
        'missing',
        name,
        `"${name}" is missing in ${(100 * report.missingShare).toFixed(0)}% of rows`,
      );
    const distinct =
      'categories' in report.domain
        ? report.domain.categories.length
        : report.domain.max > report.domain.min
          ? 2
          : 1;
    if (distinct === 1)
      flag('constant', name, `"${name}" has a single value: it carries no information`);
    if (column === target) {
      if (task === 'classification') {
        const classes = counts(
          Array.from({ length: rows }, (_, i) => {
            const key = keyOf(column, i);
            return key === null ? null : String(key);
          }),
        );
        const share = (classes.at(-1)?.count ?? 0) / rows;
        if (classes.length >= 2 && share < thresholds.imbalance)
          flag(
            'imbalance',
            name,
            `the rarest class "${classes.at(-1)!.value}" is ${(100 * share).toFixed(1)}% of rows`,
          );
      }
      return;
    }
    if (column.kind === 'numeric' && report.stats && report.stats.std > 0) {
      const { mean, std } = report.stats;
      const far = Array.from(column.values).filter((v) => Math.abs(v - mean) > 4 * std).length;
      if (far / rows > thresholds.outliers)
        flag('outliers', name, `${far} values of "${name}" lie beyond 4 standard deviations`);
    }
    const leak =
      task === 'regression' && column.kind === 'numeric' && target.kind === 'numeric'
        ? Math.abs(pearson(column.values, target.values))
        : task === 'classification'
          ? purity(column, target, rows)
          : 0;
    if (distinct > 1 && leak >= thresholds.leakage)
      flag(
        'leakage',
        name,
        `"${name}" predicts the target almost perfectly (${task === 'regression' ? '|r|' : 'purity'} ${leak.toFixed(3)}): is it known when predicting?`,
      );
    const skew =
      column.kind === 'numeric'
        ? ksStatistic(
            trainRows.map((i) => column.values[i]).filter((v) => !Number.isNaN(v)),
            servingRows.map((i) => column.values[i]).filter((v) => !Number.isNaN(v)),
          )
        : linfDistance(
            trainRows.map((i) => column.values[i]),
            servingRows.map((i) => column.values[i]),
          );
    const limit = Math.max(
      column.kind === 'numeric' ? thresholds.skewKs : thresholds.skewLinf,
      chance,
    );
    if (servingRows.length >= 20 && skew > limit)
      flag(
        'skew',
        name,
        `"${name}" differs between the first 80% of rows and the last 20% (${column.kind === 'numeric' ? 'KS' : 'L-infinity'} ${skew.toFixed(3)} > ${limit.toFixed(3)}): training/serving skew or drift`,
      );
  });
  return { rows, target: targetName, task, columns, anomalies };
}
