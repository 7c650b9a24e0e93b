import { describe, expect, it } from 'vitest';
import { splitIndices } from '../../src/engine/data/split';
import { applyStandardizer, fitStandardizer } from '../../src/engine/data/standardize';
import { confusionMatrix } from '../../src/engine/metrics';
import { createRng } from '../../src/engine/rng';
import goldens from '../fixtures/goldens.json';

const labelled = (counts: number[]) => {
  const y = Int32Array.from(counts.flatMap((n, c) => new Array(n).fill(c)));
  return { rows: y.length, y, task: 'classification' as const, classes: counts.map(String) };
};

describe('splitIndices', () => {
  it('partitions every row exactly once', () => {
    const data = labelled([50, 30, 20]);
    const split = splitIndices(data, { validation: 0.2, test: 0.1 }, createRng(1));
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('is stratified: each split keeps the class shares (round(n_c * share) per class)', () => {
    const data = labelled([50, 30, 20]);
    const split = splitIndices(data, { validation: 0.2, test: 0.1 }, createRng(1));
    const count = (rows: Int32Array) =>
      [0, 1, 2].map((c) => [...rows].filter((r) => data.y[r] === c).length);
    expect(count(split.test)).toEqual([5, 3, 2]);
    expect(count(split.validation)).toEqual([10, 6, 4]);
    expect(count(split.train)).toEqual([35, 21, 14]);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const data = labelled([40, 40]);
    const a = splitIndices(data, { validation: 0.25, test: 0.25 }, createRng(3));
    const b = splitIndices(data, { validation: 0.25, test: 0.25 }, createRng(3));
    const c = splitIndices(data, { validation: 0.25, test: 0.25 }, createRng(4));
    expect(a).toEqual(b);
    expect(a.test).not.toEqual(c.test);
  });

  it('splits regression rows without strata', () => {
    const data = { rows: 10, y: new Float32Array(10), task: 'regression' as const, classes: [] };
    const split = splitIndices(data, { validation: 0.2, test: 0.2 }, createRng(1));
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([6, 2, 2]);
  });
});

describe('standardization', () => {
  it("matches scikit-learn's StandardScaler, constant column included", () => {
    const reference = goldens.standard_scaler;
    const rows = reference.x.length;
    const x = Float32Array.from(reference.x.flat());
    const scaler = fitStandardizer(x, rows, 3);
    reference.mean.forEach((m, j) => expect(scaler.mean[j]).toBeCloseTo(m, 5));
    reference.scale.forEach((s, j) => expect(scaler.std[j]).toBeCloseTo(s, 5));
    const z = applyStandardizer(x, scaler);
    reference.transformed.flat().forEach((v, i) => expect(z[i]).toBeCloseTo(v, 5));
  });
});

describe('confusionMatrix', () => {
  it("matches scikit-learn's confusion_matrix", () => {
    const { truth, pred, matrix } = goldens.confusion;
    expect(confusionMatrix(truth, pred, 3)).toEqual(matrix);
  });
});
