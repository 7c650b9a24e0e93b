import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  fakeQuant,
  fakeQuantGradient,
  fakeQuantValue,
  nudge,
} from '../../src/engine/quantization/fake-quant';
import {
  FAKE_QUANT_TOLERANCE,
  fakeQuantCases,
  fakeQuantError,
  fakeQuantInputs,
} from '../../src/kernels/fake-quant/cases';
import {
  FAKE_QUANT_PARAMS_BYTES,
  fakeQuantGpu,
  packFakeQuantParams,
} from '../../src/kernels/fake-quant/fake-quant';
import { fakeQuantOnGpu } from '../../src/kernels/fake-quant/fake-quant-op';
import code from '../../src/kernels/fake-quant/fake-quant.wgsl?raw';
import { tfjsWebGpuDevice } from './tfjs-webgpu';

let device: GPUDevice;

beforeAll(async () => {
  // tfjs on WebGPU and our kernel share one device, as in a worker.
  device = await tfjsWebGpuDevice();
});

describe('fake-quantization kernel on real WebGPU vs its CPU twin', () => {
  it('packs the uniform struct in the 16 bytes the WGSL declares', () => {
    expect(code).toMatch(
      /struct Params \{\s*n: u32,\s*nudgedMin: f32,\s*nudgedMax: f32,\s*scale: f32,\s*\}/,
    );
    const range = nudge(-0.125, 63.625, 8, false);
    const bytes = packFakeQuantParams(7, range);
    expect(bytes.byteLength).toBe(FAKE_QUANT_PARAMS_BYTES);
    const view = new DataView(bytes);
    expect([
      view.getUint32(0, true),
      view.getFloat32(4, true),
      view.getFloat32(8, true),
      view.getFloat32(12, true),
    ]).toEqual([7, -0.25, 63.5, 0.25]);
  });

  for (const c of fakeQuantCases) {
    it(`${c.n} values, ${c.bits} bits${c.narrowRange ? ' narrow' : ''}, [${c.min}, ${c.max}]`, async () => {
      const x = fakeQuantInputs(c);
      const { output } = await fakeQuantGpu(device, x, c.min, c.max, c.bits, c.narrowRange);
      const cpu = fakeQuant(x, c.min, c.max, c.bits, c.narrowRange);
      const range = nudge(c.min, c.max, c.bits, c.narrowRange);
      expect(fakeQuantError(x, output, cpu, range)).toBeLessThanOrEqual(FAKE_QUANT_TOLERANCE);
    });
  }

  it('counts a wrong level as an error, not as a boundary flip', () => {
    const range = nudge(-1, 1, 8, false);
    const x = Float32Array.of(0.3);
    const cpu = fakeQuant(x, -1, 1, 8, false);
    const shifted = Float32Array.of(cpu[0] + range.scale);
    expect(fakeQuantError(x, shifted, cpu, range)).toBeGreaterThan(FAKE_QUANT_TOLERANCE);
  });

  it('indexes a two-row grid past 65,535 workgroups (16.8 million values)', async () => {
    const n = 65_535 * 256 + 1001;
    const x = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 20_011) / 1000 - 10);
    const { output } = await fakeQuantGpu(device, x, -6, 7, 6, true);
    const range = nudge(-6, 7, 6, true);
    for (let i = 0; i < n; i += i < n - 2000 ? 4099 : 1)
      expect(output[i], `index ${i}`).toBe(fakeQuantValue(x[i], range));
  });

  it('throws the validation Error before touching the GPU', async () => {
    await expect(fakeQuantGpu(device, Float32Array.of(1), 1, 0, 8, false)).rejects.toThrow(
      'min <= max',
    );
  });
});

describe('the kernel as a tfjs op on the WebGPU backend', () => {
  it('gives fakeQuant forward and the straight-through gradient, keeps the shape, leaks nothing', async () => {
    const c = fakeQuantCases[3];
    const x = fakeQuantInputs(c);
    const dyValues = Float32Array.from(x, (_, i) => (i % 5) - 2);
    const onGpu = fakeQuantOnGpu(device);
    const input = tf.tensor2d(x, [c.n / 10, 10]);
    const dy = tf.tensor2d(dyValues, [c.n / 10, 10]);
    const before = tf.memory().numTensors;
    const y = onGpu(input, c.min, c.max, c.bits, c.narrowRange);
    const dx = tf.grad((t: tf.Tensor) => onGpu(t, c.min, c.max, c.bits, c.narrowRange))(input, dy);
    expect(y.shape).toEqual([c.n / 10, 10]);
    const range = nudge(c.min, c.max, c.bits, c.narrowRange);
    const cpu = fakeQuant(x, c.min, c.max, c.bits, c.narrowRange);
    const gpu = (await y.data()) as Float32Array;
    expect(fakeQuantError(x, gpu, cpu, range)).toBeLessThanOrEqual(FAKE_QUANT_TOLERANCE);
    expect(await dx.data()).toEqual(
      fakeQuantGradient(x, dyValues, c.min, c.max, c.bits, c.narrowRange),
    );
    tf.dispose([y, dx]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([input, dy]);
  });
});
