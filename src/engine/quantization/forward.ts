import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** One dense layer's parameters on the backend: kernel W [inputs, units], bias b [units]. */
export interface DenseTensors {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/** The same layer as plain arrays, for quantizers, files and integer inference. */
export interface DenseArrays {
  kernel: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
  /** ReLU after the layer (every hidden layer); the last layer is linear (logits). */
  relu: boolean;
}

/**
 * Where a quantizer sits in the forward pass: `weight` sees each kernel before its product,
 * `activation` sees the network's input (index 0) and each layer's output after its ReLU
 * (index l + 1), the places TFLite keeps int8 tensors.
 */
export interface ForwardHooks {
  weight?: (kernel: tf.Tensor2D, layer: number) => tf.Tensor2D;
  activation?: (values: tf.Tensor, index: number) => tf.Tensor;
}

/**
 * The MLP's forward pass written out: a_0 = x, a_{l+1} = relu(a_l W_l + b_l) for hidden layers and
 * a_L = a_{L-1} W + b (logits) for the last, with the hooks applied where given.
 * x: [rows, inputs]. Returns the activations [a_0, ..., a_L]; the caller disposes (or tidies).
 */
export function mlpActivations(
  x: tf.Tensor,
  layers: DenseTensors[],
  hooks: ForwardHooks = {},
): tf.Tensor[] {
  const quantized = (values: tf.Tensor, index: number) =>
    hooks.activation ? hooks.activation(values, index) : values;
  const out = [quantized(x, 0)];
  layers.forEach((layer, l) => {
    const kernel = hooks.weight ? hooks.weight(layer.kernel, l) : layer.kernel;
    const linear = tf.add(tf.matMul(out[l] as tf.Tensor2D, kernel), layer.bias);
    out.push(quantized(l < layers.length - 1 ? tf.relu(linear) : linear, l + 1));
  });
  return out;
}

/** The logits of mlpActivations: [rows, outputs]. */
export const mlpForward = (x: tf.Tensor, layers: DenseTensors[], hooks?: ForwardHooks) =>
  tf.tidy(() => mlpActivations(x, layers, hooks).at(-1)!);

/** The dense layers of a model built by buildModel (an MLP), as its live variables. */
export function denseTensorsOf(model: tfl.LayersModel): DenseTensors[] {
  return model.layers
    .filter((layer) => layer.getClassName() === 'Dense')
    .map((layer) => {
      const [kernel, bias] = layer.trainableWeights.map((w) => w.read());
      return { kernel: kernel as tf.Tensor2D, bias: bias as tf.Tensor1D };
    });
}

/** Copies the layers' current values off the backend. */
export async function denseArraysOf(layers: DenseTensors[]): Promise<DenseArrays[]> {
  return Promise.all(
    layers.map(async (layer, l) => ({
      kernel: (await layer.kernel.data()) as Float32Array,
      bias: (await layer.bias.data()) as Float32Array,
      inputs: layer.kernel.shape[0],
      units: layer.kernel.shape[1],
      relu: l < layers.length - 1,
    })),
  );
}

/** Uploads plain layers (e.g. dequantized weights) as tensors; the caller disposes them. */
export const toDenseTensors = (layers: DenseArrays[]): DenseTensors[] =>
  layers.map((layer) => ({
    kernel: tf.tensor2d(layer.kernel, [layer.inputs, layer.units]),
    bias: tf.tensor1d(layer.bias),
  }));
