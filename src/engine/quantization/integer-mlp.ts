/**
 * Integer-only inference of a stack of dense layers, as TFLite's int8 FULLY_CONNECTED runs it
 * (reference_integer_ops/fully_connected.h with per-channel weights):
 *
 *   acc[r, c] = sum_k (q_in[r, k] - zp_in) q_w[k, c] + q_bias[c]
 *             = (q_in q_w)[r, c] - zp_in colSum_c(q_w) + q_bias[c]          (int32)
 *   q_out[r, c] = clamp(MultiplyByQuantizedMultiplier(acc, M_c) + zp_out, lo, qmax)
 *
 * with weights symmetric per channel (or per tensor; zero point 0),
 * q_bias[c] = round(bias[c] / (s_in s_w[c])), M_c = s_in s_w[c] / s_out as a Q0.31 multiplier
 * and shift, and lo = zp_out for a fused ReLU (real 0) else qmin. Each layer's output codes are
 * the next layer's input codes.
 */
import {
  asymmetricParams,
  assertBits,
  dequantize,
  perChannelSymmetric,
  quantize,
  quantizePerChannel,
  roundHalfAwayFromZero,
  symmetricParams,
} from './affine';
import type { QuantParams } from './affine';
import type { ActivationRange } from './calibration';
import { KERNEL_SIZE, pooledSize, type ConvGeometry } from './im2col';
import { int8Matmul } from './int8-matmul';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from './requantize';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * A float dense layer: y = x kernel + bias, then ReLU if relu. kernel: [inputs, units]. With
 * `conv`, a 3 x 3 'same' convolution (then ReLU and a 2 x 2 max pool) of an input conv
 * [H, W, C], as the product of its im2col rows [.., 9 C] by kernel [9 C, units] (im2col.ts).
 */
export interface FloatDenseLayer {
  kernel: Float32Array;
  bias: Float32Array;
  relu: boolean;
  conv?: ConvGeometry;
}

/** One quantized dense layer with everything the integer kernel needs precomputed. */
export interface QuantizedDenseLayer {
  inputs: number;
  units: number;
  /** q_w: [inputs, units] row-major, per-channel symmetric codes. */
  kernel: Int8Array;
  /** One symmetric parameter set per unit (column). */
  kernelParams: QuantParams[];
  /** q_bias: [units], scale s_in * s_w[c], zero point 0. */
  bias: Int32Array;
  /** colSum_c(q_w) = sum_k q_w[k, c]: [units], for the input zero-point correction. */
  columnSums: Int32Array;
  /** Q0.31 significands and shifts of M_c = s_in s_w[c] / s_out: [units] each. */
  multipliers: Int32Array;
  shifts: Int32Array;
  /** Parameters of this layer's output codes (the next layer's input). */
  output: QuantParams;
  relu: boolean;
  /** The clamp of the output codes: [zp_out or qmin, qmax]. */
  activationMin: number;
  activationMax: number;
  /** A conv layer's input geometry (integer-network.ts runs it as im2col times kernel). */
  conv?: ConvGeometry;
}

/** A dense stack (or the CNN: conv layers first) ready for integer-only inference. */
export interface QuantizedMlp {
  input: QuantParams;
  layers: QuantizedDenseLayer[];
  weightBits: number;
  activationBits: number;
}

/** C = A B for int8 A: [m, k] and B: [k, n], int32 C: [m, n]; the CPU default is int8Matmul. */
export type Int8Matmul = (
  a: Int8Array,
  b: Int8Array,
  m: number,
  k: number,
  n: number,
) => Int32Array | Promise<Int32Array>;

