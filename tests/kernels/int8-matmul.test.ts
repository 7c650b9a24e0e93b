import { beforeAll, describe, expect, it } from 'vitest';
import { int8Matmul } from '../../src/engine/quantization/int8-matmul';
import { requestGpu, type GpuContext } from '../../src/kernels/gpu/device';
import { pipelineCacheFor } from '../../src/kernels/gpu/pipeline-cache';
import { int8MatmulCases, int8MatmulInputs } from '../../src/kernels/int8-matmul/cases';
import {
  int8DotPath,
  int8MatmulGpu,
  packedDotSupported,
  type Int8DotPath,
} from '../../src/kernels/int8-matmul/int8-matmul';
import { packInt8Columns, packInt8Rows } from '../../src/kernels/int8-matmul/pack';
import { installNodeWebGpu } from '../../src/kernels/node-gpu';

let gpu: GpuContext;
let packedDot = false;

beforeAll(async () => {
  // No adapter is a failure, never a skip: these tests exist to run WGSL on a real adapter.
  gpu = await requestGpu(await installNodeWebGpu());
  packedDot = packedDotSupported();
});

describe('int8 packing', () => {
  it('puts element 4q + j in byte j of word q, two complement, zero-padded', () => {
    const packed = packInt8Rows(Int8Array.from([1, -1, -128, 127, 5, 2, -3, 0, 0, 0]), 2, 5);
    expect(Array.from(packed)).toEqual([0x7f80ff01, 0x00000005, 0x0000fd02, 0x00000000]);
  });

  it('packs by columns as the rows of the transpose', () => {
    const values = Int8Array.from([1, 2, 3, 4, 5, 6]); // [3, 2]
    expect(Array.from(packInt8Columns(values, 3, 2))).toEqual([0x00050301, 0x00060402]);
  });
});

describe('int8 x int8 -> int32 kernel on real WebGPU vs int8Matmul (exact)', () => {
  const paths: Int8DotPath[] = ['portable', 'dot4I8Packed'];
  for (const path of paths) {
    for (const c of int8MatmulCases) {
      it(`${path}: ${c.m}x${c.k} @ ${c.k}x${c.n}, ${c.fill}`, async (context) => {
        if (path === 'dot4I8Packed' && !packedDot)
          context.skip('this adapter lacks WGSL packed_4x8_integer_dot_product');
        const { a, b } = int8MatmulInputs(c);
        const expected = int8Matmul(a, b, c.m, c.k, c.n);
        const actual = await int8MatmulGpu(gpu.device, a, b, c.m, c.k, c.n, {
          packedDot: path === 'dot4I8Packed',
        });
        expect(actual.path).toBe(path);
        expect(actual.c).toEqual(expected);
      });
    }
  }

  it('the reference gives the hand-computed extremes: k * (-128)^2 and k * (-128 * 127)', () => {
    const k = 4099;
    expect(int8Matmul(new Int8Array(k).fill(-128), new Int8Array(k).fill(-128), 1, k, 1)[0]).toBe(
      k * 16384,
    );
    expect(int8Matmul(new Int8Array(k).fill(-128), new Int8Array(k).fill(127), 1, k, 1)[0]).toBe(
      -k * 16256,
    );
  });

  it('uses the builtin by default where the adapter has it, and refuses to force it otherwise', async () => {
    expect(int8DotPath()).toBe(packedDot ? 'dot4I8Packed' : 'portable');
    expect(int8DotPath(false)).toBe('portable');
    const one = Int8Array.from([-2]);
    const { c, path } = await int8MatmulGpu(gpu.device, one, one, 1, 1, 1);
    expect([c[0], path]).toEqual([4, int8DotPath()]);
    const without = { wgslLanguageFeatures: new Set<string>() } as unknown as GPU;
    expect(() => int8DotPath(true, without)).toThrow(/packed_4x8_integer_dot_product/);
    expect(int8DotPath(undefined, without)).toBe('portable');
  });

  it('compiles one pipeline per path and shape', async () => {
    const cache = pipelineCacheFor(gpu.device);
    const { a, b } = int8MatmulInputs({ m: 5, k: 6, n: 7, fill: 'uniform', seed: 11 });
    await int8MatmulGpu(gpu.device, a, b, 5, 6, 7, { packedDot: false });
    const after = cache.size;
    await int8MatmulGpu(gpu.device, a, b, 5, 6, 7, { packedDot: false });
    expect(cache.size).toBe(after);
    if (packedDot) {
      await int8MatmulGpu(gpu.device, a, b, 5, 6, 7, { packedDot: true });
      expect(cache.size).toBe(after + 1);
    }
  });
});
