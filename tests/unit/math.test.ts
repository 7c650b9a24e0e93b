import { describe, expect, it } from 'vitest';
import { logBallVolume, logGamma, logGrid, meanStd } from '../../src/engine/math';

describe('math helpers against known values', () => {
  it('logGamma: Gamma(n) = (n - 1)!, Gamma(1/2) = sqrt(pi), Gamma(1/3) = 2.678938534707748', () => {
    expect(Math.exp(logGamma(5))).toBeCloseTo(24, 10);
    expect(Math.exp(logGamma(11))).toBeCloseTo(3628800, 4);
    expect(Math.exp(logGamma(0.5))).toBeCloseTo(Math.sqrt(Math.PI), 12);
    expect(Math.exp(logGamma(1 / 3))).toBeCloseTo(2.678938534707748, 12);
    // Python's math.lgamma(171) and math.lgamma(1001).
    expect(logGamma(171)).toBeCloseTo(706.5730622457874, 8);
    expect(logGamma(1001)).toBeCloseTo(5912.128178488163, 7);
  });

  it('ball volumes: 2 r (d = 1), pi r^2, 4/3 pi r^3, pi^2 / 2 r^4', () => {
    expect(Math.exp(logBallVolume(1, 0.5))).toBeCloseTo(1, 12);
    expect(Math.exp(logBallVolume(2, 0.5))).toBeCloseTo(Math.PI / 4, 12);
    expect(Math.exp(logBallVolume(3, 1))).toBeCloseTo((4 / 3) * Math.PI, 12);
    expect(Math.exp(logBallVolume(4, 2))).toBeCloseTo((Math.PI ** 2 / 2) * 16, 10);
  });

  it('logGrid covers 1..max in ascending distinct steps', () => {
    const grid = logGrid(1000, 20);
    expect(grid[0]).toBe(1);
    expect(grid.at(-1)).toBe(1000);
    expect(new Set(grid).size).toBe(grid.length);
  });

  it('meanStd uses the population standard deviation', () => {
    expect(meanStd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2 });
  });
});
