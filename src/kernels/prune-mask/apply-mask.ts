import { readBuffer, uploadBuffer } from '../gpu/buffers';
import { dispatch } from '../gpu/dispatch';
import { elementwiseGrid } from '../gpu/grid';
import { pipelineCacheFor } from '../gpu/pipeline-cache';
import { checkMaskLength } from './apply-mask-cpu';
import code from './apply-mask.wgsl?raw';

/** Byte size of the WGSL `Params` struct: n u32. */
export const APPLY_MASK_PARAMS_BYTES = 4;

const WORKGROUP = 256;

export interface ApplyMaskBuffers {
  /** Read and written in place: weights w [n], afterwards w * m. */
  weights: GPUBuffer;
  /** Read: mask m [n] as f32 in {0, 1}. */
  mask: GPUBuffer;
}

/** Packs the uniform struct exactly as the WGSL declares it. */
export function packApplyMaskParams(n: number): ArrayBuffer {
  return Uint32Array.of(n).buffer;
}

/**
 * Encodes w <- w * m over the first n values on the device's queue (buffers on the GPU; either
 * may be longer than n). The pipeline does not depend on n, so it compiles once.
 */
export function runApplyMask(device: GPUDevice, buffers: ApplyMaskBuffers, n: number): void {
  if (n === 0) return;
  const pipeline = pipelineCacheFor(device).get('apply-mask', code, [], { WORKGROUP });
  const uniform = device.createBuffer({
    label: 'apply-mask params',
    size: APPLY_MASK_PARAMS_BYTES,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(uniform, 0, packApplyMaskParams(n));
  dispatch(
    device,
    pipeline,
    [uniform, buffers.weights, buffers.mask],
    elementwiseGrid(n, WORKGROUP),
    'apply-mask',
  );
  uniform.destroy();
}

/**
 * Uploads weights w [n] and mask m [n] (m[i] in {0, 1}; bytes are widened to f32), applies the
 * mask on the GPU and reads w * m [n] back.
 */
export async function applyMaskGpu(
  device: GPUDevice,
  weights: Float32Array,
  mask: Uint8Array | Float32Array,
): Promise<Float32Array> {
  checkMaskLength(weights.length, mask.length);
  const buffers: ApplyMaskBuffers = {
    weights: uploadBuffer(device, weights, 'weights'),
    mask: uploadBuffer(device, Float32Array.from(mask), 'mask'),
  };
  try {
    runApplyMask(device, buffers, weights.length);
    return await readBuffer(device, buffers.weights, weights.length);
  } finally {
    buffers.weights.destroy();
    buffers.mask.destroy();
  }
}
