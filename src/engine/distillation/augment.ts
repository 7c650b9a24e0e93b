import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';

/**
 * Random translations ("jitter"): each image of the batch moves by whole pixels dx, dy drawn
 * uniformly from [-maxShift, maxShift]; pixels shifted in are 0. x: [batch, h * w * c] or
 * [batch, h, w, c]; returns the same shape.
 *
 * Done as one gather over the whole batch flattened, each image followed by a 0: output pixel
 * (r, col) of image i reads input pixel (r - dy_i, col - dx_i), or that 0 when it falls outside.
 * (tfjs 4.22 has two ways that look simpler and are wrong for batches above 1: tf.image.transform
 * on the CPU backend, and gather with batchDims on the WASM backend.)
 */
export function randomShift(
  x: tf.Tensor,
  shape: [number, number, number],
  maxShift: number,
  rng: Rng,
): tf.Tensor {
  const [height, width, channels] = shape;
  const batch = x.shape[0];
  const size = height * width * channels;
  const sources = new Int32Array(batch * size);
  for (let i = 0; i < batch; i++) {
    const dx = rng.int(2 * maxShift + 1) - maxShift;
    const dy = rng.int(2 * maxShift + 1) - maxShift;
    for (let r = 0; r < height; r++) {
      for (let col = 0; col < width; col++) {
        const [sr, sc] = [r - dy, col - dx];
        const inside = sr >= 0 && sr < height && sc >= 0 && sc < width;
        for (let ch = 0; ch < channels; ch++) {
          const source = inside ? (sr * width + sc) * channels + ch : size;
          sources[i * size + (r * width + col) * channels + ch] = i * (size + 1) + source;
        }
      }
    }
  }
  return tf.tidy(() => {
    const flat = tf.reshape(x, [batch, size]);
    const padded = tf.reshape(tf.concat([flat, tf.zeros([batch, 1])], 1), [batch * (size + 1)]);
    const moved = tf.gather(padded, tf.tensor1d(sources, 'int32'));
    return tf.reshape(moved, x.shape);
  });
}
