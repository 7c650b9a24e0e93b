import { describe, expect, it } from 'vitest';
import {
  concentrationStats,
  samplePoints,
  sampleWithNoise,
  theorySquaredCv,
} from '../../src/engine/dimensionality/concentration';
import { emptySpaceRow } from '../../src/engine/dimensionality/empty-space';
import { hughesCurve } from '../../src/engine/dimensionality/hughes';
import { runDimensionality } from '../../src/engine/dimensionality/run';
import { createRng } from '../../src/engine/rng';
import { squaredDistancesCpu } from '../../src/kernels/distances/distances-cpu';
import { diskLoader } from './node-data-source';

const stats = (distribution: 'uniform' | 'gaussian', d: number, n = 400, seed = 1) => {
  const x = samplePoints(distribution, n, d, createRng(seed));
  return concentrationStats(squaredDistancesCpu(x, x, n, n, d), n, d);
};

describe('distance concentration', () => {
  for (const distribution of ['uniform', 'gaussian'] as const) {
    it(`${distribution}: the CV of squared distances is within 10% of the theory for d >= 10`, () => {
      for (const d of [10, 30, 100, 300, 1000]) {
        const measured = stats(distribution, d).squaredDistanceCv;
        const theory = theorySquaredCv(distribution, d)!;
        expect(Math.abs(measured - theory) / theory).toBeLessThan(0.1);
      }
    });
  }

  it('the theory is sqrt(1.4 / d) for the cube and sqrt(2 / d) for the Gaussian', () => {
    expect(theorySquaredCv('uniform', 100)).toBeCloseTo(Math.sqrt(0.014), 12);
    expect(theorySquaredCv('gaussian', 50)).toBeCloseTo(0.2, 12);
    expect(theorySquaredCv('digits', 50)).toBeNull();
  });

  it('relative contrast shrinks as d grows', () => {
    const contrasts = [2, 10, 100, 1000].map((d) => stats('uniform', d).relativeContrast);
    for (let i = 1; i < contrasts.length; i++) expect(contrasts[i]).toBeLessThan(contrasts[i - 1]);
    expect(contrasts[3]).toBeLessThan(0.2);
  });

  it('hand-computed statistics of three points', () => {
    // Points 0, 3 and 4 on a line: distances 3, 4, 1.
    const x = Float32Array.from([0, 3, 4]);
    const row = concentrationStats(squaredDistancesCpu(x, x, 3, 3, 1), 3, 1);
    expect(row.meanDistance).toBeCloseTo(8 / 3, 12);
    expect(row.meanNearest).toBeCloseTo((3 + 1 + 1) / 3, 12);
    expect(row.relativeContrast).toBeCloseTo(((4 - 3) / 3 + (3 - 1) / 1 + (4 - 1) / 1) / 3, 12);
  });

  it('real data keeps d columns, or adds noise columns beyond its own', () => {
    const data = Float32Array.from({ length: 5 * 3 }, (_, i) => 100 + i);
    const narrow = sampleWithNoise(data, 5, 3, 4, 2, createRng(1));
    expect(Array.from(narrow).every((v) => v >= 100)).toBe(true);
    const wide = sampleWithNoise(data, 5, 3, 4, 6, createRng(1));
    for (let i = 0; i < 4; i++) {
      expect(Array.from(wide.subarray(i * 6, i * 6 + 3)).every((v) => v >= 100)).toBe(true);
      expect(Array.from(wide.subarray(i * 6 + 3, i * 6 + 6)).every((v) => Math.abs(v) < 10)).toBe(
        true,
      );
    }
  });
});

describe('empty space', () => {
  it('ball and shell shares match their formulas, and Monte Carlo agrees', () => {
    const rng = createRng(3);
    const d2 = emptySpaceRow(2, 40000, rng);
    expect(d2.ballShare).toBeCloseTo(Math.PI / 4, 12);
    expect(Math.abs(d2.ballShareSampled - Math.PI / 4)).toBeLessThan(0.01);
    expect(d2.shellShare).toBeCloseTo(1 - 0.9 ** 2, 12);
    const d10 = emptySpaceRow(10, 40000, rng);
    expect(d10.ballShare).toBeCloseTo(Math.PI ** 5 / 120 / 1024, 12);
    expect(Math.abs(d10.shellShareSampled - d10.shellShare)).toBeLessThan(0.01);
    expect(emptySpaceRow(1000, 10, rng).ballShareLog10).toBeLessThan(-300);
  });
});

describe('Hughes effect on Trunk’s problem', () => {
  const options = {
    trainPerClass: 10,
    maxFeatures: 200,
    informative: 30,
    redundant: 20,
    neighbours: 5,
    repeats: 6,
    testPerClass: 300,
    grid: [1, 2, 5, 10, 20, 30, 50, 100, 150, 200],
  };
  const rows = hughesCurve(options, createRng(7));

  it('estimated means peak, then lose accuracy as features are added', () => {
    const accuracies = rows.map((r) => r.nearestMean);
    const peak = accuracies.indexOf(Math.max(...accuracies));
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(rows.length - 1);
    expect(accuracies.at(-1)!).toBeLessThan(accuracies[peak] - 0.02);
    const knn = rows.map((r) => r.knn);
    expect(knn.at(-1)!).toBeLessThan(Math.max(...knn) - 0.03);
  });

  it('with the true means, noise features cost nothing; more training data loses less', () => {
    // Features beyond informative + redundant (50) are noise: zero mean in both classes, so they
    // add the same amount to both distances and change no decision.
    const noiseRange = rows.filter((r) => r.features >= 50).map((r) => r.trueMeans);
    for (const accuracy of noiseRange) expect(accuracy).toBeCloseTo(noiseRange[0], 3);
    const estimated = rows.filter((r) => r.features >= 50).map((r) => r.nearestMean);
    expect(estimated.at(-1)!).toBeLessThan(estimated[0] - 0.01);
    const last = rows.at(-1)!;
    expect(last.nearestMeanMoreData).toBeGreaterThan(last.nearestMean);
  });
});

describe('runDimensionality', () => {
  it('runs every section on the CPU twin with progress, for real data too', async () => {
    const kinds = new Set<string>();
    const result = await runDimensionality(
      {
        distribution: 'digits',
        points: 60,
        maxDimension: 200,
        maxFeatures: 40,
        informative: 10,
        redundant: 5,
        repeats: 2,
      },
      { data: diskLoader(), onProgress: (e) => void kinds.add(e.type) },
    );
    expect(result.distances).toBe('cpu');
    expect([...kinds].sort()).toEqual(['concentration', 'empty-space', 'hughes']);
    expect(result.concentration.at(-1)!.d).toBe(200);
    expect(result.concentration.every((r) => r.theory === null)).toBe(true);
    expect(result.hughes.at(-1)!.features).toBe(40);
  });
});