function maxAbsOf(values: Float32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

/** One per-tensor parameter set repeated for each of `units` channels. */
const perTensor = (params: QuantParams, units: number): QuantParams[] =>
  Array.from({ length: units }, () => ({ ...params }));

function clampInt32(x: number): number {
  return x < INT32_MIN ? INT32_MIN : x > INT32_MAX ? INT32_MAX : x;
}

/**
 * Quantizes a float dense stack (or the CNN's conv and dense layers) post-training.
 * ranges: [layers + 1] calibrated activation ranges, ranges[0] of the input and ranges[l + 1] of
 * layer l's output (after its ReLU; a conv layer's before its max pool, which keeps them).
 * weightBits and activationBits: 2..8 (codes are stored in Int8Array). Weights are symmetric per
 * output channel, or with perChannel = false per tensor (one scale, max |W| / (2^(b-1) - 1),
 * repeated for every unit so both run through the same kernel).
 */
export function quantizeMlp(
  layers: FloatDenseLayer[],
  ranges: ActivationRange[],
  {
    weightBits = 8,
    activationBits = 8,
    perChannel = true,
  }: { weightBits?: number; activationBits?: number; perChannel?: boolean } = {},
): QuantizedMlp {
  assertBits(weightBits, 2, 8);
  assertBits(activationBits, 2, 8);
  if (layers.length === 0) throw new Error('The model has no layers.');
  if (ranges.length !== layers.length + 1)
    throw new Error(`Expected ${layers.length + 1} activation ranges, got ${ranges.length}.`);
  const input = asymmetricParams(ranges[0].min, ranges[0].max, activationBits);
  let inParams = input;
  let expectedInputs = -1;
  const quantized = layers.map((layer, l): QuantizedDenseLayer => {
    const units = layer.bias.length;
    const inputs = layer.kernel.length / units;
    const { conv } = layer;
    // What reaches the layer per row: a dense layer's inputs, a conv layer's whole image.
    const arriving = conv ? conv.height * conv.width * conv.channels : inputs;
    if (
      !Number.isInteger(inputs) ||
      (conv && inputs !== KERNEL_SIZE * KERNEL_SIZE * conv.channels) ||
      (expectedInputs >= 0 && arriving !== expectedInputs)
    )
      throw new Error(`Layer ${l}: a ${layer.kernel.length}-value kernel does not fit.`);
    expectedInputs = conv ? pooledSize(conv, units) : units;
    const kernelParams = perChannel
      ? perChannelSymmetric(layer.kernel, inputs, units, weightBits)
      : perTensor(symmetricParams(maxAbsOf(layer.kernel), weightBits), units);
    const kernel = Int8Array.from(quantizePerChannel(layer.kernel, kernelParams));
    const columnSums = new Int32Array(units);
    for (let i = 0; i < kernel.length; i++) columnSums[i % units] += kernel[i];
    const output = asymmetricParams(ranges[l + 1].min, ranges[l + 1].max, activationBits);
    const bias = new Int32Array(units);
    const multipliers = new Int32Array(units);
    const shifts = new Int32Array(units);
    for (let c = 0; c < units; c++) {
      const biasScale = inParams.scale * kernelParams[c].scale;
      const b = layer.bias[c] / biasScale;
      bias[c] = clampInt32(roundHalfAwayFromZero(b));
      const m = quantizeMultiplier(biasScale / output.scale);
      multipliers[c] = m.multiplier;
      shifts[c] = m.shift;
    }
    inParams = output;
    return {
      inputs,
      units,
      kernel,
      kernelParams,
      bias,
      columnSums,
      multipliers,
      shifts,
      output,
      relu: layer.relu,
      activationMin: layer.relu ? Math.max(output.qmin, output.zeroPoint) : output.qmin,
      activationMax: output.qmax,
      ...(conv ? { conv: { ...conv } } : {}),
    };
  });
  return { input, layers: quantized, weightBits, activationBits };
}

/**
 * One layer's integer epilogue: acc = matmul[r, c] - zp_in colSum[c] + q_bias[c] (saturated to
 * int32; it cannot overflow for inputs < 2^15), requantized, shifted by zp_out and clamped.
 * product: [rows, units] = q_in q_w. Returns the output codes [rows, units].
 */
export function requantizeLayer(
  layer: QuantizedDenseLayer,
  product: Int32Array,
  inputZeroPoint: number,
): Int8Array {
  const { units, bias, columnSums, multipliers, shifts, activationMin, activationMax } = layer;
  const out = new Int8Array(product.length);
  for (let i = 0; i < product.length; i++) {
    const c = i % units;
    const acc = clampInt32(product[i] - inputZeroPoint * columnSums[c] + bias[c]);
    const q =
      multiplyByQuantizedMultiplier(acc, multipliers[c], shifts[c]) + layer.output.zeroPoint;
    out[i] = q < activationMin ? activationMin : q > activationMax ? activationMax : q;
  }
  return out;
}

/**
 * Integer-only forward pass of x: [rows, inputs] (float): quantize the input, then per layer the
 * int8 product (through `matmul`, by default the exact CPU int8Matmul) and requantizeLayer.
 * Returns the last layer's codes [rows, units] and their dequantized values as logits.
 */
export async function runQuantizedMlp(
  model: QuantizedMlp,
  x: Float32Array,
  rows: number,
  matmul: Int8Matmul = int8Matmul,
): Promise<{ logits: Float32Array; codes: Int8Array }> {
  const first = model.layers[0];
  if (model.layers.some((layer) => layer.conv))
    throw new Error('runQuantizedMlp runs dense layers only: use runQuantizedNetwork for a CNN.');
  if (x.length !== rows * first.inputs)
    throw new Error(`Expected ${rows}x${first.inputs} inputs, got ${x.length} values.`);
  let codes: Int8Array = Int8Array.from(quantize(x, model.input));
  let zeroPoint = model.input.zeroPoint;
  for (const layer of model.layers) {
    const product = await matmul(codes, layer.kernel, rows, layer.inputs, layer.units);
    codes = requantizeLayer(layer, product, zeroPoint);
    zeroPoint = layer.output.zeroPoint;
  }
  const last = model.layers[model.layers.length - 1];
  return { logits: dequantize(codes, last.output), codes };
}
