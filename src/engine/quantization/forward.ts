import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Forward } from '../models/fit';
import { conv2dSame, maxPool2x2Op } from './conv-ops';
import { KERNEL_SIZE, type ConvGeometry } from './im2col';

/** One dense layer's parameters on the backend: kernel W [inputs, units], bias b [units]. */
export interface DenseTensors {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
}

/**
 * The same layer as plain arrays, for quantizers, files and integer inference. With `conv` set it
 * is a 3 x 3 'same' convolution, ReLU and 2 x 2 max pool of the CNN (im2col.ts): kernel
 * K [3, 3, C, units] row-major, which is the [inputs = 9 C, units] matrix of its im2col product.
 */
export interface DenseArrays {
  kernel: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
  /** ReLU after the layer (every hidden layer); the last layer is linear (logits). */
  relu: boolean;
  /** The convolution's input [H, W, C] (absent for a dense layer). */
  conv?: ConvGeometry;
}

/**
 * One layer of an MLP or of the CNN on the backend: a dense kernel W [inputs, units] or, with
 * `conv`, a convolution kernel K [3, 3, C, units]; bias b [units].
 */
export interface LayerTensors {
  kernel: tf.Tensor;
  bias: tf.Tensor1D;
  conv?: ConvGeometry;
}

/**
 * Where a quantizer sits in the forward pass: `weight` sees each kernel before its product
 * (a dense [inputs, units] or a conv [3, 3, C, units] kernel), `activation` sees the network's
 * input (index 0) and each layer's output after its ReLU (index l + 1; for a conv layer before
 * its max pool, which commutes with quantization), the places TFLite keeps int8 tensors.
 */
export interface ForwardHooks {
  weight?: (kernel: tf.Tensor, layer: number) => tf.Tensor;
  activation?: (values: tf.Tensor, index: number) => tf.Tensor;
}

/**
 * The network's forward pass written out, with the hooks applied where given: a_0 = x; a dense
 * layer a_{l+1} = relu(flatten(p_l) W_l + b_l); a conv layer
 * a_{l+1} = relu(conv2d_same(p_l, K_l) + b_l), and p_{l+1} = maxpool_2x2(a_{l+1}); elsewhere
 * p = a. The last layer has no ReLU (logits). x: [rows, inputs], or [rows, H, W, C] for a CNN
 * (a flat x is reshaped to the first conv's input). The conv and pool are conv-ops.ts's (tfjs's
 * forward passes, faster gradients). Returns [a_0, ..., a_L] (conv outputs before pooling); the
 * caller disposes (or tidies).
 */
export function networkActivations(
  x: tf.Tensor,
  layers: LayerTensors[],
  hooks: ForwardHooks = {},
): tf.Tensor[] {
  const quantized = (values: tf.Tensor, index: number) =>
    hooks.activation ? hooks.activation(values, index) : values;
  const out = [quantized(x, 0)];
  let input = out[0];
  layers.forEach((layer, l) => {
    const kernel = hooks.weight ? hooks.weight(layer.kernel, l) : layer.kernel;
    const last = l === layers.length - 1;
    if (layer.conv) {
      const { height, width, channels } = layer.conv;
      const image = input.rank === 4 ? input : tf.reshape(input, [-1, height, width, channels]);
      const linear = tf.add(conv2dSame(image as tf.Tensor4D, kernel as tf.Tensor4D), layer.bias);
      out.push(quantized(last ? linear : tf.relu(linear), l + 1));
      input = maxPool2x2Op(out[l + 1] as tf.Tensor4D);
    } else {
      const flat = input.rank === 2 ? input : tf.reshape(input, [input.shape[0], -1]);
      const linear = tf.add(tf.matMul(flat as tf.Tensor2D, kernel as tf.Tensor2D), layer.bias);
      out.push(quantized(last ? linear : tf.relu(linear), l + 1));
      input = out[l + 1];
    }
  });
  return out;
}

