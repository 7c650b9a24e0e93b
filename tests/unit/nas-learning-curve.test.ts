import { describe, expect, it } from 'vitest';
import { extrapolate, isHopeless } from '../../src/engine/nas/learning-curve';
import { createRng } from '../../src/engine/rng';

const pow3 = (t: number) => 0.9 - 0.5 * t ** -0.7;
const exp3 = (t: number) => 0.85 - 0.6 * Math.exp(-0.3 * t);
const epochs = (n: number, f: (t: number) => number) =>
  Array.from({ length: n }, (_, i) => f(i + 1));

describe('extrapolate', () => {
  it('recovers a pow3 curve from its first epochs and predicts the final one', () => {
    for (const n of [5, 8]) {
      const result = extrapolate(epochs(n, pow3), 50);
      const model = result.models.find((m) => m.name === 'pow3')!;
      expect(model.params.c).toBeCloseTo(0.9, 3);
      expect(model.params.a).toBeCloseTo(0.5, 3);
      expect(model.params.alpha).toBeCloseTo(0.7, 3);
      // y(50) = 0.9 - 0.5 * 50^-0.7 = 0.86766...
      expect(Math.abs(result.mean - pow3(50))).toBeLessThan(1e-3);
      expect(model.weight).toBeGreaterThan(0.999);
      expect(result.std).toBeLessThan(1e-3);
    }
  });

  it('recovers an exp3 curve', () => {
    const result = extrapolate(epochs(6, exp3), 40);
    const model = result.models.find((m) => m.name === 'exp3')!;
    expect(model.params.c).toBeCloseTo(0.85, 3);
    expect(model.params.a).toBeCloseTo(0.6, 3);
    expect(model.params.b).toBeCloseTo(0.3, 3);
    expect(Math.abs(result.mean - exp3(40))).toBeLessThan(1e-3);
  });

  it('fits log-linear in closed form', () => {
    // y = 0.2 + 0.1 log t exactly: the least squares line through (log t, y).
    const result = extrapolate(
      epochs(4, (t) => 0.2 + 0.1 * Math.log(t)),
      9,
    );
    const model = result.models.find((m) => m.name === 'log-linear')!;
    expect(model.params.a).toBeCloseTo(0.2, 10);
    expect(model.params.b).toBeCloseTo(0.1, 10);
    expect(model.prediction).toBeCloseTo(0.2 + 0.1 * Math.log(9), 10);
  });

  it('covers the truth within 2 std when the curve is noisy', () => {
    for (const n of [8, 10, 20]) {
      for (let seed = 0; seed < 30; seed++) {
        const rng = createRng(seed);
        const noisy = epochs(n, (t) => pow3(t) + 0.003 * rng.normal());
        const { mean, std } = extrapolate(noisy, 50);
        expect(Math.abs(mean - pow3(50))).toBeLessThan(2 * std);
        expect(std).toBeLessThan(0.05);
      }
    }
    // From 5 epochs out to 50 the interval still covers the truth 9 times in 10 or more.
    let covered = 0;
    for (let seed = 0; seed < 50; seed++) {
      const rng = createRng(seed);
      const { mean, std } = extrapolate(
        epochs(5, (t) => pow3(t) + 0.003 * rng.normal()),
        50,
      );
      if (Math.abs(mean - pow3(50)) < 2 * std) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(45);
  });

  it('weights sum to 1 and clip predictions to [0, 1]', () => {
    const result = extrapolate([0.3, 0.5, 0.65, 0.78, 0.9], 100);
    expect(result.models.reduce((s, m) => s + m.weight, 0)).toBeCloseTo(1, 12);
    for (const m of result.models) expect(m.prediction).toBeLessThanOrEqual(1);
    expect(result.mean).toBeLessThanOrEqual(1);
  });

  it('fits only the models with a residual degree of freedom; none below 3 epochs', () => {
    expect(extrapolate([0.4, 0.5], 10)).toEqual({ mean: 0.5, std: Infinity, models: [] });
    expect(extrapolate([], 10)).toEqual({ mean: 0, std: Infinity, models: [] });
    expect(extrapolate([0.4, 0.5, 0.55], 10).models.map((m) => m.name)).toEqual(['log-linear']);
    expect(extrapolate([0.4, 0.5, 0.55, 0.58], 10).models.map((m) => m.name)).toEqual([
      'pow3',
      'exp3',
      'log-linear',
    ]);
    expect(() => extrapolate([0.4, NaN, 0.5], 10)).toThrow(/not a finite number/);
  });
});

describe('isHopeless', () => {
  it('stops a run whose optimistic prediction stays below the best', () => {
    expect(isHopeless({ mean: 0.7, std: 0.02 }, 0.75)).toBe(true);
    expect(isHopeless({ mean: 0.7, std: 0.03 }, 0.75)).toBe(false);
    expect(isHopeless({ mean: 0.7, std: 0.03 }, 0.75, 1)).toBe(true);
    expect(isHopeless({ mean: 0.5, std: Infinity }, 0.9)).toBe(false);
  });
});
