import { describe, expect, it } from 'vitest';
import { accuracy, macroF1, regressionMetrics, rocAuc, spearman } from '../../src/engine/metrics';
import golden from '../fixtures/metrics-sklearn.json';

describe('metrics against scikit-learn (scripts/golden/metrics_sklearn.py)', () => {
  it("macro F1 equals f1_score(average='macro'), with a class never predicted", () => {
    const { truth, predicted, classes, macro } = golden.f1;
    expect(macroF1(truth, predicted, classes)).toBeCloseTo(macro, 12);
  });

  it('ROC AUC equals roc_auc_score, tied scores included', () => {
    expect(rocAuc(golden.auc.truth, golden.auc.scores)).toBeCloseTo(golden.auc.auc, 12);
    expect(rocAuc([1, 1], [0.2, 0.4])).toBeNaN();
  });

  it('RMSE, MAE and R^2 equal scikit-learn', () => {
    const { truth, predicted, rmse, mae, r2 } = golden.regression;
    const ours = regressionMetrics(truth, predicted);
    expect(ours.rmse).toBeCloseTo(rmse, 12);
    expect(ours.mae).toBeCloseTo(mae, 12);
    expect(ours.r2).toBeCloseTo(r2, 12);
  });

  it('accuracy by hand', () => {
    expect(accuracy([0, 1, 2, 2], [0, 1, 1, 2])).toBe(0.75);
  });
});

describe('spearman', () => {
  // Expected values from scipy.stats.spearmanr (scipy 1.10, Debian), ties included.
  it('matches scipy.stats.spearmanr with ties', () => {
    expect(spearman([1, 2, 2, 5, 3, 9], [2, 1, 4, 4, 3, 10])).toBeCloseTo(0.75, 12);
    expect(spearman([0.5, 0.7, 0.7, 0.9], [3, 1, 2, 2])).toBeCloseTo(-0.5, 12);
    expect(spearman([1, 2, 3], [10, 20, 30])).toBe(1);
    expect(spearman([1, 1], [1, 2])).toBeNaN();
  });
});
