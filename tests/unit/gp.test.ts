import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/engine/rng';
import {
  expectedImprovement,
  GaussianProcess,
  normalCdf,
  type GpHyperparameters,
} from '../../src/engine/tuning/gp';

interface Case {
  dataset: string;
  x: number[][];
  y: number[];
  test?: number[][];
  hyper?: GpHyperparameters;
  mean?: number[];
  std?: number[];
  fitted?: boolean;
  logMarginalLikelihood: number;
}

const reference = JSON.parse(readFileSync('tests/fixtures/gp-sklearn.json', 'utf8')) as {
  cases: Case[];
};

describe('Gaussian process against scikit-learn (scripts/golden/gp_sklearn.py)', () => {
  for (const c of reference.cases.filter((c) => !c.fitted)) {
    it(`${c.dataset}, amplitude ${c.hyper!.amplitude}, noise ${c.hyper!.noise}: mean, std and log marginal likelihood`, () => {
      const gp = GaussianProcess.withHyperparameters(c.x, c.y, c.hyper!);
      const { mean, std } = gp.predict(c.test!);
      mean.forEach((m, i) => expect(m).toBeCloseTo(c.mean![i], 6));
      std.forEach((s, i) => expect(s).toBeCloseTo(c.std![i], 6));
      expect(gp.logMarginalLikelihood).toBeCloseTo(c.logMarginalLikelihood, 6);
    });
  }

  for (const c of reference.cases.filter((c) => c.fitted)) {
    it(`${c.dataset}: fitted hyperparameters reach scikit-learn's log marginal likelihood`, () => {
      const gp = GaussianProcess.fit(c.x, c.y, createRng(1));
      expect(gp.logMarginalLikelihood).toBeGreaterThan(c.logMarginalLikelihood - 0.05);
    });
  }
});

describe('length scales shared by groups of inputs', () => {
  it('fits one length scale per group, and the GP it returns is the one of those hyperparameters', () => {
    const rng = createRng(4);
    // Two categorical decisions one-hot encoded (3 + 2 columns); y depends on the first only.
    const x = Array.from({ length: 20 }, () => {
      const [a, b] = [rng.int(3), rng.int(2)];
      return [0, 1, 2].map((k) => (k === a ? 1 : 0)).concat([0, 1].map((k) => (k === b ? 1 : 0)));
    });
    const y = x.map((row) => row[0] - row[2] + 0.01 * rng.normal());
    const gp = GaussianProcess.fit(x, y, createRng(1), 2, [0, 0, 0, 1, 1]);
    const [l0, l1, l2, l3, l4] = gp.hyper.lengthScales;
    expect([l1, l2]).toEqual([l0, l0]);
    expect(l4).toBe(l3);
    // The decision y ignores gets the longer length scale (it matters less).
    expect(l3).toBeGreaterThan(l0);
    const again = GaussianProcess.withHyperparameters(x, y, gp.hyper);
    expect(again.logMarginalLikelihood).toBeCloseTo(gp.logMarginalLikelihood, 9);
    expect(() => GaussianProcess.fit(x, y, createRng(1), 2, [0, 1])).toThrow(
      '2 length-scale groups for 5 inputs',
    );
  });
});

describe('expected improvement', () => {
  it('equals the closed form and is never negative', () => {
    // mu = 1, sigma = 1, best = 0: 1 * Phi(1) + phi(1) = 0.841345 + 0.241971.
    expect(expectedImprovement(1, 1, 0)).toBeCloseTo(1.0833155, 6);
    expect(expectedImprovement(-5, 0, 0)).toBe(0);
    expect(expectedImprovement(-5, 1, 0)).toBeGreaterThan(0);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
  });
});
