import {
  dequantizePerChannel,
  perChannelSymmetric,
  quantizePerChannel,
  symmetricParams,
  type QuantParams,
} from './affine';
import { toFloat16Bits, roundToFloat16 } from './float16';
import type { DenseArrays } from './forward';
import { KERNEL_SIZE, type ConvGeometry } from './im2col';
import type { QuantizedMlp } from './integer-mlp';
import { writeModelFile, type ModelTensor } from './model-file';

/**
 * Symmetric parameters of a kernel W [inputs, units]: one per unit (per channel), or the
 * per-tensor parameters symmetricParams(max |W|) repeated for every unit, so both granularities
 * go through the same per-channel code.
 */
export function kernelParams(
  kernel: Float32Array,
  inputs: number,
  units: number,
  bits: number,
  perChannel: boolean,
): QuantParams[] {
  if (perChannel) return perChannelSymmetric(kernel, inputs, units, bits);
  let maxAbs = 0;
  for (let i = 0; i < kernel.length; i++) maxAbs = Math.max(maxAbs, Math.abs(kernel[i]));
  return Array.from({ length: units }, () => symmetricParams(maxAbs, bits));
}

/** A layer as the files see it: a kernel [inputs, units], or a conv kernel [3, 3, C, units]. */
interface Shaped {
  inputs: number;
  units: number;
  conv?: ConvGeometry;
}

/** The kernel's shape in the file: [inputs, units], or [3, 3, C, units] for a conv layer. */
export const kernelShape = ({ inputs, units, conv }: Shaped): number[] =>
  conv ? [KERNEL_SIZE, KERNEL_SIZE, conv.channels, units] : [inputs, units];

/** Tensor names in the files: conv_0, conv_1, ... then dense_0, dense_1, ... */
export function layerNames(layers: readonly Shaped[]): string[] {
  let convs = 0;
  let denses = 0;
  return layers.map((l) => (l.conv ? `conv_${convs++}` : `dense_${denses++}`));
}

/** Layers whose kernels are quantized to `bits` and dequantized back (dynamic range: biases stay float). */
export function dequantizedKernels(
  layers: DenseArrays[],
  bits: number,
  perChannel: boolean,
): DenseArrays[] {
  return layers.map((layer) => {
    const params = kernelParams(layer.kernel, layer.inputs, layer.units, bits, perChannel);
    return {
      ...layer,
      kernel: dequantizePerChannel(quantizePerChannel(layer.kernel, params), params),
    };
  });
}

/** Layers with every weight rounded to the nearest binary16 value. */
export const float16Layers = (layers: DenseArrays[]): DenseArrays[] =>
  layers.map((layer) => ({
    ...layer,
    kernel: roundToFloat16(layer.kernel),
    bias: roundToFloat16(layer.bias),
  }));

/** The model file of float layers stored as float32 or float16. */
export function floatModelFile(layers: DenseArrays[], dtype: 'float32' | 'float16'): Uint8Array {
  const names = layerNames(layers);
  const tensors: ModelTensor[] = layers.flatMap((layer, l) =>
    (['kernel', 'bias'] as const).map((part) => ({
      name: `${names[l]}/${part}`,
      shape: part === 'kernel' ? kernelShape(layer) : [layer.units],
      dtype,
      data: dtype === 'float32' ? layer[part] : toFloat16Bits(layer[part]),
    })),
  );
  return writeModelFile(tensors);
}

/**
 * The dynamic-range model file: kernels as `bits`-bit integers with their scales (along the last
 * axis = per unit or filter), biases float32, as TFLite stores a dynamic-range model.
 */
export function dynamicModelFile(layers: DenseArrays[], bits: number, perChannel: boolean) {
  const names = layerNames(layers);
  const tensors: ModelTensor[] = layers.flatMap((layer, l) => {
    const params = kernelParams(layer.kernel, layer.inputs, layer.units, bits, perChannel);
    const shape = kernelShape(layer);
    return [
      {
        name: `${names[l]}/kernel`,
        shape,
        dtype: `int${bits}` as const,
        data: Int8Array.from(quantizePerChannel(layer.kernel, params)),
        quantization: {
          scale: params.map((p) => p.scale),
          zeroPoint: params.map(() => 0),
          axis: shape.length - 1,
        },
      },
      {
        name: `${names[l]}/bias`,
        shape: [layer.units],
        dtype: 'float32' as const,
        data: layer.bias,
      },
    ];
  });
  return writeModelFile(tensors);
}

/** The full-integer model file: input parameters, int-b kernels, int32 biases, output parameters. */
export function integerModelFile(model: QuantizedMlp): Uint8Array {
  const names = layerNames(model.layers);
  const tensors: ModelTensor[] = model.layers.flatMap((layer, l) => [
    {
      name: `${names[l]}/kernel`,
      shape: kernelShape(layer),
      dtype: `int${model.weightBits}` as const,
      data: layer.kernel,
      quantization: {
        scale: layer.kernelParams.map((p) => p.scale),
        zeroPoint: layer.kernelParams.map(() => 0),
        axis: kernelShape(layer).length - 1,
      },
    },
    {
      name: `${names[l]}/bias`,
      shape: [layer.units],
      dtype: 'int32' as const,
      data: layer.bias,
      quantization: {
        scale: layer.kernelParams.map(
          (p) => p.scale * (l === 0 ? model.input : model.layers[l - 1].output).scale,
        ),
        zeroPoint: layer.kernelParams.map(() => 0),
        axis: 0,
      },
    },
    {
      name: `${names[l]}/output`,
      shape: [0],
      dtype: 'int32' as const,
      data: new Int32Array(0),
      quantization: { scale: [layer.output.scale], zeroPoint: [layer.output.zeroPoint] },
    },
  ]);
  tensors.unshift({
    name: 'input',
    shape: [0],
    dtype: 'int32',
    data: new Int32Array(0),
    quantization: { scale: [model.input.scale], zeroPoint: [model.input.zeroPoint] },
  });
  return writeModelFile(tensors);
}
