/**
 * Integer-only inference of the CNN, as TFLite runs an int8 conv net: each 3 x 3 convolution is
 * its im2col rows times the kernel read as [9 C, units] (im2col.ts), through the same int8
 * product and the same per-channel requantization as a dense layer (integer-mlp.ts):
 *
 *   P = im2col(q_in) with taps outside the image = zp_in (real 0: 'same' padding)
 *   acc[(r, i, j), o] = (P q_K)[(r, i, j), o] - zp_in colSum_o(q_K) + q_bias[o]           (int32)
 *   q_out = clamp(MultiplyByQuantizedMultiplier(acc, M_o) + zp_out, zp_out, qmax)   (fused ReLU)
 *
 * then a 2 x 2 max pool of the codes (exact, with the same scale and zero point), the flatten
 * (NHWC order, as tfjs's Flatten) and the dense layers as before. Rows run in batches, so the
 * im2col rows [batch H W, 9 C] and products stay bounded whatever the number of rows.
 */
import { dequantize, quantize } from './affine';
import { im2col, maxPool2x2 } from './im2col';
import { int8Matmul } from './int8-matmul';
import {
  requantizeLayer,
  runQuantizedMlp,
  type Int8Matmul,
  type QuantizedMlp,
} from './integer-mlp';

/**
 * Rows per batch of integer CNN inference: the first conv's im2col product then has
 * 256 * 28 * 28 = 200,704 rows (C: 200,704 x filters int32, ~26 MB at 32 filters).
 */
export const INTEGER_BATCH_ROWS = 256;

/**
 * The int8 codes of one batch x [rows, inputs] (float) through every layer: quantize the input,
 * then per layer the int8 product through `matmul` (a conv layer on its im2col rows) and
 * requantizeLayer, and for a conv layer the max pool. Returns the last layer's codes [rows, units].
 */
async function batchCodes(
  model: QuantizedMlp,
  x: Float32Array,
  rows: number,
  matmul: Int8Matmul,
): Promise<Int8Array> {
  let codes: Int8Array = Int8Array.from(quantize(x, model.input));
  let zeroPoint = model.input.zeroPoint;
  for (const layer of model.layers) {
    const { conv } = layer;
    const positions = conv ? rows * conv.height * conv.width : rows;
    const operand = conv ? im2col(codes, rows, conv, zeroPoint) : codes;
    const product = await matmul(operand, layer.kernel, positions, layer.inputs, layer.units);
    codes = requantizeLayer(layer, product, zeroPoint);
    if (conv) codes = maxPool2x2(codes, rows, { ...conv, channels: layer.units });
    zeroPoint = layer.output.zeroPoint;
  }
  return codes;
}

/**
 * Integer-only forward pass of x: [rows, inputs] (float; the CNN's input image flattened, NHWC)
 * through an MLP or the CNN. An MLP runs as runQuantizedMlp (all rows in one product per layer);
 * a CNN in batches of `batchRows` rows (one product per layer per batch). Returns the last
 * layer's codes [rows, units] and their dequantized values as logits.
 */
export async function runQuantizedNetwork(
  model: QuantizedMlp,
  x: Float32Array,
  rows: number,
  matmul: Int8Matmul = int8Matmul,
  batchRows = INTEGER_BATCH_ROWS,
): Promise<{ logits: Float32Array; codes: Int8Array }> {
  const first = model.layers[0];
  if (!first.conv) return runQuantizedMlp(model, x, rows, matmul);
  const inputs = first.conv.height * first.conv.width * first.conv.channels;
  if (x.length !== rows * inputs)
    throw new Error(`Expected ${rows}x${inputs} inputs, got ${x.length} values.`);
  const last = model.layers[model.layers.length - 1];
  const codes = new Int8Array(rows * last.units);
  for (let start = 0; start < rows; start += batchRows) {
    const count = Math.min(batchRows, rows - start);
    const batch = x.subarray(start * inputs, (start + count) * inputs);
    codes.set(await batchCodes(model, batch, count, matmul), start * last.units);
  }
  return { logits: dequantize(codes, last.output), codes };
}
