import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { distillationLoss } from '../../src/engine/distillation/loss';
import { maxRelativeError } from '../../src/kernels/compare';
import { DISTILL_TOLERANCE, distillCases, distillInputs } from '../../src/kernels/distill/cases';
import {
  DISTILL_PARAMS_BYTES,
  distillGpu,
  packDistillParams,
} from '../../src/kernels/distill/distill';
import { distillCpu } from '../../src/kernels/distill/distill-cpu';
import { distillationLossOnGpu } from '../../src/kernels/distill/distill-op';
import code from '../../src/kernels/distill/distill.wgsl?raw';
import { tfjsWebGpuDevice } from './tfjs-webgpu';

let device: GPUDevice;

beforeAll(async () => {
  // tfjs on WebGPU and our kernel share one device, as in a worker.
  device = await tfjsWebGpuDevice();
});

describe('distillation kernel on real WebGPU vs its CPU twin', () => {
  it('packs the uniform struct in the 16 bytes the WGSL declares', () => {
    expect(code).toMatch(
      /struct Params \{\s*rows: u32,\s*classes: u32,\s*temperature: f32,\s*alpha: f32,\s*\}/,
    );
    expect(packDistillParams({ rows: 3, classes: 10, temperature: 4, alpha: 0.5 }).byteLength).toBe(
      DISTILL_PARAMS_BYTES,
    );
    const view = new DataView(
      packDistillParams({ rows: 3, classes: 10, temperature: 4, alpha: 0.5 }),
    );
    expect([
      view.getUint32(0, true),
      view.getUint32(4, true),
      view.getFloat32(8, true),
      view.getFloat32(12, true),
    ]).toEqual([3, 10, 4, 0.5]);
  });

  for (const c of distillCases) {
    it(`${c.rows} rows x ${c.classes} classes, T = ${c.temperature}, a = ${c.alpha}, logits +-${c.scale}`, async () => {
      const { student, teacher, targets } = distillInputs(c);
      const gpu = await distillGpu(device, student, teacher, targets, c);
      const cpu = distillCpu(student, teacher, targets, c.rows, c.classes, c.temperature, c.alpha);
      expect(gpu.loss.every(Number.isFinite)).toBe(true);
      expect(maxRelativeError(gpu.loss, cpu.loss)).toBeLessThanOrEqual(DISTILL_TOLERANCE);
      expect(maxRelativeError(gpu.gradient, cpu.gradient)).toBeLessThanOrEqual(DISTILL_TOLERANCE);
      expect(maxRelativeError(gpu.softTeacher, cpu.softTeacher)).toBeLessThanOrEqual(
        DISTILL_TOLERANCE,
      );
    });
  }
});

describe('the kernel as a tfjs op on the WebGPU backend', () => {
  it('gives the loss and gradient of the tfjs-ops formulation, and leaks no tensors', async () => {
    const c = distillCases[1];
    const { student, teacher, targets } = distillInputs(c);
    const z = tf.tensor2d(student, [c.rows, c.classes]);
    const v = tf.tensor2d(teacher, [c.rows, c.classes]);
    const y = tf.tensor2d(targets, [c.rows, c.classes]);
    const onGpu = distillationLossOnGpu(device);
    const before = tf.memory().numTensors;
    const ours = tf.valueAndGrad((x: tf.Tensor) =>
      onGpu(x as tf.Tensor2D, v, y, c.temperature, c.alpha),
    )(z);
    const theirs = tf.valueAndGrad((x: tf.Tensor) =>
      distillationLoss(x as tf.Tensor2D, v, y, c.temperature, c.alpha),
    )(z);
    expect((await ours.value.data())[0]).toBeCloseTo((await theirs.value.data())[0], 4);
    expect(maxRelativeError(await ours.grad.data(), await theirs.grad.data())).toBeLessThan(1e-4);
    tf.dispose([ours.value, ours.grad, theirs.value, theirs.grad]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, v, y]);
  });
});

describe('the lab on WebGPU', () => {
  it('trains the distilled student through the WGSL loss and leaks no tensors', async () => {
    const { runDistillation } = await import('../../src/engine/distillation/run');
    const { DatasetLoader } = await import('../../src/engine/data/load');
    const { readFile } = await import('node:fs/promises');
    const data = new DatasetLoader({
      read: async (file) => new Uint8Array(await readFile(`static/data/${file}`)),
    });
    const before = tf.memory().numTensors;
    const result = await runDistillation(
      {
        samples: 1000,
        teacherHidden: [32],
        teacherEpochs: 1,
        augment: false,
        studentHidden: [16],
        studentEpochs: 2,
        batchSize: 100,
      },
      { data, ops: { distillationLoss: distillationLossOnGpu(device) } },
    );
    expect(result.backend).toBe('webgpu');
    expect(result.lossKernel).toBe('wgsl');
    expect(result.distilled.history.every((m) => Number.isFinite(m.loss))).toBe(true);
    expect(result.distilled.history[1].validationScore).toBeGreaterThan(0.3);
    expect(tf.memory().numTensors).toBe(before);
  });
});
