import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { outputBuffer, uploadBuffer } from '../src/kernels/gpu/buffers';
import { runSquaredDistances } from '../src/kernels/distances/distances';
import { medianMs, printTable } from './timing';

export interface DistancesRow {
  points: number;
  dimensions: number;
  oursMs: number;
  tfjsMs: number;
}

/**
 * All squared pairwise distances of n points in d dimensions on the same WebGPU device: our
 * kernel (sums of squared differences) vs the usual tfjs expression
 * |x|^2 + |y|^2 - 2 x y^T (one matMul plus broadcasts). tfjs must be on 'webgpu'.
 */
export async function benchDistances(n: number, d: number, runs: number): Promise<DistancesRow> {
  const device = (tf.backend() as WebGPUBackend).device;
  const data = Float32Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.37));
  const x = uploadBuffer(device, data);
  const out = outputBuffer(device, n * n);
  const oursMs = await medianMs(async () => {
    runSquaredDistances(device, { x, y: x, d: out }, n, n, d);
    await device.queue.onSubmittedWorkDone();
  }, runs);
  const points = tf.tensor2d(data, [n, d]);
  const tfjsMs = await medianMs(async () => {
    const result = tf.tidy(() => {
      const norms = tf.sum(tf.square(points), 1, true);
      return tf.add(
        tf.sub(norms, tf.mul(2, tf.matMul(points, points, false, true))),
        tf.transpose(norms),
      );
    });
    const gpu = result.dataToGPU();
    await device.queue.onSubmittedWorkDone();
    gpu.tensorRef.dispose();
    result.dispose();
  }, runs);
  points.dispose();
  x.destroy();
  out.destroy();
  const row = { points: n, dimensions: d, oursMs, tfjsMs };
  printTable(
    'Pairwise squared distances, same WebGPU adapter: our WGSL kernel vs a tfjs expression (median)',
    ['points', 'dimensions', 'ours ms', 'tfjs ms', 'tfjs / ours'],
    [[n, d, oursMs.toFixed(0), tfjsMs.toFixed(0), `${(tfjsMs / oursMs).toFixed(2)}x`]],
  );
  return row;
}
