import * as tf from '@tensorflow/tfjs-core';
import { DatasetLoader } from '../src/engine/data/load';
import { buildModel } from '../src/engine/models/build';
import { disposeData, fit, toTensors } from '../src/engine/models/fit';
import { createRng } from '../src/engine/rng';
import type { BackendName } from '../src/workers/backend-choice';
import type { ComputeRuntime } from '../src/workers/compute-runtime';

export interface TrainingRow {
  backend: BackendName;
  stepsPerSecond: number;
  /** Milliseconds per optimizer step. */
  stepMs: number;
}

/**
 * Training speed of an MLP (784-128-64-10, ReLU, Adam, batch 64) on real MNIST rows, per backend:
 * two epochs over `rows` rows; the second epoch's time (after kernels compiled and Adam's slots
 * exist) divided by its steps.
 */
export async function benchTraining(
  runtime: ComputeRuntime,
  backends: BackendName[],
  loader: DatasetLoader,
  rows: number,
): Promise<TrainingRow[]> {
  const mnist = await loader.load('mnist', { samples: rows + 64, noise: 0, seed: 1 });
  const train = { x: mnist.x.subarray(0, rows * 784), y: mnist.y.subarray(0, rows), rows };
  const validation = { x: mnist.x.subarray(rows * 784), y: mnist.y.subarray(rows), rows: 64 };
  const out: TrainingRow[] = [];
  for (const backend of backends) {
    await runtime.init(backend);
    if (tf.getBackend() !== backend) continue;
    const trainData = toTensors(train, [784], 'classification', 10);
    const validData = toTensors(validation, [784], 'classification', 10);
    const model = buildModel({
      kind: 'mlp',
      inputs: 784,
      hidden: [128, 64],
      activation: 'relu',
      outputs: 10,
      dropout: 0,
      seed: 1,
    });
    const result = await fit(model, trainData, validData, {
      task: 'classification',
      optimizer: 'adam',
      learningRate: 0.001,
      batchSize: 64,
      epochs: 2,
      l2: 0,
      patience: 0,
      rng: createRng(1),
    });
    const seconds = result.history[1].seconds - result.history[0].seconds;
    const steps = Math.ceil(rows / 64);
    out.push({ backend, stepsPerSecond: steps / seconds, stepMs: (1000 * seconds) / steps });
    model.dispose();
    disposeData(trainData);
    disposeData(validData);
  }
  return out;
}
