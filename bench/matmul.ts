import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { outputBuffer, uploadBuffer } from '../src/kernels/gpu/buffers';
import { runMatmul, type MatmulTiling } from '../src/kernels/matmul/matmul';
import { medianMs } from './timing';

export interface MatmulRow {
  size: number;
  oursMs: number;
  tfjsMs: number;
  /** tfjs time / our time: above 1 means ours is faster. */
  speedup: number;
}

/** Waits until the GPU has finished everything submitted so far. */
const idle = (device: GPUDevice) => device.queue.onSubmittedWorkDone();

/**
 * Our fused matmul vs tfjs's WebGPU matMul on the same device (tfjs must be on 'webgpu'): square
 * n x n products of the same data, timed from submission to queue completion, median of `runs`.
 */
export async function benchMatmul(
  sizes: number[],
  runs: number,
  tiling?: MatmulTiling,
): Promise<MatmulRow[]> {
  const device = (tf.backend() as WebGPUBackend).device;
  const rows: MatmulRow[] = [];
  for (const n of sizes) {
    const data = Float32Array.from({ length: n * n }, (_, i) => Math.sin(i) * 0.5);
    const a = uploadBuffer(device, data);
    const c = outputBuffer(device, n * n);
    const oursMs = await medianMs(async () => {
      runMatmul(device, { a, b: a, bias: null, c }, { m: n, k: n, n }, 'linear', tiling);
      await idle(device);
    }, runs);
    const x = tf.tensor2d(data, [n, n]);
    const tfjsMs = await medianMs(async () => {
      const y = tf.matMul(x, x);
      // dataToGPU keeps the result on the GPU; waiting on the queue times the kernel only.
      const gpu = y.dataToGPU();
      await idle(device);
      gpu.tensorRef.dispose();
      y.dispose();
    }, runs);
    x.dispose();
    a.destroy();
    c.destroy();
    rows.push({ size: n, oursMs, tfjsMs, speedup: tfjsMs / oursMs });
  }
  return rows;
}
