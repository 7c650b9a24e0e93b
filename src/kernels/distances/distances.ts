import { outputBuffer, readBuffer, uploadBuffer } from '../gpu/buffers';
import { dispatch } from '../gpu/dispatch';
import { pipelineCacheFor } from '../gpu/pipeline-cache';
import code from './distances.wgsl?raw';

/** Threads per workgroup side; each workgroup computes a (4 WG)^2 tile of D. */
const WG = 8;
const TILE_K = 32;

/** Encodes D = squared distances of X [n, dim] and Y [m, dim] (buffers on the GPU). */
export function runSquaredDistances(
  device: GPUDevice,
  buffers: { x: GPUBuffer; y: GPUBuffer; d: GPUBuffer },
  n: number,
  m: number,
  dim: number,
): void {
  const pipeline = pipelineCacheFor(device).get(
    'distances',
    code,
    [
      [n, dim],
      [m, dim],
    ],
    { N: n, M: m, DIM: dim, WG, TILE_K },
  );
  const tile = 4 * WG;
  dispatch(
    device,
    pipeline,
    [buffers.x, buffers.y, buffers.d],
    [Math.ceil(m / tile), Math.ceil(n / tile)],
    'distances',
  );
}

/** Uploads X and Y (Y = X when omitted), runs the kernel and reads D [n, m] back. */
export async function squaredDistancesGpu(
  device: GPUDevice,
  x: Float32Array,
  n: number,
  dim: number,
  y: Float32Array = x,
  m: number = n,
): Promise<Float32Array> {
  const buffers = {
    x: uploadBuffer(device, x, 'X'),
    y: y === x ? null : uploadBuffer(device, y, 'Y'),
    d: outputBuffer(device, n * m, 'D'),
  };
  try {
    runSquaredDistances(
      device,
      { x: buffers.x, y: buffers.y ?? buffers.x, d: buffers.d },
      n,
      m,
      dim,
    );
    return await readBuffer(device, buffers.d, n * m);
  } finally {
    buffers.x.destroy();
    buffers.y?.destroy();
    buffers.d.destroy();
  }
}
