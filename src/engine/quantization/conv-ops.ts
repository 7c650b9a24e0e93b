import * as tf from '@tensorflow/tfjs-core';

/**
 * The CNN's two trainable ops with gradients written out in fast tfjs ops. The forward passes are
 * tfjs's own (tf.conv2d, tf.maxPool), so values equal the layers model's; only the backward
 * passes differ. tfjs's CPU kernels for the convolution's filter gradient (Conv2DBackpropFilter)
 * and for max pooling's gradient (MaxPoolGrad) read every element through generic index maths,
 * 10-60x and ~3x slower than the forms below (a batch of 64 MNIST rows: 1.5-33 s per filter
 * gradient); tfjs's WASM backend has no Conv2DBackpropFilter at all. Built from the kernels below
 * only, the CNN trains on WASM too (SIMD; ~6x faster than the CPU backend on 2 cores).
 */

/**
 * The tfjs kernels that training the CNN through conv2dSame and maxPool2x2Op calls beyond an
 * MLP's: registered by the CPU, WASM and WebGPU backends alike (no Conv2DBackpropFilter, no
 * MaxPoolGrad).
 */
export const CNN_TRAINING_KERNELS = [
  'Conv2D',
  'Conv2DBackpropInput',
  'MaxPool',
  'AvgPool',
  'ResizeNearestNeighbor',
];

// customGrad's typing lists inputs and the save function as one rest parameter.
type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/**
 * y = conv2d(x, K) with 'same' padding and stride 1 for a 3 x 3 (odd) kernel; x: [b, H, W, C],
 * K: [k, k, C, O], y: [b, H, W, O]. Gradients, for dy = dL/dy:
 *   dL/dx = conv2dTranspose(dy, K)                            (tfjs's own: Conv2DBackpropInput)
 *   dL/dK[u, v, c, o] = sum_{b, i, j} xpad[b, i + u, j + v, c] dy[b, i, j, o]
 * the latter computed as one 'valid' convolution with the batch as the channel axis:
 * conv2d(xpad^T [C, H + k - 1, W + k - 1, b], dy^T [H, W, b, O]) = [C, k, k, O], transposed
 * to [k, k, C, O] (xpad: x zero-padded by (k - 1) / 2 on each side, as 'same' pads it).
 */
export function conv2dSame(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  const op = tf.customGrad(((input: tf.Tensor4D, k: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([input, k]);
    return {
      value: tf.conv2d(input, k, 1, 'same'),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xs, ks] = saved as [tf.Tensor4D, tf.Tensor4D];
        const pad = (ks.shape[0] - 1) / 2;
        const dx = tf.conv2dTranspose(dy, ks, xs.shape, 1, 'same');
        const channelsFirst = tf.pad(tf.transpose(xs, [3, 1, 2, 0]), [
          [0, 0],
          [pad, pad],
          [pad, pad],
          [0, 0],
        ]) as tf.Tensor4D;
        const dyFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
        const dk = tf.transpose(tf.conv2d(channelsFirst, dyFilter, 1, 'valid'), [1, 2, 0, 3]);
        return [dx, dk];
      },
    };
  }) as unknown as CustomGradFn);
  return op(x, kernel) as tf.Tensor4D;
}

/**
 * y = maxPool(x) over 2 x 2 windows with stride 2, x: [b, H, W, C] (H, W even; odd sizes go to
 * tf.maxPool and its own gradient). Gradient: each window's dy goes to the window's maximum, split
 * evenly among tied maxima (a subgradient of max, as TF's reduce_max splits it; without ties it is
 * exactly MaxPoolGrad): dL/dx = hits * upsample(dy / count), hits = [x = upsample(y)],
 * count = 4 avgPool(hits), upsample = nearest-neighbour 2x.
 */
export function maxPool2x2Op(x: tf.Tensor4D): tf.Tensor4D {
  const [, height, width] = x.shape;
  if (height % 2 !== 0 || width % 2 !== 0) return tf.maxPool(x, 2, 2, 'valid');
  const op = tf.customGrad(((input: tf.Tensor4D, save: tf.GradSaveFunc) => {
    const y = tf.maxPool(input, 2, 2, 'valid');
    save([input, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor4D, tf.Tensor4D];
        const upsample = (t: tf.Tensor4D) => tf.image.resizeNearestNeighbor(t, [height, width]);
        const hits = tf.cast(tf.equal(xs, upsample(ys)), 'float32') as tf.Tensor4D;
        const count = tf.mul(tf.avgPool(hits, 2, 2, 'valid'), 4) as tf.Tensor4D;
        return tf.mul(hits, upsample(tf.div(dy, count)));
      },
    };
  }) as unknown as CustomGradFn);
  return op(x) as tf.Tensor4D;
}
