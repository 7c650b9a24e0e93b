import type { Subset } from '../data/types';
import { argmaxRows } from '../metrics';
import { perChannelSymmetric, quantizePerChannel } from '../quantization/affine';
import { scoreFloat, inputSize } from '../quantization/evaluate';
import type { DenseArrays } from '../quantization/forward';
import { im2col, inBatches, maxPool2x2 } from '../quantization/im2col';
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

/**
 * Share of each input's outgoing weights kept: [inputs] (for an MLP's first layer on MNIST, a
 * 28 x 28 image; the run reports it for the MLP only).
 */
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

/**
 * Rows per batch of the CNN's sparse pass: its im2col rows (64 * 28 * 28 = 50,176) are the CSR
 * kernel's batch, which is a dispatch dimension (at most 65,535 workgroups).
 */
export const SPARSE_BATCH_ROWS = 64;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The logits of the pruned layers through `multiply` for x [rows, inputs]: a dense layer is
 * relu(X W + b) with W by its transpose's CSR; a conv layer relu(im2col(X) K + b) with K
 * [9 C, O] by its transpose's CSR [O, 9 C], then 2 x 2 max pooling; the last layer has no ReLU.
 * A CNN runs in batches of SPARSE_BATCH_ROWS rows, an MLP in one. Returns [rows, classes].
 */
async function sparseLogits(
  layers: DenseArrays[],
  sparse: Csr[],
  x: Float32Array,
  rows: number,
  multiply: CsrMatmul,
): Promise<Float32Array> {
  const inputs = inputSize(layers[0]);
  const classes = layers.at(-1)!.units;
  const logits = new Float32Array(rows * classes);
  const batchRows = layers.some((l) => l.conv) ? SPARSE_BATCH_ROWS : Math.max(1, rows);
  await inBatches(rows, batchRows, async (start, count) => {
    let a: Float32Array = x.subarray(start * inputs, (start + count) * inputs);
    for (let l = 0; l < layers.length; l++) {
      const { bias, relu, units, conv } = layers[l];
      const operand = conv ? im2col(a, count, conv) : a;
      const y = await multiply(operand, conv ? count * conv.height * conv.width : count, sparse[l]);
      for (let i = 0; i < y.length; i++) {
        const v = y[i] + bias[i % units];
        y[i] = relu && v < 0 ? 0 : v;
      }
      a = conv ? maxPool2x2(y, count, { ...conv, channels: units }) : y;
    }
    logits.set(a, start * classes);
  });
  return logits;
}

/**
 * Times both paths over the test rows (median of 3 passes each): dense on tfjs (scoreFloat), sparse
 * through CSR kernels (conv layers as im2col products).
 */
export async function inferenceReport(
  layers: DenseArrays[],
  rows: Subset,
  csrMatmul?: CsrMatmul,
): Promise<InferenceReport> {
  const classes = layers.at(-1)!.units;
  const dense = await scoreFloat(layers, rows);
  const sparse = layers.map((l) => toCsr(l.kernel, l.inputs, l.units, true));
  const multiply = csrMatmul ?? csrMatmulCpu;
  const sparseTimes: number[] = [];
  let logits: Float32Array = new Float32Array(0);
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    logits = await sparseLogits(layers, sparse, rows.x, rows.rows, multiply);
    sparseTimes.push(performance.now() - started);
  }
  let correct = 0;
  argmaxRows(logits, classes).forEach((p, i) => (correct += p === rows.y[i] ? 1 : 0));
  return {
    denseMsPer1000: dense.msPer1000,
    sparseMsPer1000: (median(sparseTimes) / Math.max(1, rows.rows)) * 1000,
    denseAccuracy: dense.accuracy,
    sparseAccuracy: correct / Math.max(1, rows.rows),
    sparseEngine: csrMatmul ? 'WGSL CSR kernel' : 'CPU (JavaScript) CSR',
  };
}
