/** Small numeric helpers with their formulas. */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/**
 * ln Gamma(x) for x > 0 by the Lanczos approximation (g = 7, 9 terms; about 15 significant
 * digits), with the reflection formula below 0.5.
 */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln of the volume of the d-ball of radius r: (d / 2) ln pi + d ln r - ln Gamma(d / 2 + 1). */
export const logBallVolume = (d: number, r: number): number =>
  (d / 2) * Math.log(Math.PI) + d * Math.log(r) - logGamma(d / 2 + 1);

/** About `count` integers from 1 to max, evenly spaced on a log scale, distinct, ascending. */
export function logGrid(max: number, count: number): number[] {
  const values = new Set<number>();
  for (let i = 0; i < count; i++)
    values.add(Math.round(Math.exp((Math.log(max) * i) / Math.max(1, count - 1))));
  return [...values].filter((v) => v >= 1 && v <= max).sort((a, b) => a - b);
}

/** Mean and population standard deviation. */
export function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= Math.max(1, values.length);
  let variance = 0;
  for (let i = 0; i < values.length; i++) variance += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(variance / Math.max(1, values.length)) };
}
