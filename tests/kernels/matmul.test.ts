import { beforeAll, describe, expect, it } from 'vitest';
import { requestGpu, type GpuContext } from '../../src/kernels/gpu/device';
import { pipelineCacheFor, pipelineKey } from '../../src/kernels/gpu/pipeline-cache';
import { maxRelativeError } from '../../src/kernels/compare';
import { MATMUL_TOLERANCE, matmulCases, matmulInputs } from '../../src/kernels/matmul/cases';
import { matmulGpu } from '../../src/kernels/matmul/matmul';
import { matmulCpu } from '../../src/kernels/matmul/matmul-cpu';
import { installNodeWebGpu } from '../../src/kernels/node-gpu';

let gpu: GpuContext;

beforeAll(async () => {
  // No adapter is a failure, never a skip: these tests exist to run WGSL on a real adapter.
  gpu = await requestGpu(await installNodeWebGpu());
});

describe('matmul kernel on real WebGPU vs its CPU twin', () => {
  it('runs on a real adapter', () => {
    expect(gpu.device).toBeDefined();
    expect(gpu.description.name.length).toBeGreaterThan(0);
  });

  for (const c of matmulCases) {
    it(`${c.m}x${c.k} @ ${c.k}x${c.n}, ${c.activation}${c.bias ? ' + bias' : ''}`, async () => {
      const { a, b, bias } = matmulInputs(c);
      const expected = matmulCpu(a, b, bias, c.m, c.k, c.n, c.activation);
      const actual = await matmulGpu(gpu.device, a, b, bias, c, c.activation);
      expect(maxRelativeError(actual, expected)).toBeLessThanOrEqual(MATMUL_TOLERANCE);
    });
  }

  it('gives the same result with other tilings', async () => {
    const c = matmulCases[3];
    const { a, b, bias } = matmulInputs(c);
    const expected = matmulCpu(a, b, bias, c.m, c.k, c.n, c.activation);
    for (const tiling of [
      { workgroup: 4, tileK: 8 },
      { workgroup: 16, tileK: 16 },
    ]) {
      const actual = await matmulGpu(gpu.device, a, b, bias, c, c.activation, tiling);
      expect(maxRelativeError(actual, expected)).toBeLessThanOrEqual(MATMUL_TOLERANCE);
    }
  });

  it('compiles once per shape and overrides (pipeline cache)', async () => {
    const cache = pipelineCacheFor(gpu.device);
    const c = { m: 5, k: 6, n: 7 };
    const inputs = matmulInputs({ ...c, activation: 'relu', bias: true, seed: 11 });
    await matmulGpu(gpu.device, inputs.a, inputs.b, inputs.bias, c, 'relu');
    const after = cache.size;
    await matmulGpu(gpu.device, inputs.a, inputs.b, inputs.bias, c, 'relu');
    expect(cache.size).toBe(after);
    await matmulGpu(gpu.device, inputs.a, inputs.b, null, c, 'relu');
    expect(cache.size).toBe(after + 1);
  });
});

describe('pipelineKey', () => {
  it('orders overrides so the same set gives the same key', () => {
    expect(pipelineKey('op', [[2, 3]], { B: 1, A: 2 })).toBe(
      pipelineKey('op', [[2, 3]], { A: 2, B: 1 }),
    );
    expect(pipelineKey('op', [[2, 3]], { A: 1 })).not.toBe(pipelineKey('op', [[3, 2]], { A: 1 }));
  });
});
