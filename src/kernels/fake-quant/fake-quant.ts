import { nudge, type NudgedRange } from '../../engine/quantization/fake-quant';
import { outputBuffer, readBuffer, uploadBuffer } from '../gpu/buffers';
import { dispatch } from '../gpu/dispatch';
import { elementwiseGrid } from '../gpu/grid';
import { pipelineCacheFor } from '../gpu/pipeline-cache';
import code from './fake-quant.wgsl?raw';

/** Byte size of the WGSL `Params` struct: n u32, nudgedMin f32, nudgedMax f32, scale f32. */
export const FAKE_QUANT_PARAMS_BYTES = 16;

const WORKGROUP = 256;

export interface FakeQuantBuffers {
  /** Read: x [n]. */
  values: GPUBuffer;
  /** Written: the fake-quantized x [n]. */
  quantized: GPUBuffer;
}

/** Packs the uniform struct exactly as the WGSL declares it. */
export function packFakeQuantParams(
  n: number,
  { nudgedMin, nudgedMax, scale }: NudgedRange,
): ArrayBuffer {
  const bytes = new ArrayBuffer(FAKE_QUANT_PARAMS_BYTES);
  const view = new DataView(bytes);
  view.setUint32(0, n, true);
  view.setFloat32(4, nudgedMin, true);
  view.setFloat32(8, nudgedMax, true);
  view.setFloat32(12, scale, true);
  return bytes;
}

/**
 * Encodes y = fakeQuant(x) on the device's queue, x and y [n] on the GPU, with the grid `range`
 * from nudge(). The pipeline does not depend on n or the range, so it compiles once.
 */
export function runFakeQuant(
  device: GPUDevice,
  buffers: FakeQuantBuffers,
  n: number,
  range: NudgedRange,
): void {
  if (n === 0) return;
  const pipeline = pipelineCacheFor(device).get('fake-quant', code, [], { WORKGROUP });
  const uniform = device.createBuffer({
    label: 'fake-quant params',
    size: FAKE_QUANT_PARAMS_BYTES,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(uniform, 0, packFakeQuantParams(n, range));
  dispatch(
    device,
    pipeline,
    [uniform, buffers.values, buffers.quantized],
    elementwiseGrid(n, WORKGROUP),
    'fake-quant',
  );
  uniform.destroy();
}

/**
 * Uploads x [n], fake-quantizes it to `bits` bits over [min, max] (nudged; see nudge()) and reads
 * y [n] back. Throws the validation Error of nudge() for a bad bit width or range.
 */
export async function fakeQuantGpu(
  device: GPUDevice,
  x: Float32Array,
  min: number,
  max: number,
  bits: number,
  narrowRange: boolean,
): Promise<{ output: Float32Array }> {
  const range = nudge(min, max, bits, narrowRange);
  const buffers: FakeQuantBuffers = {
    values: uploadBuffer(device, x, 'fake-quant x'),
    quantized: outputBuffer(device, x.length, 'fake-quant y'),
  };
  try {
    runFakeQuant(device, buffers, x.length, range);
    return { output: await readBuffer(device, buffers.quantized, x.length) };
  } finally {
    buffers.values.destroy();
    buffers.quantized.destroy();
  }
}
