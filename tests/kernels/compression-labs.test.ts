import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { requestGpu } from '../../src/kernels/gpu/device';
import { int8MatmulGpu } from '../../src/kernels/int8-matmul/int8-matmul';
import { installNodeWebGpu } from '../../src/kernels/node-gpu';
import { csrMatmulGpu } from '../../src/kernels/sparse-matmul/csr-matmul';
import { layerMasks } from '../../src/engine/pruning/masks';
import { inferenceReport } from '../../src/engine/pruning/reports';
import { quantizeMlp, runQuantizedMlp } from '../../src/engine/quantization/integer-mlp';
import { runQuantizedNetwork } from '../../src/engine/quantization/integer-network';
import type { ConvGeometry } from '../../src/engine/quantization/im2col';
import { applyMaskCpu } from '../../src/kernels/prune-mask/apply-mask-cpu';
import { createRng } from '../../src/engine/rng';

let device: GPUDevice;
beforeAll(async () => {
  device = (await requestGpu(await installNodeWebGpu())).device;
  await tf.setBackend('cpu');
});

/** A seeded ReLU MLP 784 -> 48 -> 10 and 64 rows of inputs in [0, 1]. */
function network(seed: number) {
  const rng = createRng(seed);
  const layer = (inputs: number, units: number, relu: boolean) => ({
    kernel: Float32Array.from({ length: inputs * units }, () => rng.normal() * 0.1),
    bias: Float32Array.from({ length: units }, () => rng.normal() * 0.1),
    inputs,
    units,
    relu,
  });
  const rows = 64;
  const x = Float32Array.from({ length: rows * 784 }, () => rng.uniform(0, 1));
  const y = Int32Array.from({ length: rows }, () => rng.int(10));
  return { layers: [layer(784, 48, true), layer(48, 10, false)], rows, x, y };
}

describe('the compression labs through our kernels on real WebGPU', () => {
  it('integer inference with the WGSL int8 product gives the CPU path’s codes exactly', async () => {
    const { layers, rows, x } = network(1);
    const ranges = [
      { min: 0, max: 1 },
      { min: 0, max: 4 },
      { min: -3, max: 3 },
    ];
    for (const bits of [8, 4]) {
      const model = quantizeMlp(layers, ranges, { weightBits: bits, activationBits: bits });
      let products = 0;
      const gpu = await runQuantizedMlp(model, x, rows, async (a, b, m, k, n) => {
        products++;
        return (await int8MatmulGpu(device, a, b, m, k, n)).c;
      });
      const cpu = await runQuantizedMlp(model, x, rows);
      expect(products).toBe(2);
      expect(Array.from(gpu.codes)).toEqual(Array.from(cpu.codes));
    }
  });

  it('integer CNN inference (im2col products) with the WGSL int8 product gives the CPU codes', async () => {
    // conv 3x3 (1 -> 4) on 8 x 8, pool, conv (4 -> 8), pool, dense 32 -> 12 -> 10; 5 rows.
    const rng = createRng(3);
    const normal = (n: number) => Float32Array.from({ length: n }, () => rng.normal() * 0.3);
    const layer = (inputs: number, units: number, relu: boolean, conv?: ConvGeometry) => ({
      kernel: normal(inputs * units),
      bias: normal(units),
      relu,
      ...(conv ? { conv } : {}),
    });
    const layers = [
      layer(9, 4, true, { height: 8, width: 8, channels: 1 }),
      layer(36, 8, true, { height: 4, width: 4, channels: 4 }),
      layer(32, 12, true),
      layer(12, 10, false),
    ];
    const rows = 5;
    const x = Float32Array.from({ length: rows * 64 }, () => rng.uniform(0, 1));
    const ranges = [
      { min: 0, max: 1 },
      { min: 0, max: 1.5 },
      { min: 0, max: 2 },
      { min: 0, max: 2 },
      { min: -2, max: 2 },
    ];
    for (const bits of [8, 4]) {
      const model = quantizeMlp(layers, ranges, { weightBits: bits, activationBits: bits });
      let products = 0;
      const gpu = await runQuantizedNetwork(
        model,
        x,
        rows,
        async (a, b, m, k, n) => {
          products++;
          return (await int8MatmulGpu(device, a, b, m, k, n)).c;
        },
        2,
      );
      const cpu = await runQuantizedNetwork(model, x, rows);
      expect(products).toBe(3 * 4); // batches of 2 rows: 3 batches x 4 layers
      expect(Array.from(gpu.codes)).toEqual(Array.from(cpu.codes));
      expect(new Set(cpu.codes).size).toBeGreaterThan(3);
    }
  });

  it('sparse inference with the WGSL CSR kernel matches the dense tfjs forward pass', async () => {
    const { layers, rows, x, y } = network(2);
    const masks = layerMasks(
      layers.map((l) => ({ weights: l.kernel, shape: [l.inputs, l.units] as [number, number] })),
      0.9,
      { kind: 'unstructured' },
    );
    const pruned = layers.map((l, i) => ({ ...l, kernel: applyMaskCpu(l.kernel, masks[i]) }));
    let calls = 0;
    const report = await inferenceReport(pruned, { x, y, rows }, (input, batch, wT) => {
      calls++;
      return csrMatmulGpu(device, input, batch, wT);
    });
    expect(report.sparseEngine).toBe('WGSL CSR kernel');
    expect(calls).toBe(3 * 2);
    expect(report.sparseAccuracy).toBe(report.denseAccuracy);
  });

  it('sparse CNN inference (im2col x CSR) with the WGSL CSR kernel matches dense tfjs', async () => {
    // MNIST-sized: 70 rows run as 2 batches, the first conv's 64 x 784 im2col rows in one dispatch.
    const rng = createRng(4);
    const layer = (inputs: number, units: number, relu: boolean, conv?: ConvGeometry) => ({
      kernel: Float32Array.from({ length: inputs * units }, () => rng.normal() * 0.3),
      bias: Float32Array.from({ length: units }, () => rng.normal() * 0.1),
      inputs,
      units,
      relu,
      ...(conv ? { conv } : {}),
    });
    const layers = [
      layer(9, 4, true, { height: 28, width: 28, channels: 1 }),
      layer(36, 8, true, { height: 14, width: 14, channels: 4 }),
      layer(392, 16, true),
      layer(16, 10, false),
    ];
    const masks = layerMasks(
      layers.map((l) => ({ weights: l.kernel, shape: [l.inputs, l.units] as [number, number] })),
      0.7,
      { kind: 'unstructured' },
    );
    const pruned = layers.map((l, i) => ({ ...l, kernel: applyMaskCpu(l.kernel, masks[i]) }));
    const rows = 70;
    const x = Float32Array.from({ length: rows * 784 }, () => rng.uniform(0, 1));
    const y = Int32Array.from({ length: rows }, () => rng.int(10));
    let calls = 0;
    const report = await inferenceReport(pruned, { x, y, rows }, (input, batch, wT) => {
      calls++;
      return csrMatmulGpu(device, input, batch, wT);
    });
    expect(calls).toBe(3 * 2 * 4);
    expect(report.sparseAccuracy).toBe(report.denseAccuracy);
  });
});
