import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng, type Rng } from '../rng';

/**
 * Dropout whose masks are reproducible yet differ per batch. tfjs's own Dropout with a fixed
 * `seed` re-creates its generator on every call and so applies the same mask to every batch;
 * this layer draws a fresh seed per training call from its own seeded stream instead.
 * Training: y = x * m / (1 - rate), m ~ Bernoulli(1 - rate) per element. Inference: y = x.
 */
export class SeededDropout extends tfl.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  readonly #rng: Rng;

  constructor(args: { rate: number; seed: number; name?: string }) {
    super({ name: args.name });
    this.rate = args.rate;
    this.seed = args.seed;
    this.#rng = createRng(args.seed);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs.training || this.rate <= 0) return x;
    return tf.dropout(x, this.rate, undefined, this.#rng.seed());
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
