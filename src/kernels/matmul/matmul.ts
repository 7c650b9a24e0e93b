import { outputBuffer, readBuffer, uploadBuffer } from '../gpu/buffers';
import { dispatch } from '../gpu/dispatch';
import { pipelineCacheFor } from '../gpu/pipeline-cache';
import code from './matmul.wgsl?raw';
import { matmulActivations, type MatmulActivation, type MatmulShape } from './matmul-types';

/** Threads per workgroup side and K-slice depth; each workgroup computes a (4 WG)^2 tile of C. */
export interface MatmulTiling {
  workgroup: number;
  tileK: number;
}

export const defaultTiling: MatmulTiling = { workgroup: 8, tileK: 32 };

export interface MatmulBuffers {
  /** A [m, k] */
  a: GPUBuffer;
  /** B [k, n] */
  b: GPUBuffer;
  /** bias [n], or null for none */
  bias: GPUBuffer | null;
  /** C [m, n], written */
  c: GPUBuffer;
}

const emptyBiases = new WeakMap<GPUDevice, GPUBuffer>();

/**
 * Encodes C = act(A @ B + bias) on the device's queue (buffers already on the GPU).
 * Does not wait for completion; read C with `readBuffer`.
 */
export function runMatmul(
  device: GPUDevice,
  buffers: MatmulBuffers,
  { m, k, n }: MatmulShape,
  activation: MatmulActivation = 'linear',
  tiling: MatmulTiling = defaultTiling,
): void {
  const overrides = {
    M: m,
    K: k,
    N: n,
    WG: tiling.workgroup,
    TILE_K: tiling.tileK,
    ACTIVATION: matmulActivations.indexOf(activation),
    HAS_BIAS: buffers.bias ? 1 : 0,
  };
  const pipeline = pipelineCacheFor(device).get(
    'matmul',
    code,
    [
      [m, k],
      [k, n],
    ],
    overrides,
  );
  let bias = buffers.bias;
  if (!bias) {
    bias = emptyBiases.get(device) ?? uploadBuffer(device, new Float32Array(1), 'no-bias');
    emptyBiases.set(device, bias);
  }
  const tile = tiling.workgroup * 4;
  dispatch(
    device,
    pipeline,
    [buffers.a, buffers.b, bias, buffers.c],
    [Math.ceil(n / tile), Math.ceil(m / tile)],
    'matmul',
  );
}

/** Uploads A, B and bias, runs the kernel and reads C back: C [m, n] row-major. */
export async function matmulGpu(
  device: GPUDevice,
  a: Float32Array,
  b: Float32Array,
  bias: Float32Array | null,
  shape: MatmulShape,
  activation: MatmulActivation = 'linear',
  tiling: MatmulTiling = defaultTiling,
): Promise<Float32Array> {
  const buffers: MatmulBuffers = {
    a: uploadBuffer(device, a, 'A'),
    b: uploadBuffer(device, b, 'B'),
    bias: bias ? uploadBuffer(device, bias, 'bias') : null,
    c: outputBuffer(device, shape.m * shape.n, 'C'),
  };
  try {
    runMatmul(device, buffers, shape, activation, tiling);
    return await readBuffer(device, buffers.c, shape.m * shape.n);
  } finally {
    for (const buffer of Object.values(buffers)) buffer?.destroy();
  }
}
