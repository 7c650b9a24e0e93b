import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs-core's gradients (the deep import does not resolve in Node's ESM).
import '@tensorflow/tfjs-layers';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createYielder } from '../abort';
import type { SplitIndices } from '../data/split';
import { takeRows } from '../data/split';
import type { Dataset, Subset } from '../data/types';
import { dataLoss, disposeData, evaluate, toTensors, type TensorData } from '../models/fit';
import { createRng, permutation, type Rng } from '../rng';
import { buildNetwork, type NasNetwork } from './network';
import type { Architecture, NetworkFrame } from './types';

/** A dataset and its seeded split (row indices), as the search trains every candidate on it. */
export interface NasData {
  dataset: Pick<Dataset, 'x' | 'y' | 'features' | 'classes' | 'shape'>;
  split: SplitIndices;
}

/** Image resolution relative to the dataset's: each halving is one 2x2 average pooling. */
export type Resolution = 1 | 0.5 | 0.25;

export interface NasTrainOptions {
  epochs: number;
  /** Share of the training rows used, a seeded random subset; 1 = all. */
  dataFraction?: number;
  resolution?: Resolution;
  learningRate?: number;
  batchSize?: number;
  /** Seeds the row subset and the per-epoch shuffles; the frame's seed when left out. */
  seed?: number;
  /** Start from this network (weight inheritance, e.g. a morphed parent) instead of a fresh one. */
  network?: NasNetwork;
  /** Return the trained network (the caller disposes it) instead of disposing it. */
  keepNetwork?: boolean;
  /** Called after each epoch with its validation accuracy; returning false stops training. */
  onEpoch?: (epoch: number, validationAccuracy: number) => boolean | void | Promise<boolean | void>;
  signal?: AbortSignal;
}

export interface NasTrainResult {
  /** Validation accuracy after each epoch trained. */
  curve: number[];
  validationAccuracy: number;
  testAccuracy: number;
  /** Wall-clock seconds, data upload to final test pass. */
  seconds: number;
  epochs: number;
  /** Training rows used per epoch. */
  rows: number;
  /** Compute spent: epochs trained x training rows. */
  cost: number;
  parameters: number;
  /** The input width the network saw (features after downsampling). */
  inputs: number;
  stoppedEarly: boolean;
  network: NasNetwork | null;
}

/**
 * 2x2 average pooling of images x [rows, h, w, c] (row-major, as Dataset.x): returns
 * [rows, floor(h/2), floor(w/2), c], each value the mean of its 2x2 window (a trailing odd row or
 * column is dropped, as 'valid' pooling).
 */
export function averagePool2x2(
  x: Float32Array,
  rows: number,
  shape: [number, number, number],
): { x: Float32Array; shape: [number, number, number] } {
  const [h, w, c] = shape;
  const [oh, ow] = [Math.floor(h / 2), Math.floor(w / 2)];
  const out = new Float32Array(rows * oh * ow * c);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let k = 0; k < c; k++) {
          const at = (y: number, z: number) => x[((r * h + y) * w + z) * c + k];
          const sum =
            at(2 * i, 2 * j) +
            at(2 * i, 2 * j + 1) +
            at(2 * i + 1, 2 * j) +
            at(2 * i + 1, 2 * j + 1);
          out[((r * oh + i) * ow + j) * c + k] = sum / 4;
        }
      }
    }
  }
  return { x: out, shape: [oh, ow, c] };
}

/** The rows at `resolution`: halved by averagePool2x2 once for 0.5, twice for 0.25. */
export function atResolution(
  subset: Subset,
  shape: [number, number, number] | null,
  resolution: Resolution,
): Subset & { features: number } {
  const features = subset.x.length / Math.max(subset.rows, 1);
  if (resolution === 1) return { ...subset, features };
  if (!shape) throw new Error('Only image data can be trained at a lower resolution.');
  let pooled = { x: subset.x, shape };
  for (let r = 1; r > resolution; r /= 2)
    pooled = averagePool2x2(pooled.x, subset.rows, pooled.shape);
  return { ...subset, x: pooled.x, features: pooled.shape[0] * pooled.shape[1] * pooled.shape[2] };
}

