import * as tf from '@tensorflow/tfjs-core';
import type { Subset } from '../data/types';
import { argmaxRows } from '../metrics';
import {
  networkActivations,
  networkForward,
  toLayerTensors,
  type DenseArrays,
  type ForwardHooks,
  type LayerTensors,
} from './forward';
import { inBatches } from './im2col';
import type { Int8Matmul, QuantizedMlp } from './integer-mlp';
import { runQuantizedNetwork } from './integer-network';

/** Accuracy of a model on labelled rows, and what one pass over them cost. */
export interface Scored {
  accuracy: number;
  /** Milliseconds per 1,000 rows: the median of three timed passes (one for slow paths). */
  msPer1000: number;
}

/** Rows per tfjs pass of the CNN (an MLP takes all rows at once). */
export const FLOAT_BATCH_ROWS = 500;

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

/** Values per row of the network's input: the first layer's inputs, or a conv layer's image. */
export const inputSize = (first: DenseArrays) =>
  first.conv ? first.conv.height * first.conv.width * first.conv.channels : first.inputs;

/** Rows per tfjs pass: all of them for an MLP, FLOAT_BATCH_ROWS for a CNN. */
const batchRowsOf = (layers: DenseArrays[], rows: number) =>
  layers.some((l) => l.conv) ? FLOAT_BATCH_ROWS : Math.max(1, rows);

/** Runs `pass` over the uploaded rows in batches; returns its outputs read back, concatenated. */
type BatchedPass = (
  pass: (batch: tf.Tensor2D, tensors: LayerTensors[]) => tf.Tensor[],
) => Promise<Float32Array[]>;

/**
 * Uploads the layers and x [rows, inputs] (flat rows) once, then lets `use` run passes over them
 * in batches (all rows at once for an MLP): each batch's output tensors are read back and
 * disposed, and the parts concatenated. Everything uploaded is disposed at the end.
 */
async function withUploaded<T>(
  layers: DenseArrays[],
  x: Float32Array,
  rows: number,
  use: (run: BatchedPass) => Promise<T>,
): Promise<T> {
  const tensors = toLayerTensors(layers);
  const all = tf.tensor2d(x, [rows, inputSize(layers[0])]);
  const batchRows = batchRowsOf(layers, rows);
  const run: BatchedPass = async (pass) => {
    const parts: Float32Array[][] = [];
    await inBatches(rows, batchRows, async (start, count) => {
      const outputs = tf.tidy(() =>
        pass(count === rows ? all : tf.slice(all, start, count), tensors),
      );
      try {
        parts.push(await Promise.all(outputs.map(async (t) => (await t.data()) as Float32Array)));
      } finally {
        tf.dispose(outputs.filter((t) => t !== all));
      }
    });
    if (parts.length === 1) return parts[0];
    return parts[0].map((_, i) => {
      const out = new Float32Array(parts.reduce((n, p) => n + p[i].length, 0));
      parts.reduce((offset, p) => (out.set(p[i], offset), offset + p[i].length), 0);
      return out;
    });
  };
  try {
    return await use(run);
  } finally {
    tf.dispose([all, ...tensors.flatMap((t) => [t.kernel, t.bias])]);
  }
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
  const { ms, value } = await withUploaded(layers, rows.x, rows.rows, (run) =>
    timed(async () => (await run((x, t) => [networkForward(x, t, hooks)]))[0], 3),
  );
  const classes = layers.at(-1)!.units;
  return {
    accuracy: fraction(argmaxRows(value, classes), rows.y),
    msPer1000: (ms / rows.rows) * 1000,
  };
}

/** Integer-only inference (int8 codes, int32 accumulators) through `matmul`. */
export async function scoreInteger(
  model: QuantizedMlp,
  rows: Subset,
  matmul?: Int8Matmul,
): Promise<Scored> {
  const { ms, value } = await timed(() => runQuantizedNetwork(model, rows.x, rows.rows, matmul), 1);
  const classes = model.layers.at(-1)!.units;
  return {
    accuracy: fraction(argmaxRows(value.logits, classes), rows.y),
    msPer1000: (ms / rows.rows) * 1000,
  };
}

/**
 * Every activation of the float model on some rows, read back: [layers + 1] arrays, the input
 * first, then each layer's output (after ReLU; a conv layer's before its pool): what calibration
 * measures.
 */
export const activationsOf = (layers: DenseArrays[], x: Float32Array, rows: number) =>
  withUploaded(layers, x, rows, (run) =>
    run((batch, tensors) => networkActivations(batch, tensors)),
  );
