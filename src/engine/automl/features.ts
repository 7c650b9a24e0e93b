import type { Column, Table } from './table';

/**
 * The feature-engineering choices of /automl, each shown and reversible: how to fill missing
 * numbers, whether to standardize, how many categories one-hot encoding keeps per column (the
 * rest share an "other" column), and the columns left out.
 */
export interface FeaturePlan {
  impute: 'mean' | 'median';
  standardize: boolean;
  maxCategories: number;
  drop: string[];
}

export const defaultPlan: FeaturePlan = {
  impute: 'median',
  standardize: true,
  maxCategories: 20,
  drop: [],
};

/** One input column's learned transformation, for the page to show. */
export type FeatureStep =
  | { column: string; kind: 'numeric'; fill: number; mean: number; scale: number; missing: number }
  | { column: string; kind: 'categorical'; categories: string[]; other: boolean; missing: number };

export interface FittedFeatures {
  steps: FeatureStep[];
  /** Output feature names: numeric columns as they are, one-hot columns as "column=value". */
  names: string[];
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Learns the transformation on the training rows only (so validation and test rows never leak
 * into it): for numbers the fill value (mean or median) and the standardization (mean, population
 * std; a constant column gets scale 1); for categories the most frequent `maxCategories` values,
 * in frequency order. Missing categories become all-zero one-hot rows.
 */
export function fitFeatures(
  table: Table,
  target: string,
  rows: ArrayLike<number>,
  plan: FeaturePlan,
): FittedFeatures {
  const steps: FeatureStep[] = [];
  const names: string[] = [];
  for (const column of table.columns) {
    if (column.name === target || plan.drop.includes(column.name)) continue;
    const values = Array.from(rows, (i) => column.values[i]);
    if (column.kind === 'numeric') {
      const present = (values as number[]).filter((v) => !Number.isNaN(v));
      if (present.length === 0) continue;
      const fill =
        plan.impute === 'mean'
          ? present.reduce((s, v) => s + v, 0) / present.length
          : median(present);
      const filled = (values as number[]).map((v) => (Number.isNaN(v) ? fill : v));
      const mean = filled.reduce((s, v) => s + v, 0) / filled.length;
      const std = Math.sqrt(filled.reduce((s, v) => s + (v - mean) ** 2, 0) / filled.length);
      steps.push({
        column: column.name,
        kind: 'numeric',
        fill,
        mean: plan.standardize ? mean : 0,
        scale: plan.standardize && std > 0 ? std : 1,
        missing: values.length - present.length,
      });
      names.push(column.name);
    } else {
      const tally: Record<string, number> = {};
      for (const v of values as (string | null)[]) if (v !== null) tally[v] = (tally[v] ?? 0) + 1;
      const ranked = Object.keys(tally).sort((a, b) => tally[b] - tally[a] || a.localeCompare(b));
      const categories = ranked.slice(0, plan.maxCategories);
      const other = ranked.length > categories.length;
      steps.push({
        column: column.name,
        kind: 'categorical',
        categories,
        other,
        missing: (values as (string | null)[]).filter((v) => v === null).length,
      });
      names.push(...categories.map((c) => `${column.name}=${c}`));
      if (other) names.push(`${column.name}=(other)`);
    }
  }
  return { steps, names };
}

/** Applies a fitted transformation to `rows` of the table: a [rows, names.length] matrix. */
export function transformFeatures(
  fitted: FittedFeatures,
  table: Table,
  rows: ArrayLike<number>,
): Float32Array {
  const width = fitted.names.length;
  const out = new Float32Array(rows.length * width);
  const byName: Record<string, Column> = Object.fromEntries(table.columns.map((c) => [c.name, c]));
  let offset = 0;
  for (const step of fitted.steps) {
    const column = byName[step.column];
    for (let r = 0; r < rows.length; r++) {
      const value = column.values[rows[r]];
      if (step.kind === 'numeric') {
        const v = Number.isNaN(value as number) ? step.fill : (value as number);
        out[r * width + offset] = (v - step.mean) / step.scale;
      } else if (value !== null) {
        const k = step.categories.indexOf(value as string);
        if (k >= 0) out[r * width + offset + k] = 1;
        else if (step.other) out[r * width + offset + step.categories.length] = 1;
      }
    }
    offset += step.kind === 'numeric' ? 1 : step.categories.length + (step.other ? 1 : 0);
  }
  return out;
}

/**
 * Univariate score of each column of X [rows, width] against the target, as scikit-learn's
 * f_classif (classes: the ANOVA F statistic, between-class over within-class mean squares) or,
 * for numbers, |Pearson r| (f_regression is monotone in it). A constant column scores 0.
 */
export function univariateScores(
  x: Float32Array,
  rows: number,
  width: number,
  y: ArrayLike<number>,
  classes: number,
): number[] {
  return Array.from({ length: width }, (_, j) => {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += x[i * width + j] / rows;
    let spread = 0;
    for (let i = 0; i < rows; i++) spread += (x[i * width + j] - mean) ** 2;
    if (spread <= 1e-12 * rows * Math.max(1, mean * mean)) return 0;
    if (classes > 0) {
      const sum = new Float64Array(classes);
      const count = new Float64Array(classes);
      for (let i = 0; i < rows; i++) {
        sum[y[i]] += x[i * width + j];
        count[y[i]]++;
      }
      let between = 0;
      for (let c = 0; c < classes; c++)
        if (count[c] > 0) between += count[c] * (sum[c] / count[c] - mean) ** 2;
      let within = 0;
      for (let i = 0; i < rows; i++) within += (x[i * width + j] - sum[y[i]] / count[y[i]]) ** 2;
      const groups = count.filter((c) => c > 0).length;
      if (within <= 0 || groups < 2) return between > 0 ? Infinity : 0;
      return between / (groups - 1) / (within / (rows - groups));
    }
    let yMean = 0;
    for (let i = 0; i < rows; i++) yMean += y[i] / rows;
    let cov = 0;
    let vx = 0;
    let vy = 0;
    for (let i = 0; i < rows; i++) {
      const [dx, dy] = [x[i * width + j] - mean, y[i] - yMean];
      cov += dx * dy;
      vx += dx * dx;
      vy += dy * dy;
    }
    return vx > 0 && vy > 0 ? Math.abs(cov) / Math.sqrt(vx * vy) : 0;
  });
}

/** The columns of X [rows, width] at `keep`: [rows, keep.length]. */
export function selectColumns(
  x: Float32Array,
  rows: number,
  width: number,
  keep: number[],
): Float32Array {
  const out = new Float32Array(rows * keep.length);
  for (let i = 0; i < rows; i++)
    for (let c = 0; c < keep.length; c++) out[i * keep.length + c] = x[i * width + keep[c]];
  return out;
}