/** A seeded random `fraction` of the rows (at least one), in a random order. */
export function subsetRows(rows: Int32Array, fraction: number, seed: number): Int32Array {
  if (fraction >= 1) return rows;
  const keep = Math.max(1, Math.round(rows.length * fraction));
  const order = permutation(rows.length, createRng(seed));
  return Int32Array.from(order.subarray(0, keep), (k) => rows[k]);
}

/** evaluate() needs a LayersModel only when no forward pass is given; ours always is. */
const noModel = null as unknown as tfl.LayersModel;

/**
 * Trains `arch` in `frame` (frame.inputs is replaced by the feature count at the chosen
 * resolution), or `options.network` when given, with Adam on softmax cross-entropy, mini-batches
 * reshuffled each epoch, for at most `epochs` epochs on the (subset of the) training rows;
 * validation accuracy after each epoch, test accuracy at the end. Every tensor made here is
 * disposed (the network too, unless kept or passed in).
 *
 * A small loop rather than fit(): fit cannot be stopped from its epoch callback (onEpoch's early
 * stop); it reuses fit's toTensors, dataLoss and evaluate.
 */
export async function trainArchitecture(
  arch: Architecture,
  frame: NetworkFrame,
  data: NasData,
  options: NasTrainOptions,
): Promise<NasTrainResult> {
  const started = performance.now();
  const { dataset, split } = data;
  const resolution = options.resolution ?? 1;
  const seed = options.seed ?? frame.seed;
  const rng = createRng(seed);
  const trainRows = subsetRows(split.train, options.dataFraction ?? 1, rng.seed());
  const subset = (rows: Int32Array) =>
    atResolution(takeRows(dataset, rows), dataset.shape, resolution);
  const parts = [subset(trainRows), subset(split.validation), subset(split.test)];
  const inputs = parts[0].features;
  if (options.network && options.network.frame.inputs !== inputs) {
    throw new Error(
      `The network takes ${options.network.frame.inputs} inputs; the data has ${inputs}.`,
    );
  }
  const network = options.network ?? buildNetwork(arch, { ...frame, inputs });
  const [train, validation, test] = parts.map((part) =>
    toTensors(part, [inputs], 'classification', dataset.classes.length),
  );
  const optimizer = tf.train.adam(options.learningRate ?? 0.01);
  const forward = (x: tf.Tensor, training: boolean) => network.forward(x, training);
  const curve: number[] = [];
  let stoppedEarly = false;
  let testAccuracy: number;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      await trainEpoch(network, optimizer, train, options.batchSize ?? 64, rng, options.signal);
      const { score } = await evaluate(noModel, validation, 'classification', 512, forward);
      curve.push(score);
      const go = await options.onEpoch?.(epoch, score);
      if (go === false && epoch < options.epochs) {
        stoppedEarly = true;
        break;
      }
    }
    testAccuracy = (await evaluate(noModel, test, 'classification', 512, forward)).score;
  } finally {
    optimizer.dispose();
    [train, validation, test].forEach(disposeData);
    if (!options.keepNetwork && !options.network) network.dispose();
  }
  return {
    curve,
    validationAccuracy: curve.at(-1) ?? 0,
    testAccuracy,
    seconds: (performance.now() - started) / 1000,
    epochs: curve.length,
    rows: trainRows.length,
    cost: curve.length * trainRows.length,
    parameters: network.parameterCount,
    inputs,
    stoppedEarly,
    network: options.keepNetwork ? network : null,
  };
}

/** One pass over the rows in a seeded random order, one optimizer step per batch. */
async function trainEpoch(
  network: NasNetwork,
  optimizer: tf.Optimizer,
  train: TensorData,
  batchSize: number,
  rng: Rng,
  signal: AbortSignal | undefined,
): Promise<void> {
  const pause = createYielder(signal);
  const order = permutation(train.rows, rng);
  for (let start = 0; start < train.rows; start += batchSize) {
    tf.tidy(() => {
      const index = tf.tensor1d(order.subarray(start, start + batchSize), 'int32');
      const x = tf.gather(train.x, index);
      const y = tf.gather(train.y, index);
      optimizer.minimize(
        () => dataLoss('classification', y, network.forward(x, true)),
        false,
        network.variables,
      );
    });
    await pause();
  }
}
