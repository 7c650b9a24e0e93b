import type { Csr } from '../../engine/pruning/csr';
import { outputBuffer, readBuffer, uploadBuffer } from '../gpu/buffers';
import { dispatch } from '../gpu/dispatch';
import { pipelineCacheFor } from '../gpu/pipeline-cache';
import code from './csr-matmul.wgsl?raw';

/** Threads per workgroup, along units; the batch is the second dispatch dimension. */
const WG = 64;

export interface CsrMatmulBuffers {
  /** wT.rowStart [units + 1] as u32. */
  rowStart: GPUBuffer;
  /** wT.columnIndex [non-zeros] as u32. */
  columnIndex: GPUBuffer;
  /** wT.values [non-zeros] f32. */
  values: GPUBuffer;
  /** X [batch, inputs] f32. */
  x: GPUBuffer;
  /** Y [batch, units] f32, written. */
  y: GPUBuffer;
}

/** Sizes of one sparse product: X [batch, inputs], W^T [units, inputs], Y [batch, units]. */
export interface CsrMatmulShape {
  batch: number;
  inputs: number;
  units: number;
  nonZeros: number;
}

/**
 * Encodes Y = X W, W given by its transpose's CSR, on the device's queue; does not wait.
 * The batch is a dispatch dimension, so batch <= maxComputeWorkgroupsPerDimension (65,535).
 */
export function runCsrMatmul(
  device: GPUDevice,
  buffers: CsrMatmulBuffers,
  { batch, inputs, units, nonZeros }: CsrMatmulShape,
): void {
  const overrides = { BATCH: batch, UNITS: units, INPUTS: inputs, WG };
  const shapes = [[batch, inputs], [units, inputs], [nonZeros]];
  const pipeline = pipelineCacheFor(device).get('csr-matmul', code, shapes, overrides);
  const { rowStart, columnIndex, values, x, y } = buffers;
  const workgroups: [number, number] = [Math.ceil(units / WG), batch];
  dispatch(device, pipeline, [rowStart, columnIndex, values, x, y], workgroups, 'csr-matmul');
}

/** buffers.ts moves float32 arrays; a same-type copy keeps every bit, so indices travel as views. */
const bits = (ints: Int32Array) => new Float32Array(ints.buffer, ints.byteOffset, ints.length);

/**
 * Uploads X [batch, inputs] and wT (CSR of W^T [units, inputs]), runs the kernel and reads back
 * Y = X W: [batch, units] row-major. CPU twin: csrMatmulCpu (src/engine/pruning/csr.ts).
 */
export async function csrMatmulGpu(
  device: GPUDevice,
  x: Float32Array,
  batch: number,
  wT: Csr,
): Promise<Float32Array> {
  if (x.length !== batch * wT.cols) throw new Error(`csrMatmulGpu: expected X ${batch}x${wT.cols}`);
  const buffers: CsrMatmulBuffers = {
    rowStart: uploadBuffer(device, bits(wT.rowStart), 'W^T rowStart'),
    columnIndex: uploadBuffer(device, bits(wT.columnIndex), 'W^T columnIndex'),
    values: uploadBuffer(device, wT.values, 'W^T values'),
    x: uploadBuffer(device, x, 'X'),
    y: outputBuffer(device, batch * wT.rows, 'Y'),
  };
  const shape = { batch, inputs: wT.cols, units: wT.rows, nonZeros: wT.values.length };
  try {
    runCsrMatmul(device, buffers, shape);
    return await readBuffer(device, buffers.y, batch * wT.rows);
  } finally {
    for (const buffer of Object.values(buffers)) buffer.destroy();
  }
}
