import type { Rng } from '../rng';
import type { DenseArrays } from './forward';

/** What the page draws for one layer: its weights and a sample of its calibration activations. */
export interface LayerView {
  name: string;
  inputs: number;
  units: number;
  /** The float kernel W [inputs, units], row-major. */
  weights: Float32Array;
  /** Up to MAX_SAMPLE of the layer's output activations on the calibration rows (after ReLU). */
  activations: Float32Array;
}

const MAX_SAMPLE = 20000;

/** A seeded sample (without replacement when `values` is larger) of at most `size` values. */
function sample(values: Float32Array, size: number, rng: Rng): Float32Array {
  if (values.length <= size) return values.slice();
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = values[rng.int(values.length)];
  return out;
}

/** activations: [layers + 1] arrays from the calibration pass, the input first. */
export function layerViews(
  layers: DenseArrays[],
  activations: Float32Array[],
  rng: Rng,
): LayerView[] {
  return layers.map((layer, l) => ({
    name: l === layers.length - 1 ? `dense ${l + 1} (logits)` : `dense ${l + 1}`,
    inputs: layer.inputs,
    units: layer.units,
    weights: layer.kernel.slice(),
    activations: sample(activations[l + 1], MAX_SAMPLE, rng),
  }));
}
