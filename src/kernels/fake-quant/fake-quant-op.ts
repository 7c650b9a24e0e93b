import * as tf from '@tensorflow/tfjs-core';
import { nudge, type NudgedRange } from '../../engine/quantization/fake-quant';
import { outputBuffer } from '../gpu/buffers';
import { tensorGpuData } from '../gpu/tensor-buffer';
import { runFakeQuant } from './fake-quant';

/** Fake quantization of a float32 tensor of any shape; the result has the same shape. */
export type FakeQuantOp = (
  x: tf.Tensor,
  min: number,
  max: number,
  bits: number,
  narrowRange: boolean,
) => tf.Tensor;

/**
 * The straight-through estimator, TF's FakeQuantWithMinMaxVarsGradient with respect to x:
 * dL/dx = dy * [nudgedMin <= x <= nudgedMax] (dy everywhere for min = max = 0).
 */
function straightThrough(x: tf.Tensor, dy: tf.Tensor, range: NudgedRange): tf.Tensor {
  return tf.tidy(() => {
    if (range.scale === 0) return tf.clone(dy);
    const inside = tf.logicalAnd(
      tf.greaterEqual(x, range.nudgedMin),
      tf.lessEqual(x, range.nudgedMax),
    );
    return tf.mul(dy, tf.cast(inside, 'float32'));
  });
}

/** Wraps a forward pass as a tfjs op whose gradient is the straight-through estimator. */
function withStraightThrough(range: NudgedRange, forward: (x: tf.Tensor) => tf.Tensor) {
  // customGrad's typing lists inputs and the save function as one rest parameter.
  return tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return {
      value: forward(x),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => straightThrough(saved, dy, range),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
}

/**
 * Fake quantization as a tfjs op on the WebGPU backend, the forward pass computed by our WGSL
 * kernel on tfjs's own buffers (see distill-op.ts). Only for a tfjs backend running on `device`.
 * Throws nudge()'s Error for a bad bit width or range.
 */
export function fakeQuantOnGpu(device: GPUDevice): FakeQuantOp {
  return (x, min, max, bits, narrowRange) => {
    const range = nudge(min, max, bits, narrowRange);
    if (x.dtype !== 'float32') throw new Error(`fake quantization needs float32, got ${x.dtype}`);
    return withStraightThrough(range, (input) => {
      const data = tensorGpuData(input);
      const quantized = outputBuffer(device, input.size, 'fake-quant y');
      runFakeQuant(device, { values: data.buffer!, quantized }, input.size, range);
      data.tensorRef.dispose();
      // tfjs copies the buffer into a tensor it owns, after our kernel in queue order.
      const y = tf.tensor({ buffer: quantized }, input.shape, 'float32');
      quantized.destroy();
      return y;
    })(x);
  };
}

/**
 * The same op in plain tfjs ops, for the WASM and CPU backends: each op rounds to float32, so on
 * the CPU backend it matches fakeQuant() of src/engine/quantization/fake-quant.ts exactly.
 */
export const fakeQuantTfjs: FakeQuantOp = (x, min, max, bits, narrowRange) => {
  const range = nudge(min, max, bits, narrowRange);
  const { nudgedMin, nudgedMax, scale } = range;
  return withStraightThrough(range, (input) =>
    tf.tidy(() => {
      if (scale === 0) return tf.zerosLike(input);
      const clamped = tf.clipByValue(input, nudgedMin, nudgedMax);
      const level = tf.floor(tf.add(tf.div(tf.sub(clamped, nudgedMin), scale), 0.5));
      return tf.add(tf.mul(level, scale), nudgedMin);
    }),
  )(x);
};
