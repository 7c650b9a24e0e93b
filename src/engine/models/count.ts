import type { ModelSpec } from './build';

/**
 * Trainable parameters of a model spec, without building it (the page uses this to flag a
 * student larger than its teacher). Dense in -> out: (in + 1) * out. Conv 3x3 c_in -> c_out:
 * (9 c_in + 1) * c_out. The CNN pools twice (2x2, floor), so its flatten has
 * floor(floor(h / 2) / 2) * floor(floor(w / 2) / 2) * 2 filters values.
 */
export function parameterCount(spec: ModelSpec): number {
  let inputs: number;
  let total = 0;
  if (spec.kind === 'cnn') {
    const [h, w, c] = spec.shape;
    total += (9 * c + 1) * spec.filters + (9 * spec.filters + 1) * 2 * spec.filters;
    inputs =
      Math.floor(Math.floor(h / 2) / 2) * Math.floor(Math.floor(w / 2) / 2) * 2 * spec.filters;
  } else {
    inputs = spec.inputs;
  }
  for (const units of [...spec.hidden, spec.outputs]) {
    total += (inputs + 1) * units;
    inputs = units;
  }
  return total;
}
