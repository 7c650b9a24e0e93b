import type { Rng } from '../rng';
import type { DenseArrays } from './forward';
import { kernelShape } from './weights';

/** What the page draws for one layer: its weights and a sample of its calibration activations. */
export interface LayerView {
  name: string;
  /** Rows of the kernel matrix: a dense layer's inputs, 9 C for a 3 x 3 conv over C channels. */
  inputs: number;
  /** Output units (a conv layer's filters). */
  units: number;
  /** The kernel's own shape: [inputs, units], or [3, 3, C, filters] for a conv layer. */
  shape: number[];
  /** The float kernel W [inputs, units] row-major (a conv kernel [3, 3, C, filters] is too). */
  weights: Float32Array;
  /**
   * Up to MAX_SAMPLE of the layer's output activations on the calibration rows (after ReLU; for a
   * conv layer, every position of every filter's map, before pooling).
   */
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
  const convs = layers.filter((l) => l.conv).length;
  return layers.map((layer, l) => ({
    name: layer.conv
      ? `conv ${l + 1} (3×3)`
      : l === layers.length - 1
        ? `dense ${l + 1 - convs} (logits)`
        : `dense ${l + 1 - convs}`,
    inputs: layer.inputs,
    units: layer.units,
    shape: kernelShape(layer),
    weights: layer.kernel.slice(),
    activations: sample(activations[l + 1], MAX_SAMPLE, rng),
  }));
}
