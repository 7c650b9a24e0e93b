import { permutation, type Rng } from '../rng';
import type { Dataset, Subset } from './types';

export interface SplitFractions {
  /** Share of rows for validation, in [0, 1). */
  validation: number;
  /** Share of rows for the final test, in [0, 1). */
  test: number;
}

/** Row indices of each split; together they are a permutation of 0..rows-1. */
export interface SplitIndices {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * Seeded train / validation / test split. For classification it is stratified like scikit-learn's
 * `train_test_split(stratify=y)`: each class is shuffled and cut in the same proportions, so every
 * split keeps the class balance (to within one row per class). Sizes per class: test =
 * round(n_c * test), validation = round(n_c * validation), train = the rest.
 */
export function splitIndices(
  dataset: Pick<Dataset, 'rows' | 'y' | 'task' | 'classes'>,
  fractions: SplitFractions,
  rng: Rng,
): SplitIndices {
  const groups: number[][] = [];
  if (dataset.task === 'classification') {
    for (let c = 0; c < dataset.classes.length; c++) groups.push([]);
    for (let i = 0; i < dataset.rows; i++) groups[dataset.y[i]].push(i);
  } else {
    groups.push(Array.from({ length: dataset.rows }, (_, i) => i));
  }
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const group of groups) {
    const order = permutation(group.length, rng);
    const nTest = Math.round(group.length * fractions.test);
    const nValidation = Math.round(group.length * fractions.validation);
    order.forEach((k, position) => {
      const row = group[k];
      if (position < nTest) test.push(row);
      else if (position < nTest + nValidation) validation.push(row);
      else train.push(row);
    });
  }
  // Interleave classes so mini-batches drawn in order are mixed.
  const shuffled = (rows: number[]) => {
    const order = permutation(rows.length, rng);
    return Int32Array.from(order, (k) => rows[k]);
  };
  return { train: shuffled(train), validation: shuffled(validation), test: shuffled(test) };
}

/** Copies the given rows: x [indices.length, features], y [indices.length]. */
export function takeRows(
  dataset: Pick<Dataset, 'x' | 'y' | 'features'>,
  indices: Int32Array,
): Subset {
  const d = dataset.features;
  const x = new Float32Array(indices.length * d);
  const y =
    dataset.y instanceof Int32Array
      ? new Int32Array(indices.length)
      : new Float32Array(indices.length);
  indices.forEach((row, i) => {
    x.set(dataset.x.subarray(row * d, row * d + d), i * d);
    y[i] = dataset.y[row];
  });
  return { x, y, rows: indices.length };
}
