import { describe, expect, it } from 'vitest';
import {
  defaultPlan,
  fitFeatures,
  transformFeatures,
  univariateScores,
} from '../../src/engine/automl/features';
import { parseTable } from '../../src/engine/automl/table';

const table = parseTable(
  [
    'x,colour,id,y',
    '1,red,a,0',
    '3,blue,b,1',
    'NA,red,c,0',
    '8,green,d,1',
    '5,,e,0',
    '2,pink,f,1',
  ].join('\n'),
);

describe('feature engineering, learned on training rows only', () => {
  it('imputes the median, standardizes, one-hots the frequent categories with an "other" column', () => {
    const train = [0, 1, 2, 3];
    const fitted = fitFeatures(table, 'y', train, {
      ...defaultPlan,
      maxCategories: 2,
      drop: ['id'],
    });
    expect(fitted.names).toEqual(['x', 'colour=red', 'colour=blue', 'colour=(other)']);
    // Training x: 1, 3, (missing -> median 3), 8: mean 3.75, population std sqrt(6.6875).
    const x = fitted.steps[0];
    expect(x).toMatchObject({ kind: 'numeric', fill: 3, mean: 3.75, missing: 1 });
    expect(x.kind === 'numeric' && x.scale).toBeCloseTo(Math.sqrt(6.6875), 12);
    const all = transformFeatures(fitted, table, [0, 1, 2, 3, 4, 5]);
    const row = (r: number) => Array.from(all.subarray(r * 4, r * 4 + 4));
    expect(row(0)[0]).toBeCloseTo((1 - 3.75) / Math.sqrt(6.6875), 6);
    expect(row(0).slice(1)).toEqual([1, 0, 0]);
    expect(row(2)[0]).toBeCloseTo((3 - 3.75) / Math.sqrt(6.6875), 6); // imputed
    expect(row(3).slice(1)).toEqual([0, 0, 1]); // green: not among the top 2
    expect(row(4).slice(1)).toEqual([0, 0, 0]); // missing colour
    expect(row(5).slice(1)).toEqual([0, 0, 1]); // pink: never seen in training
  });

  it('mean imputation and no scaling leave numbers as they are', () => {
    const fitted = fitFeatures(table, 'y', [0, 1, 2, 3], {
      impute: 'mean',
      standardize: false,
      maxCategories: 20,
      drop: ['colour', 'id'],
    });
    expect(fitted.names).toEqual(['x']);
    expect(Array.from(transformFeatures(fitted, table, [0, 2]))).toEqual([1, 4]);
  });
});

describe('univariate feature scores (feature selection) against scikit-learn', () => {
  it("ANOVA F equals f_classif; |r| equals numpy's correlation; a constant column scores 0", async () => {
    const { default: golden } = await import('../fixtures/metrics-sklearn.json');
    const { x, classes, fClassif, r, y } = golden.univariate;
    const flat = Float32Array.from(x.flat());
    const f = univariateScores(flat, x.length, 4, classes, 3);
    f.slice(0, 3).forEach((v, j) => expect(v).toBeCloseTo(fClassif[j], 3));
    expect(f[3]).toBe(0);
    const correlation = univariateScores(flat, x.length, 4, y, 0);
    correlation.slice(0, 3).forEach((v, j) => expect(v).toBeCloseTo(Math.abs(r[j]), 5));
    expect(correlation[3]).toBe(0);
  });
});
