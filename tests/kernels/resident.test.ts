import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetLoader } from '../../src/engine/data/load';
import { fromFloat32 } from '../../src/engine/reduction/dense';
import { fitPca } from '../../src/engine/reduction/pca';
import { createRng } from '../../src/engine/rng';
import { maxRelativeError } from '../../src/kernels/compare';
import { requestGpu } from '../../src/kernels/gpu/device';
import { MATMUL_TOLERANCE } from '../../src/kernels/matmul/cases';
import { matmulCpu } from '../../src/kernels/matmul/matmul-cpu';
import { residentMatrix } from '../../src/kernels/matmul/resident';
import { installNodeWebGpu } from '../../src/kernels/node-gpu';

let device: GPUDevice;
beforeAll(async () => {
  device = (await requestGpu(await installNodeWebGpu())).device;
});

const random = (length: number, seed: number) => {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.normal());
};

describe('a matrix resident on the GPU (our matmul) vs the CPU twin', () => {
  for (const [rows, cols, p] of [
    [300, 70, 13],
    [1000, 257, 60],
  ]) {
    it(`A [${rows}, ${cols}] times and transpose-times thin [*, ${p}]`, async () => {
      const a = random(rows * cols, 1);
      const transposed = new Float32Array(rows * cols);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) transposed[j * rows + i] = a[i * cols + j];
      const right = random(cols * p, 2);
      const left = random(rows * p, 3);
      const resident = residentMatrix(device, a, rows, cols);
      try {
        const times = await resident.times(right, p);
        const cpuTimes = matmulCpu(a, right, null, rows, cols, p);
        expect(maxRelativeError(times, cpuTimes)).toBeLessThanOrEqual(MATMUL_TOLERANCE);
        const back = await resident.transposeTimes(left, p);
        const cpuBack = matmulCpu(transposed, left, null, cols, rows, p);
        expect(maxRelativeError(back, cpuBack)).toBeLessThanOrEqual(MATMUL_TOLERANCE);
      } finally {
        resident.dispose();
      }
    });
  }
});

describe('PCA of MNIST with the power iterations on the GPU', () => {
  it('gives the float64 CPU result: variance ratios to 1e-4, components up to sign to 1e-3', async () => {
    const loader = new DatasetLoader({
      read: async (file) => new Uint8Array(await readFile(`static/data/${file}`)),
    });
    const data = await loader.load('mnist', { samples: 2000, noise: 0, seed: 1 });
    const x = fromFloat32(data.x, data.rows, data.features);
    let products = 0;
    const gpu = await fitPca(x, 20, {
      solver: 'randomized',
      rng: createRng(1),
      ops: {
        residentMatrix: (a, rows, cols) => {
          const resident = residentMatrix(device, a, rows, cols);
          const count =
            <T extends unknown[]>(f: (...args: T) => Promise<Float32Array>) =>
            (...args: T) => {
              products++;
              return f(...args);
            };
          return {
            times: count(resident.times),
            transposeTimes: count(resident.transposeTimes),
            dispose: resident.dispose,
          };
        },
      },
    });
    const cpu = await fitPca(x, 20, { solver: 'randomized', rng: createRng(1) });
    expect(products).toBe(16);
    gpu.explainedVarianceRatio.forEach((v, c) =>
      expect(Math.abs(v - cpu.explainedVarianceRatio[c])).toBeLessThan(1e-4),
    );
    for (let c = 0; c < 20; c++) {
      let plus = 0;
      let minus = 0;
      for (let j = 0; j < x.cols; j++) {
        const [g, h] = [gpu.components.data[c * x.cols + j], cpu.components.data[c * x.cols + j]];
        plus = Math.max(plus, Math.abs(g - h));
        minus = Math.max(minus, Math.abs(g + h));
      }
      expect(Math.min(plus, minus)).toBeLessThan(1e-3);
    }
  });
});
