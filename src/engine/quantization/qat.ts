import * as tf from '@tensorflow/tfjs-core';
import type { ActivationRange } from './calibration';
import type { ForwardHooks } from './forward';
import type { FakeQuantOp } from '../../kernels/fake-quant/fake-quant-op';

/**
 * Symmetric fake quantization of a kernel at `bits` bits, as TF Model Optimization's
 * LastValueQuantizer (symmetric, narrow range): with L = 2^(bits-1) - 1 and s = max|W| / L over
 * each output channel (per channel: the last axis, the units of a dense W [inputs, units] or the
 * filters of a conv K [3, 3, C, filters]) or over all of W (per tensor),
 * W_q = s * clamp(floor(W / s + 1/2), -L, L). The range always holds every weight, so the
 * straight-through estimator passes the whole gradient: dW_q/dW = 1.
 */
export function fakeQuantWeights<T extends tf.Tensor>(
  kernel: T,
  bits: number,
  perChannel: boolean,
) {
  const levels = 2 ** (bits - 1) - 1;
  const inputAxes = kernel.shape.slice(0, -1).map((_, axis) => axis);
  // customGrad's typing lists inputs and the save function as one rest parameter.
  const op = tf.customGrad(((w: tf.Tensor) => {
    const value = tf.tidy(() => {
      const maxAbs = perChannel ? tf.max(tf.abs(w), inputAxes, true) : tf.max(tf.abs(w));
      const scale = tf.maximum(tf.div(maxAbs, levels), 1e-12);
      const q = tf.clipByValue(tf.floor(tf.add(tf.div(w, scale), 0.5)), -levels, levels);
      return tf.mul(q, scale);
    });
    return { value, gradFunc: (dy: tf.Tensor) => [dy] };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(kernel) as T;
}

/**
 * The hooks of a quantization-aware forward pass at `bits` bits: every kernel fake-quantized
 * symmetrically, every tracked activation (input, each layer's output) fake-quantized over its
 * current range with asymmetric (non-narrow) levels, as TFLite will run it. When `observe` is
 * given, it receives each activation's batch minimum and maximum (before quantization) as scalars
 * kept past the enclosing tidy, for the moving-average range update.
 */
export function qatHooks(
  bits: number,
  perChannel: boolean,
  ranges: ActivationRange[],
  fakeQuant: FakeQuantOp,
  observe?: (index: number, min: tf.Scalar, max: tf.Scalar) => void,
): ForwardHooks {
  return {
    weight: (kernel) => fakeQuantWeights(kernel, bits, perChannel),
    activation: (values, index) => {
      observe?.(index, tf.keep(tf.min(values)), tf.keep(tf.max(values)));
      const { min, max } = ranges[index];
      return fakeQuant(values, min, max, bits, false);
    },
  };
}
