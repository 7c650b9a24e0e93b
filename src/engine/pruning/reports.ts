import * as tf from '@tensorflow/tfjs-core';
import type { Subset } from '../data/types';
import { argmaxRows } from '../metrics';
import { perChannelSymmetric, quantizePerChannel } from '../quantization/affine';
import { mlpForward, toDenseTensors, type DenseArrays } from '../quantization/forward';
import { denseWeightBytes, gzipSize } from './compress';
import { csrMatmulCpu, toCsr, type Csr } from './csr';
import { csrStorageBytes } from './sparse-size';

/** Share of weights kept in each cell of a coarse grid over a mask [inputs, units]. */
export interface MaskGrid {
  rows: number;
  cols: number;
  /** [rows, cols], each in [0, 1]. */
  keep: Float32Array;
}

/**
 * The mask of a kernel [inputs, units] averaged over cells of ceil(inputs / maxCells) x
 * ceil(units / maxCells) weights, small enough to send at every pruning step and draw as a heat map.
 */
export function maskGrid(mask: Uint8Array, inputs: number, units: number, maxCells = 48): MaskGrid {
  const rowStep = Math.ceil(inputs / maxCells);
  const colStep = Math.ceil(units / maxCells);
  const rows = Math.ceil(inputs / rowStep);
  const cols = Math.ceil(units / colStep);
  const kept = new Float32Array(rows * cols);
  const count = new Float32Array(rows * cols);
  for (let i = 0; i < inputs; i++)
    for (let j = 0; j < units; j++) {
      const cell = Math.floor(i / rowStep) * cols + Math.floor(j / colStep);
      kept[cell] += mask[i * units + j];
      count[cell]++;
    }
  return { rows, cols, keep: kept.map((k, c) => k / count[c]) };
}

/** Share of each input's outgoing weights kept: [inputs] (for MNIST's first layer, a 28 x 28 image). */
export function inputKeep(mask: Uint8Array, inputs: number, units: number): Float32Array {
  const keep = new Float32Array(inputs);
  for (let i = 0; i < inputs; i++) {
    let sum = 0;
    for (let j = 0; j < units; j++) sum += mask[i * units + j];
    keep[i] = sum / units;
  }
  return keep;
}

/** One way of storing the weights: raw bytes and bytes after gzip (as TF MOT measures). */
export interface SizeReport {
  id: 'dense' | 'pruned' | 'pruned-int8' | 'pruned-csr';
  bytes: number;
  gzipBytes: number;
}

/**
 * Storage of the dense model, the pruned one (zeros stored), the pruned one with int8 kernels
 * (per-channel symmetric, so zeros stay exact zeros) and the pruned kernels in CSR
 * (float32 values + column indexes + row starts; biases float32 in every format).
 */
export async function sizeReports(
  dense: DenseArrays[],
  pruned: DenseArrays[],
): Promise<SizeReport[]> {
  const floats = (layers: DenseArrays[]) =>
    denseWeightBytes(layers.flatMap((l) => [{ weights: l.kernel }, { weights: l.bias }]));
  const int8 = (layers: DenseArrays[]) => {
    const parts = layers.flatMap((l) => [
      new Uint8Array(
        Int8Array.from(
          quantizePerChannel(l.kernel, perChannelSymmetric(l.kernel, l.inputs, l.units, 8)),
        ).buffer,
      ),
      new Uint8Array(l.bias.buffer.slice(0)),
    ]);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
    return out;
  };
  const report = async (
    id: SizeReport['id'],
    bytes: Uint8Array<ArrayBuffer>,
  ): Promise<SizeReport> => ({
    id,
    bytes: bytes.length,
    gzipBytes: await gzipSize(bytes),
  });
  const csrBytes = pruned.reduce((n, l) => {
    let nonZeros = 0;
    for (const w of l.kernel) if (w !== 0) nonZeros++;
    return n + csrStorageBytes(l.units, l.inputs, nonZeros).total + 4 * l.units;
  }, 0);
  return [
    await report('dense', floats(dense)),
    await report('pruned', floats(pruned)),
    await report('pruned-int8', int8(pruned)),
    { id: 'pruned-csr', bytes: csrBytes, gzipBytes: NaN },
  ];
}

/** Y = X W for X [batch, inputs] and W as the CSR of W^T: the CPU twin or the WGSL kernel. */
export type CsrMatmul = (
  x: Float32Array,
  batch: number,
  wT: Csr,
) => Float32Array | Promise<Float32Array>;

/** Dense inference (tfjs) against sparse inference (CSR kernels) of the same pruned layers. */
export interface InferenceReport {
  denseMsPer1000: number;
  sparseMsPer1000: number;
  /** Accuracy of each path on the test rows (equal up to float rounding). */
  denseAccuracy: number;
  sparseAccuracy: number;
  sparseEngine: 'WGSL CSR kernel' | 'CPU (JavaScript) CSR';
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Times both paths over the test rows (median of 3 passes each). */
export async function inferenceReport(
  layers: DenseArrays[],
  rows: Subset,
  csrMatmul?: CsrMatmul,
): Promise<InferenceReport> {
  const classes = layers.at(-1)!.units;
  const accuracyOf = (logits: Float32Array) => {
    const predicted = argmaxRows(logits, classes);
    let correct = 0;
    predicted.forEach((p, i) => (correct += p === rows.y[i] ? 1 : 0));
    return correct / Math.max(1, rows.rows);
  };
  const tensors = toDenseTensors(layers);
  const x = tf.tensor2d(rows.x, [rows.rows, layers[0].inputs]);
  const denseTimes: number[] = [];
  let denseLogits: Float32Array = new Float32Array(0);
  try {
    for (let run = 0; run < 3; run++) {
      const started = performance.now();
      const logits = mlpForward(x, tensors);
      denseLogits = (await logits.data()) as Float32Array;
      logits.dispose();
      denseTimes.push(performance.now() - started);
    }
  } finally {
    tf.dispose([x, ...tensors.flatMap((t) => [t.kernel, t.bias])]);
  }
  const sparse = layers.map((l) => toCsr(l.kernel, l.inputs, l.units, true));
  const multiply = csrMatmul ?? csrMatmulCpu;
  const sparseTimes: number[] = [];
  let sparseLogits: Float32Array = new Float32Array(0);
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    let a: Float32Array = rows.x;
    for (let l = 0; l < layers.length; l++) {
      const y = await multiply(a, rows.rows, sparse[l]);
      const { bias, relu, units } = layers[l];
      for (let i = 0; i < y.length; i++) {
        const v = y[i] + bias[i % units];
        y[i] = relu && v < 0 ? 0 : v;
      }
      a = y;
    }
    sparseLogits = a;
    sparseTimes.push(performance.now() - started);
  }
  const per1000 = (ms: number) => (ms / Math.max(1, rows.rows)) * 1000;
  return {
    denseMsPer1000: per1000(median(denseTimes)),
    sparseMsPer1000: per1000(median(sparseTimes)),
    denseAccuracy: accuracyOf(denseLogits),
    sparseAccuracy: accuracyOf(sparseLogits),
    sparseEngine: csrMatmul ? 'WGSL CSR kernel' : 'CPU (JavaScript) CSR',
  };
}
