import * as tf from '@tensorflow/tfjs-core';
import type { Subset } from '../data/types';
import { argmaxRows } from '../metrics';
import {
  mlpActivations,
  mlpForward,
  toDenseTensors,
  type DenseArrays,
  type ForwardHooks,
} from './forward';
import { runQuantizedMlp, type Int8Matmul, type QuantizedMlp } from './integer-mlp';

/** Accuracy of a model on labelled rows, and what one pass over them cost. */
export interface Scored {
  accuracy: number;
  /** Milliseconds per 1,000 rows: the median of three timed passes (one for slow paths). */
  msPer1000: number;
}

const fraction = (predicted: Int32Array, labels: ArrayLike<number>) => {
  let correct = 0;
  predicted.forEach((p, i) => (correct += p === labels[i] ? 1 : 0));
  return correct / Math.max(1, predicted.length);
};

/** Median of `runs` timed calls of `pass`, and its last result. */
async function timed<T>(pass: () => Promise<T>, runs: number): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    value = await pass();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], value };
}

/**
 * A float forward pass of `layers` (float32 values, however they were rounded or dequantized) on
 * the tfjs backend, with optional fake-quant hooks (simulated quantization). rows.x: [n, 784].
 */
export async function scoreFloat(
  layers: DenseArrays[],
  rows: Subset,
  hooks?: ForwardHooks,
): Promise<Scored> {
  const tensors = toDenseTensors(layers);
  const x = tf.tensor2d(rows.x, [rows.rows, layers[0].inputs]);
  try {
    const { ms, value } = await timed(async () => {
      const logits = mlpForward(x, tensors, hooks);
      const values = (await logits.data()) as Float32Array;
      logits.dispose();
      return values;
    }, 3);
    const classes = layers.at(-1)!.units;
    return {
      accuracy: fraction(argmaxRows(value, classes), rows.y),
      msPer1000: (ms / rows.rows) * 1000,
    };
  } finally {
    tf.dispose([x, ...tensors.flatMap((t) => [t.kernel, t.bias])]);
  }
}

/** Integer-only inference (int8 codes, int32 accumulators) through `matmul`. */
export async function scoreInteger(
  model: QuantizedMlp,
  rows: Subset,
  matmul?: Int8Matmul,
): Promise<Scored> {
  const { ms, value } = await timed(() => runQuantizedMlp(model, rows.x, rows.rows, matmul), 1);
  const classes = model.layers.at(-1)!.units;
  return {
    accuracy: fraction(argmaxRows(value.logits, classes), rows.y),
    msPer1000: (ms / rows.rows) * 1000,
  };
}

/**
 * Every activation of the float model on some rows, read back: [layers + 1] arrays, the input
 * first, then each layer's output (after ReLU): what calibration measures.
 */
export async function activationsOf(layers: DenseArrays[], x: Float32Array, rows: number) {
  const tensors = toDenseTensors(layers);
  const input = tf.tensor2d(x, [rows, layers[0].inputs]);
  const outputs = tf.tidy(() => mlpActivations(input, tensors));
  try {
    return await Promise.all(outputs.map(async (t) => (await t.data()) as Float32Array));
  } finally {
    tf.dispose([input, ...outputs, ...tensors.flatMap((t) => [t.kernel, t.bias])]);
  }
}
