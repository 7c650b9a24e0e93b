import { beforeAll, describe, expect, it } from 'vitest';
import { csrMatmulCpu, toCsr } from '../../src/engine/pruning/csr';
import { maxRelativeError } from '../../src/kernels/compare';
import { requestGpu } from '../../src/kernels/gpu/device';
import { matmulCpu } from '../../src/kernels/matmul/matmul-cpu';
import { installNodeWebGpu } from '../../src/kernels/node-gpu';
import {
  CSR_MATMUL_TOLERANCE,
  csrMatmulCases,
  csrMatmulInputs,
} from '../../src/kernels/sparse-matmul/cases';
import { csrMatmulGpu } from '../../src/kernels/sparse-matmul/csr-matmul';

let device: GPUDevice;
beforeAll(async () => {
  // No adapter is a failure, never a skip: these tests exist to run WGSL on a real adapter.
  device = (await requestGpu(await installNodeWebGpu())).device;
});

describe('CSR x dense kernel on real WebGPU vs its CPU twin and the dense product', () => {
  for (const c of csrMatmulCases) {
    const label = `${c.batch}x${c.inputs} @ ${c.inputs}x${c.units} at ${c.sparsity * 100}% zeros`;
    it(`${label}${c.deadUnit ? ', unit 0 pruned away' : ''}`, async () => {
      const { x, w, wT } = csrMatmulInputs(c);
      expect(wT.values.length).toBe(w.filter((v) => v !== 0).length);
      const cpu = csrMatmulCpu(x, c.batch, wT);
      const dense = matmulCpu(x, w, null, c.batch, c.inputs, c.units);
      const gpu = await csrMatmulGpu(device, x, c.batch, wT);
      expect(maxRelativeError(gpu, cpu)).toBeLessThanOrEqual(CSR_MATMUL_TOLERANCE);
      expect(maxRelativeError(gpu, dense)).toBeLessThanOrEqual(CSR_MATMUL_TOLERANCE);
      for (let u = 0; u < c.units; u++) {
        if (wT.rowStart[u] !== wT.rowStart[u + 1]) continue;
        for (let b = 0; b < c.batch; b++) expect(gpu[b * c.units + u]).toBe(0);
      }
    });
  }

  it('the CPU twin matches a hand-computed product', () => {
    // X [2, 3], W [3, 2] with two zeros: Y = X W.
    const x = Float32Array.from([1, 2, 3, -1, 0, 2]);
    const w = Float32Array.from([1, 0, 0, 2, -1, 0.5]);
    const wT = toCsr(w, 3, 2, true);
    expect(Array.from(wT.rowStart)).toEqual([0, 2, 4]);
    expect(Array.from(csrMatmulCpu(x, 2, wT))).toEqual([-2, 5.5, -3, 1]);
  });
});
