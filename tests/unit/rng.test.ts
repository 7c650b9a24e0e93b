import { describe, expect, it } from 'vitest';
import { createRng, permutation } from '../../src/engine/rng';

describe('createRng', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('draws uniform values with mean 1/2 and variance 1/12', () => {
    const rng = createRng(7);
    const n = 200_000;
    const values = Array.from({ length: n }, () => rng.next());
    const mean = values.reduce((s, v) => s + v, 0) / n;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws standard normals (mean 0, variance 1, 95.45% within 2 sd)', () => {
    const rng = createRng(9);
    const n = 200_000;
    const values = Array.from({ length: n }, () => rng.normal());
    const mean = values.reduce((s, v) => s + v, 0) / n;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    const within2 = values.filter((v) => Math.abs(v) < 2).length / n;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    expect(Math.abs(within2 - 0.9545)).toBeLessThan(0.005);
  });

  it('int(n) covers 0..n-1 evenly', () => {
    const rng = createRng(3);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });
});

describe('permutation', () => {
  it('is a permutation, seeded', () => {
    const p = permutation(100, createRng(1));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(permutation(100, createRng(1))).toEqual(p);
  });
});
