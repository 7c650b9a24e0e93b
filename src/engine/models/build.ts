import * as tfl from '@tensorflow/tfjs-layers';
import { createRng } from '../rng';
import type { Activation, Initializer } from './options';
import { SeededDropout } from './seeded-dropout';

/**
 * A multilayer perceptron: inputs -> [dense(hidden[i], activation) -> dropout]* -> dense(outputs).
 * The last layer is linear: logits for classification (softmax lives in the loss and in
 * `predictProbabilities`), the value itself for regression.
 */
export interface MlpSpec {
  kind: 'mlp';
  inputs: number;
  hidden: number[];
  activation: Activation;
  outputs: number;
  dropout: number;
  seed: number;
  /** Kernel initializer (biases start at zero); glorotUniform when left out. */
  initializer?: Initializer;
}

/**
 * A small CNN for [height, width, channels] images: two blocks of conv3x3(same) -> activation ->
 * maxpool 2x2 with `filters` then 2 * `filters` channels, flatten, the MLP head `hidden`, then
 * dense(outputs).
 */
export interface CnnSpec {
  kind: 'cnn';
  shape: [number, number, number];
  filters: number;
  hidden: number[];
  activation: Activation;
  outputs: number;
  dropout: number;
  seed: number;
  initializer?: Initializer;
}

export type ModelSpec = MlpSpec | CnnSpec;

/** Builds the model with the chosen kernel initializer and zero biases, all seeded from `spec.seed`. */
export function buildModel(spec: ModelSpec): tfl.Sequential {
  const rng = createRng(spec.seed);
  const make = {
    glorotUniform: tfl.initializers.glorotUniform,
    heNormal: tfl.initializers.heNormal,
    lecunNormal: tfl.initializers.leCunNormal,
  }[spec.initializer ?? 'glorotUniform'];
  const kernel = () => make({ seed: rng.seed() });
  const model = tfl.sequential();
  let first = true;
  const inputShape = () => {
    if (!first) return {};
    first = false;
    return { inputShape: spec.kind === 'mlp' ? [spec.inputs] : spec.shape };
  };
  if (spec.kind === 'cnn') {
    for (const filters of [spec.filters, 2 * spec.filters]) {
      model.add(
        tfl.layers.conv2d({
          ...inputShape(),
          filters,
          kernelSize: 3,
          padding: 'same',
          activation: spec.activation,
          kernelInitializer: kernel(),
        }),
      );
      model.add(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    }
    model.add(tfl.layers.flatten());
  }
  for (const units of spec.hidden) {
    model.add(
      tfl.layers.dense({
        ...inputShape(),
        units,
        activation: spec.activation,
        kernelInitializer: kernel(),
      }),
    );
    if (spec.dropout > 0) model.add(new SeededDropout({ rate: spec.dropout, seed: rng.seed() }));
  }
  model.add(
    tfl.layers.dense({
      ...inputShape(),
      units: spec.outputs,
      activation: 'linear',
      kernelInitializer: kernel(),
    }),
  );
  return model;
}
