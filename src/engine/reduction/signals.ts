import type { Rng } from '../rng';
import { dense, type Dense } from './dense';

/**
 * The cocktail-party demo: three source signals a listener could tell apart, sampled at `rate`
 * Hz: a 440 Hz sine, a 3 Hz square wave (a slow "beat") scaled by 0.8, and a 197 Hz sawtooth
 * scaled by 0.6 (not a harmonic of 440 Hz: a 220 Hz sawtooth contains 440 Hz and the sources would
 * not be independent), plus a little Gaussian noise. They are mixed by a fixed 3 x 3 matrix into three
 * "microphones": mixed = sources @ A^T.
 */
export const MIXING = [
  [1, 1, 1],
  [0.5, 2, 1],
  [1.5, 1, 2],
];

export function cocktailParty(
  seconds: number,
  rate: number,
  rng: Rng,
): { sources: Dense; mixed: Dense } {
  const n = Math.round(seconds * rate);
  const sources = dense(n, 3);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    sources.data[i * 3] = Math.sin(2 * Math.PI * 440 * t) + 0.02 * rng.normal();
    sources.data[i * 3 + 1] = 0.8 * Math.sign(Math.sin(2 * Math.PI * 3 * t)) + 0.02 * rng.normal();
    sources.data[i * 3 + 2] = 0.6 * (2 * ((197 * t) % 1) - 1) + 0.02 * rng.normal();
  }
  const mixed = dense(n, 3);
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < 3; m++) {
      let v = 0;
      for (let s = 0; s < 3; s++) v += MIXING[m][s] * sources.data[i * 3 + s];
      mixed.data[i * 3 + m] = v;
    }
  }
  return { sources, mixed };
}

/** |Pearson correlation| between column a of x and column b of y. */
export function absoluteCorrelation(x: Dense, a: number, y: Dense, b: number): number {
  const n = x.rows;
  let [mx, my] = [0, 0];
  for (let i = 0; i < n; i++) {
    mx += x.data[i * x.cols + a] / n;
    my += y.data[i * y.cols + b] / n;
  }
  let [sxy, sxx, syy] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const dx = x.data[i * x.cols + a] - mx;
    const dy = y.data[i * y.cols + b] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return Math.abs(sxy / Math.sqrt(sxx * syy));
}