/** The logits of networkActivations: [rows, outputs]. */
export const networkForward = (x: tf.Tensor, layers: LayerTensors[], hooks?: ForwardHooks) =>
  tf.tidy(() => networkActivations(x, layers, hooks).at(-1)!);

/**
 * The MLP's forward pass: a_0 = x, a_{l+1} = relu(a_l W_l + b_l) for hidden layers and
 * a_L = a_{L-1} W + b (logits) for the last (networkActivations without conv layers).
 * x: [rows, inputs]. Returns the activations [a_0, ..., a_L]; the caller disposes (or tidies).
 */
export const mlpActivations = (x: tf.Tensor, layers: DenseTensors[], hooks?: ForwardHooks) =>
  networkActivations(x, layers, hooks);

/** The logits of mlpActivations: [rows, outputs]. */
export const mlpForward = (x: tf.Tensor, layers: DenseTensors[], hooks?: ForwardHooks) =>
  tf.tidy(() => mlpActivations(x, layers, hooks).at(-1)!);

/** The dense layers of a model built by buildModel (an MLP), as its live variables. */
export const denseTensorsOf = (model: tfl.LayersModel): DenseTensors[] =>
  layerTensorsOf(model).filter((layer) => !layer.conv) as DenseTensors[];

/**
 * The conv and dense layers of a model built by buildModel (an MLP or the CNN), in order, as its
 * live variables; each conv layer with its input geometry.
 */
export function layerTensorsOf(model: tfl.LayersModel): LayerTensors[] {
  return model.layers
    .filter((layer) => ['Conv2D', 'Dense'].includes(layer.getClassName()))
    .map((layer) => {
      const [kernel, bias] = layer.trainableWeights.map((w) => w.read());
      if (layer.getClassName() === 'Dense') return { kernel, bias: bias as tf.Tensor1D };
      const [, height, width, channels] = (layer.input as tfl.SymbolicTensor).shape as number[];
      return { kernel, bias: bias as tf.Tensor1D, conv: { height, width, channels } };
    });
}

/**
 * fit()'s `forward` for a model built by buildModel: for the CNN, networkForward over its
 * variables (the same values as the layers' pass, with conv-ops.ts's fast gradients); for an MLP
 * none (the layers' own pass).
 */
export function trainingForward(model: tfl.LayersModel): Forward | undefined {
  const layers = layerTensorsOf(model);
  return layers.some((l) => l.conv) ? (x) => networkForward(x, layers) : undefined;
}

/** Copies the layers' current values off the backend (conv kernels as [9 C, units]). */
export async function denseArraysOf(layers: LayerTensors[]): Promise<DenseArrays[]> {
  return Promise.all(
    layers.map(async (layer, l) => {
      const units = layer.kernel.shape.at(-1)!;
      const arrays: DenseArrays = {
        kernel: (await layer.kernel.data()) as Float32Array,
        bias: (await layer.bias.data()) as Float32Array,
        inputs: layer.kernel.size / units,
        units,
        relu: l < layers.length - 1,
      };
      if (layer.conv) arrays.conv = { ...layer.conv };
      return arrays;
    }),
  );
}

/** Uploads plain layers (e.g. dequantized weights) as tensors; the caller disposes them. */
export const toLayerTensors = (layers: DenseArrays[]): LayerTensors[] =>
  layers.map((layer) => ({
    kernel: layer.conv
      ? tf.tensor4d(layer.kernel, [KERNEL_SIZE, KERNEL_SIZE, layer.conv.channels, layer.units])
      : tf.tensor2d(layer.kernel, [layer.inputs, layer.units]),
    bias: tf.tensor1d(layer.bias),
    ...(layer.conv ? { conv: { ...layer.conv } } : {}),
  }));

/** toLayerTensors for an MLP's layers. */
export const toDenseTensors = (layers: DenseArrays[]): DenseTensors[] =>
  toLayerTensors(layers) as DenseTensors[];
