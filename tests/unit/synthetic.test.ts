import { describe, expect, it } from 'vitest';
import { syntheticGenerators } from '../../src/engine/data/synthetic';
import { createRng } from '../../src/engine/rng';
import goldens from '../fixtures/goldens.json';

describe('synthetic datasets', () => {
  for (const key of ['circles', 'circles_odd', 'moons', 'moons_odd'] as const) {
    it(`${key} without noise equals scikit-learn's make_${key.split('_')[0]}`, () => {
      const reference = goldens[key];
      const name = key.split('_')[0] as 'circles' | 'moons';
      const data = syntheticGenerators[name]({ samples: reference.n, noise: 0 }, createRng(1));
      expect(Array.from(data.y)).toEqual(reference.y);
      reference.x.forEach(([a, b], i) => {
        expect(data.x[2 * i]).toBeCloseTo(a, 6);
        expect(data.x[2 * i + 1]).toBeCloseTo(b, 6);
      });
    });
  }

  for (const name of Object.keys(syntheticGenerators) as (keyof typeof syntheticGenerators)[]) {
    it(`${name}: n rows, finite, balanced classes, same seed same data`, () => {
      const a = syntheticGenerators[name]({ samples: 301, noise: 0.2 }, createRng(4));
      const b = syntheticGenerators[name]({ samples: 301, noise: 0.2 }, createRng(4));
      expect(a.rows).toBe(301);
      expect(a.x.length).toBe(301 * a.features);
      expect(a.x.every(Number.isFinite)).toBe(true);
      expect(a.x).toEqual(b.x);
      expect(a.y).toEqual(b.y);
      if (a.task === 'classification') {
        const counts = new Array(a.classes.length).fill(0);
        for (const y of a.y) counts[y]++;
        const share = Math.min(...counts) / Math.max(...counts);
        // XOR's classes come from the sampled quadrant, so they balance only on average.
        expect(share).toBeGreaterThan(name === 'xor' ? 0.75 : 0.95);
      }
    });
  }

  it('xor labels follow the sign of x1 * x2 without noise', () => {
    const data = syntheticGenerators.xor({ samples: 500, noise: 0 }, createRng(2));
    for (let i = 0; i < data.rows; i++)
      expect(data.y[i]).toBe(data.x[2 * i] * data.x[2 * i + 1] >= 0 ? 1 : 0);
  });

  it('friedman1 follows its formula without noise', () => {
    const data = syntheticGenerators.friedman1({ samples: 50, noise: 0 }, createRng(2));
    for (let i = 0; i < 50; i++) {
      const x = data.x.subarray(i * 10, i * 10 + 10);
      const expected =
        10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4];
      expect(data.y[i]).toBeCloseTo(expected, 4);
    }
  });
});
