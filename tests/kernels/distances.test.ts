import { beforeAll, describe, expect, it } from 'vitest';
import { maxRelativeError } from '../../src/kernels/compare';
import {
  DISTANCES_TOLERANCE,
  distancesCases,
  distancesInputs,
} from '../../src/kernels/distances/cases';
import { squaredDistancesGpu } from '../../src/kernels/distances/distances';
import { squaredDistancesCpu } from '../../src/kernels/distances/distances-cpu';
import { requestGpu } from '../../src/kernels/gpu/device';
import { installNodeWebGpu } from '../../src/kernels/node-gpu';

let device: GPUDevice;
beforeAll(async () => {
  device = (await requestGpu(await installNodeWebGpu())).device;
});

describe('squared-distances kernel on real WebGPU vs its CPU twin', () => {
  for (const c of distancesCases) {
    it(`${c.n} x ${c.m ?? c.n} points in ${c.dim} dimensions${c.offset ? `, offset ${c.offset}` : ''}`, async () => {
      const { x, y } = distancesInputs(c);
      const m = c.m ?? c.n;
      const gpu = await squaredDistancesGpu(device, x, c.n, c.dim, y ?? x, m);
      const cpu = squaredDistancesCpu(x, y ?? x, c.n, m, c.dim);
      expect(maxRelativeError(gpu, cpu)).toBeLessThanOrEqual(DISTANCES_TOLERANCE);
      if (!y) for (let i = 0; i < c.n; i++) expect(gpu[i * c.n + i]).toBe(0);
    });
  }

  it('the CPU twin matches the hand-computed distances of a 3-4-5 triangle', () => {
    const x = Float32Array.from([0, 0, 3, 0, 0, 4]);
    expect(Array.from(squaredDistancesCpu(x, x, 3, 3, 2))).toEqual([0, 9, 16, 9, 0, 25, 16, 25, 0]);
  });
});

describe('the /dimensionality lab through the kernel', () => {
  it('gives the CPU twin’s statistics when distances run on the GPU', async () => {
    const { runDimensionality } = await import('../../src/engine/dimensionality/run');
    const { DatasetLoader } = await import('../../src/engine/data/load');
    const data = new DatasetLoader({ read: async () => new Uint8Array() });
    const config = {
      points: 80,
      maxDimension: 100,
      maxFeatures: 20,
      informative: 5,
      redundant: 5,
      repeats: 1,
    };
    const gpu = await runDimensionality(config, {
      data,
      ops: { squaredDistances: (x, n, dim) => squaredDistancesGpu(device, x, n, dim) },
    });
    const cpu = await runDimensionality(config, { data });
    expect(gpu.distances).toBe('wgsl');
    expect(cpu.distances).toBe('cpu');
    gpu.concentration.forEach((row, i) => {
      expect(row.squaredDistanceCv).toBeCloseTo(cpu.concentration[i].squaredDistanceCv, 4);
      expect(row.relativeContrast / cpu.concentration[i].relativeContrast).toBeCloseTo(1, 2);
    });
  });
});
