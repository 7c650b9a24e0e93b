import type { Rng } from '../rng';

/**
 * One dimension of a search space. Floats and integers have a range [min, max] (log-uniform when
 * `log`); choices list their options. `gridPoints` is how many values a grid search takes from a
 * range (log-spaced when `log`); choices always contribute every option.
 */
export type Dimension =
  | { name: string; kind: 'float'; min: number; max: number; log: boolean; gridPoints: number }
  | { name: string; kind: 'int'; min: number; max: number; log: boolean; gridPoints: number }
  | { name: string; kind: 'choice'; options: (string | number)[] };

export type SearchSpace = Dimension[];

/** A point of the space: a value per dimension name. */
export type Params = Record<string, number | string>;

/**
 * Problems that stop a search from starting, one message each: an empty space, a range with
 * min > max, a log range that is not positive, an empty choice, a grid of zero points.
 */
export function validateSpace(space: SearchSpace): string[] {
  const problems: string[] = [];
  if (space.length === 0) problems.push('the search space is empty: add at least one dimension');
  const names = new Set<string>();
  for (const d of space) {
    if (names.has(d.name)) problems.push(`${d.name} appears twice`);
    names.add(d.name);
    if (d.kind === 'choice') {
      if (d.options.length === 0) problems.push(`${d.name} has no options to choose from`);
      continue;
    }
    if (!Number.isFinite(d.min) || !Number.isFinite(d.max))
      problems.push(`${d.name} needs a finite minimum and maximum`);
    else if (d.min > d.max) problems.push(`${d.name}: minimum ${d.min} is above maximum ${d.max}`);
    else if (d.log && d.min <= 0)
      problems.push(`${d.name}: a log-scale range must be above 0 (minimum is ${d.min})`);
    if (d.kind === 'int' && Math.ceil(d.min) > Math.floor(d.max))
      problems.push(`${d.name}: no integer lies in [${d.min}, ${d.max}]`);
    if (!(d.gridPoints >= 1)) problems.push(`${d.name}: a grid needs at least 1 point`);
  }
  return problems;
}

/**
 * Maps a unit coordinate u in [0, 1] to the dimension's value: min + u (max - min), on the log
 * scale when `log`; integers are rounded (each integer gets an equal share of [0, 1]).
 */
export function decodeUnit(d: Exclude<Dimension, { kind: 'choice' }>, u: number): number {
  if (d.kind === 'int') {
    const lo = Math.ceil(d.min);
    const hi = Math.floor(d.max);
    // Log integers: log-uniform on [lo - 1/2, hi + 1/2] (lo >= 1, so the bounds stay positive).
    if (d.log) {
      const v = Math.exp(Math.log(lo - 0.5) + u * (Math.log(hi + 0.5) - Math.log(lo - 0.5)));
      return Math.min(hi, Math.max(lo, Math.round(v)));
    }
    return Math.min(hi, lo + Math.floor(u * (hi - lo + 1)));
  }
  if (d.log) return Math.exp(Math.log(d.min) + u * (Math.log(d.max) - Math.log(d.min)));
  return d.min + u * (d.max - d.min);
}

/** The inverse of decodeUnit (an integer maps to the middle of its share). */
function toUnit(d: Exclude<Dimension, { kind: 'choice' }>, v: number): number {
  if (d.max === d.min) return 0.5;
  if (d.kind === 'int') {
    const lo = Math.ceil(d.min);
    const hi = Math.floor(d.max);
    if (d.log)
      return (Math.log(v) - Math.log(lo - 0.5)) / (Math.log(hi + 0.5) - Math.log(lo - 0.5));
    return (v - lo + 0.5) / (hi - lo + 1);
  }
  if (d.log) return (Math.log(v) - Math.log(d.min)) / (Math.log(d.max) - Math.log(d.min));
  return (v - d.min) / (d.max - d.min);
}

/** A uniform sample of the space (log-uniform on log dimensions). */
export function sampleParams(space: SearchSpace, rng: Rng): Params {
  const params: Params = {};
  for (const d of space) {
    params[d.name] =
      d.kind === 'choice' ? d.options[rng.int(d.options.length)] : decodeUnit(d, rng.next());
  }
  return params;
}

/** The values a grid search takes on one dimension. */
export function gridValues(d: Dimension): (number | string)[] {
  if (d.kind === 'choice') return [...d.options];
  const count = Math.max(1, Math.floor(d.gridPoints));
  const values = Array.from({ length: count }, (_, i) => {
    const t = count === 1 ? 0.5 : i / (count - 1);
    const v = d.log
      ? Math.exp(Math.log(d.min) + t * (Math.log(d.max) - Math.log(d.min)))
      : d.min + t * (d.max - d.min);
    return d.kind === 'int' ? Math.round(v) : v;
  });
  return [...new Set(values)];
}

/** Every point of the grid (the Cartesian product of gridValues), first dimension slowest. */
export function gridPoints(space: SearchSpace): Params[] {
  let points: Params[] = [{}];
  for (const d of space) {
    const values = gridValues(d);
    points = points.flatMap((p) => values.map((v) => ({ ...p, [d.name]: v })));
  }
  return points;
}

/** How many points the grid has, without building it. */
export const gridSize = (space: SearchSpace): number =>
  space.reduce((n, d) => n * gridValues(d).length, 1);

/**
 * Encodes a point for the Gaussian process: each range as its unit coordinate (log scale on log
 * dimensions), each choice as one-hot [options] entries. Length: encodedLength(space).
 */
export function encodeParams(space: SearchSpace, params: Params): number[] {
  const out: number[] = [];
  for (const d of space) {
    if (d.kind === 'choice')
      for (const option of d.options) out.push(params[d.name] === option ? 1 : 0);
    else out.push(toUnit(d, Number(params[d.name])));
  }
  return out;
}

export const encodedLength = (space: SearchSpace): number =>
  space.reduce((n, d) => n + (d.kind === 'choice' ? d.options.length : 1), 0);

/** Per encoded input, the index of its dimension (a choice's one-hot columns share one). */
export const encodedGroups = (space: SearchSpace): number[] =>
  space.flatMap((d, i) => (d.kind === 'choice' ? d.options.map(() => i) : [i]));

/** Formats a value for tables: 4 significant digits for floats. */
export const formatValue = (v: number | string): string =>
  typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)).toString() : String(v);
