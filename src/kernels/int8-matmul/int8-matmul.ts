import { outputBuffer, readBuffer, uploadBuffer } from '../gpu/buffers';
import { dispatch } from '../gpu/dispatch';
import { pipelineCacheFor } from '../gpu/pipeline-cache';
import type { MatmulShape } from '../matmul/matmul-types';
import dot4Packed from './dot4-packed.wgsl?raw';
import dot4Portable from './dot4-portable.wgsl?raw';
import body from './int8-matmul.wgsl?raw';
import { packInt8Columns, packInt8Rows, packedWords } from './pack';

/** How the kernel takes a dot product of 4 packed int8: the WGSL builtin or shifts and multiplies. */
export type Int8DotPath = 'dot4I8Packed' | 'portable';

/** WGSL language feature that provides `dot4I8Packed`. */
export const PACKED_DOT_FEATURE = 'packed_4x8_integer_dot_product';

/** Threads per workgroup side; each thread computes 4 x 4 of C, a workgroup (4 WG)^2. */
const WG = 8;

/** Whether `gpu` (default: navigator.gpu, as installNodeWebGpu sets in Node) has the builtin. */
export function packedDotSupported(gpu?: GPU): boolean {
  const platform = gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  return platform?.wgslLanguageFeatures?.has(PACKED_DOT_FEATURE) ?? false;
}

/**
 * The path a run takes: `packedDot` false gives 'portable'; true demands the builtin (throws
 * without it); unset picks the builtin when the platform has it.
 */
export function int8DotPath(packedDot?: boolean, gpu?: GPU): Int8DotPath {
  const supported = packedDotSupported(gpu);
  if (packedDot && !supported) throw new Error(`this adapter's WGSL lacks ${PACKED_DOT_FEATURE}`);
  return (packedDot ?? supported) ? 'dot4I8Packed' : 'portable';
}

export interface Int8MatmulBuffers {
  /** A packed by rows: [m, ceil(k / 4)] u32 (packInt8Rows). */
  a: GPUBuffer;
  /** B packed by columns, i.e. B^T packed by rows: [n, ceil(k / 4)] u32 (packInt8Columns). */
  bT: GPUBuffer;
  /** C [m, n] i32, written. */
  c: GPUBuffer;
}

/** Encodes C = A @ B (int8 x int8 -> exact i32) on the device's queue; does not wait. */
export function runInt8Matmul(
  device: GPUDevice,
  buffers: Int8MatmulBuffers,
  { m, k, n }: MatmulShape,
  path: Int8DotPath = int8DotPath(),
): void {
  const code = (path === 'dot4I8Packed' ? dot4Packed : dot4Portable) + '\n' + body;
  const overrides = { M: m, N: n, K4: packedWords(k), WG };
  const shapes = [
    [m, k],
    [k, n],
  ];
  const pipeline = pipelineCacheFor(device).get(`int8-matmul-${path}`, code, shapes, overrides);
  const tile = 4 * WG;
  const workgroups: [number, number] = [Math.ceil(n / tile), Math.ceil(m / tile)];
  dispatch(device, pipeline, [buffers.a, buffers.bT, buffers.c], workgroups, 'int8-matmul');
}

/** buffers.ts moves float32 arrays; a same-type copy keeps every bit, so ints travel as views. */
const bits = (words: Uint32Array) => new Float32Array(words.buffer, words.byteOffset, words.length);

/**
 * Packs A [m, k] and B [k, n] (row-major int8), runs the kernel and reads back C [m, n] int32,
 * equal to int8Matmul(a, b, m, k, n) (src/engine/quantization/int8-matmul.ts, its CPU twin).
 */
export async function int8MatmulGpu(
  device: GPUDevice,
  a: Int8Array,
  b: Int8Array,
  m: number,
  k: number,
  n: number,
  options: { packedDot?: boolean } = {},
): Promise<{ c: Int32Array; path: Int8DotPath }> {
  const path = int8DotPath(options.packedDot);
  const buffers: Int8MatmulBuffers = {
    a: uploadBuffer(device, bits(packInt8Rows(a, m, k)), 'A int8x4'),
    bT: uploadBuffer(device, bits(packInt8Columns(b, k, n)), 'B^T int8x4'),
    c: outputBuffer(device, m * n, 'C i32'),
  };
  try {
    runInt8Matmul(device, buffers, { m, k, n }, path);
    const c = await readBuffer(device, buffers.c, m * n);
    return { c: new Int32Array(c.buffer, c.byteOffset, c.length), path };
  } finally {
    for (const buffer of Object.values(buffers)) buffer.destroy();
  }
}
