import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBuffer, uploadBuffer } from '../../src/kernels/gpu/buffers';
import {
  APPLY_MASK_PARAMS_BYTES,
  applyMaskGpu,
  packApplyMaskParams,
  runApplyMask,
} from '../../src/kernels/prune-mask/apply-mask';
import { applyMaskCpu } from '../../src/kernels/prune-mask/apply-mask-cpu';
import { applyMaskOnGpu } from '../../src/kernels/prune-mask/apply-mask-op';
import code from '../../src/kernels/prune-mask/apply-mask.wgsl?raw';
import { applyMaskCases, applyMaskInputs } from '../../src/kernels/prune-mask/cases';
import { tfjsWebGpuDevice } from './tfjs-webgpu';

let device: GPUDevice;

beforeAll(async () => {
  // tfjs on WebGPU and our kernel share one device, as in a worker.
  device = await tfjsWebGpuDevice();
});

describe('mask kernel on real WebGPU vs its CPU twin', () => {
  it('packs the uniform struct in the 4 bytes the WGSL declares', () => {
    expect(code).toMatch(/struct Params \{\s*n: u32,\s*\}/);
    expect(packApplyMaskParams(9).byteLength).toBe(APPLY_MASK_PARAMS_BYTES);
    expect(new DataView(packApplyMaskParams(9)).getUint32(0, true)).toBe(9);
  });

  for (const c of applyMaskCases) {
    it(`${c.n} weights, ${c.sparsity * 100}% pruned, ${c.maskType} mask: exactly w * m`, async () => {
      const { weights, mask } = applyMaskInputs(c);
      const cpu = applyMaskCpu(weights, mask);
      expect(await applyMaskGpu(device, weights, mask)).toEqual(cpu);
      const kept = Array.from(mask).reduce((sum, m) => sum + m, 0);
      expect(cpu.filter((w) => w !== 0).length).toBe(kept);
    });
  }

  it('works in place on the first n values of a longer buffer', async () => {
    const weights = Float32Array.from({ length: 300 }, (_, i) => i + 1);
    const mask = Float32Array.from({ length: 300 }, (_, i) => i % 2);
    const buffers = { weights: uploadBuffer(device, weights), mask: uploadBuffer(device, mask) };
    runApplyMask(device, buffers, 260);
    const out = await readBuffer(device, buffers.weights, 300);
    buffers.weights.destroy();
    buffers.mask.destroy();
    out.forEach((w, i) => expect(w).toBe(i < 260 ? weights[i] * mask[i] : weights[i]));
  });

  it('indexes a two-row grid past 65,535 workgroups (16.8 million weights)', async () => {
    const n = 65_535 * 256 + 1001;
    const weights = Float32Array.from({ length: n }, (_, i) => (i % 1000) + 1);
    const mask = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1));
    const out = await applyMaskGpu(device, weights, mask);
    for (let i = 0; i < n; i += i < n - 2000 ? 4099 : 1)
      expect(out[i], `index ${i}`).toBe(weights[i] * mask[i]);
  });

  it('rejects a mask of another length', async () => {
    await expect(applyMaskGpu(device, new Float32Array(4), new Uint8Array(3))).rejects.toThrow(
      '4 weights but 3 mask entries',
    );
  });
});

describe('the kernel as a tfjs update on the WebGPU backend', () => {
  it('masks a variable in place with a float or bool mask and leaks no tensors', async () => {
    const c = applyMaskCases[4];
    const { weights, mask } = applyMaskInputs(c);
    const variable = tf.variable(tf.tensor2d(weights, [c.n, 1]));
    const applyMask = applyMaskOnGpu(device);
    const floatMask = tf.tensor2d(Float32Array.from(mask), [c.n, 1]);
    const before = tf.memory().numTensors;
    applyMask(variable, floatMask);
    expect(tf.memory().numTensors).toBe(before);
    expect(await variable.data()).toEqual(applyMaskCpu(weights, mask));

    const evens = Array.from({ length: c.n }, (_, i) => [i % 2 === 0]);
    const boolMask = tf.tensor2d(evens, [c.n, 1], 'bool');
    applyMask(variable, boolMask);
    const expected = applyMaskCpu(
      applyMaskCpu(weights, mask),
      Float32Array.from({ length: c.n }, (_, i) => (i % 2 === 0 ? 1 : 0)),
    );
    expect(await variable.data()).toEqual(expected);
    const short = tf.zeros([3]);
    expect(() => applyMask(variable, short)).toThrow('mask entries');
    tf.dispose([variable, floatMask, boolMask, short]);
  });
});
