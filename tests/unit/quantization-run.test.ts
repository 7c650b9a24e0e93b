import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelFile } from '../../src/engine/quantization/model-file';
import { fakeQuantWeights } from '../../src/engine/quantization/qat';
import { runQuantization, type QuantizationProgress } from '../../src/engine/quantization/run';
import { parseQuantizationSettings } from '../../src/engine/quantization/settings';
import { int8Matmul } from '../../src/engine/quantization/int8-matmul';
import { INTEGER_BATCH_ROWS } from '../../src/engine/quantization/integer-network';
import { labKernels } from '../../src/engine/labs';
import { CNN_TRAINING_KERNELS } from '../../src/engine/quantization/conv-ops';
import { diskLoader } from './node-data-source';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Small enough for a unit test: 2,000 MNIST rows, one hidden layer, two bit widths. */
const tiny = {
  samples: 2000,
  hidden: [64],
  epochs: 3,
  calibrationRows: 200,
  bits: [8, 3],
  qatEpochs: 2,
  batchSize: 64,
};

describe('quantization settings', () => {
  it('says why a bit width outside 2-16 and an empty calibration set are refused', () => {
    expect(parseQuantizationSettings({ bits: [8, 1] }).issues[0].message).toMatch(
      /bit width 1 is outside 2-16/,
    );
    expect(parseQuantizationSettings({ bits: [17] }).issues[0].message).toMatch(/outside 2-16/);
    expect(parseQuantizationSettings({ calibrationRows: 0 }).issues[0].message).toMatch(
      /The calibration set is empty/,
    );
    expect(parseQuantizationSettings({}).issues).toEqual([]);
    expect(parseQuantizationSettings({ model: 'cnn', filters: 64 }).issues[0].key).toBe('filters');
  });

  it('asks for the CNN’s training kernels, which WASM has (no switch to the CPU backend)', () => {
    expect(labKernels.quantization({ model: 'cnn' })).toEqual(CNN_TRAINING_KERNELS);
    expect(labKernels.quantization({})).toEqual([]);
    expect(labKernels.pruning({ model: 'cnn' })).toEqual(CNN_TRAINING_KERNELS);
    expect(CNN_TRAINING_KERNELS).not.toContain('Conv2DBackpropFilter');
    expect(CNN_TRAINING_KERNELS.filter((name) => !tf.getKernel(name, 'wasm'))).toEqual([]);
  });
});

describe('fake-quantized weights for QAT', () => {
  it('puts each column on its own symmetric grid and passes the gradient straight through', () => {
    const w = tf.tensor2d([
      [0.5, -2],
      [-0.26, 1],
      [0.1, 0.3],
    ]);
    // 3 bits: L = 3 levels per side; column scales 0.5 / 3 and 2 / 3.
    const q = fakeQuantWeights(w, 3, true);
    const s = [0.5 / 3, 2 / 3];
    const expected = [
      [3 * s[0], -3 * s[1]],
      [-2 * s[0], 2 * s[1]], // -0.26 / s0 = -1.56 -> -2; 1 / s1 = 1.5 -> floor(2.0) = 2
      [1 * s[0], 0], // 0.1 / s0 = 0.6 -> 1; 0.3 / s1 = 0.45 -> 0
    ];
    expect(q.arraySync()).toEqual(expected.map((row) => row.map((v) => expect.closeTo(v, 6))));
    const grad = tf.grad((x: tf.Tensor) =>
      tf.sum(tf.mul(fakeQuantWeights(x as tf.Tensor2D, 3, true), 2)),
    )(w);
    expect(Array.from(grad.dataSync())).toEqual([2, 2, 2, 2, 2, 2]);
    tf.dispose([w, q, grad]);
  });
});

describe('the /quantization lab', () => {
  it('compares every variant of one trained model, with honest files, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const events: QuantizationProgress[] = [];
    let products = 0;
    const result = await runQuantization(tiny, {
      data: diskLoader(),
      onProgress: (e) => void events.push(e),
      // The integer path through an injected int8 product (the GPU kernel's slot), exact here.
      ops: {
        int8Matmul: async (a, b, m, k, n) => {
          products++;
          return int8Matmul(a, b, m, k, n);
        },
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    const byId = Object.fromEntries(result.variants.map((v) => [v.id, v]));
    expect(Object.keys(byId)).toEqual([
      'float32',
      'float16',
      'dynamic-int8',
      'ptq-8',
      'ptq-3',
      'qat-8',
      'qat-3',
    ]);
    const float = byId.float32;
    expect(float.accuracy).toBeGreaterThan(0.8);
    // float16 and 8-bit post-training variants stay within a point of float32 (QAT trains on,
    // so it is compared with post-training quantization instead).
    for (const id of ['float16', 'dynamic-int8', 'ptq-8'])
      expect(Math.abs(byId[id].accuracy - float.accuracy)).toBeLessThanOrEqual(0.01);
    expect(byId['qat-8'].accuracy).toBeGreaterThanOrEqual(byId['ptq-8'].accuracy - 0.01);
    // 3 bits hurts post-training; quantization-aware training wins some of it back.
    expect(byId['ptq-3'].accuracy).toBeLessThan(float.accuracy);
    expect(byId['qat-3'].accuracy).toBeGreaterThan(byId['ptq-3'].accuracy);
    expect(byId['ptq-8'].engine).toBe('integer (WGSL int8 matmul)');
    expect(products).toBe(4 * 2); // ptq-8, ptq-3, qat-8, qat-3: two layers each
    // The files are real: they parse, and int8 is close to 4x smaller than float32.
    const tensors = readModelFile(result.files['ptq-8']);
    expect(tensors.find((t) => t.name === 'dense_0/kernel')!.dtype).toBe('int8');
    expect(float.bytes / byId['dynamic-int8'].bytes).toBeGreaterThan(3.5);
    expect(float.bytes / byId.float16.bytes).toBeCloseTo(2, 1);
    expect(float.bytes / byId['ptq-3'].bytes).toBeGreaterThan(7);
    expect(result.bitsCurve.map((p) => p.bits)).toEqual([8, 3]);
    expect(result.ranges[0]).toEqual({ min: 0, max: 1 });
    expect(result.layers[0].weights).toHaveLength(784 * 64);
    expect(events.filter((e) => e.type === 'variant')).toHaveLength(7);
  }, 120_000);

  it('is reproducible: the same settings give the same numbers', async () => {
    const small = { ...tiny, samples: 1000, epochs: 1, qatEpochs: 1, bits: [4] };
    const a = await runQuantization(small, { data: diskLoader() });
    const b = await runQuantization(small, { data: diskLoader() });
    expect(b.variants.map((v) => [v.id, v.accuracy, v.bytes])).toEqual(
      a.variants.map((v) => [v.id, v.accuracy, v.bytes]),
    );
  }, 120_000);

  it('quantizes the small CNN: conv layers run as im2col products in integer-only inference', async () => {
    const before = tf.memory().numTensors;
    let products = 0;
    const cnn = {
      model: 'cnn',
      filters: 4,
      hidden: [32],
      samples: 1500,
      epochs: 2,
      learningRate: 0.003,
      batchSize: 32,
      calibrationRows: 200,
      bits: [8, 4],
      qatEpochs: 1,
    };
    let testRows = 0;
    const result = await runQuantization(cnn, {
      data: diskLoader(),
      onProgress: (e) => void (e.type === 'data' && (testRows = e.rows.test)),
      ops: {
        int8Matmul: async (a, b, m, k, n) => {
          products++;
          return int8Matmul(a, b, m, k, n);
        },
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    const byId = Object.fromEntries(result.variants.map((v) => [v.id, v]));
    expect(Object.keys(byId)).toEqual([
      'float32',
      'float16',
      'dynamic-int8',
      'ptq-8',
      'ptq-4',
      'qat-8',
      'qat-4',
    ]);
    const float = byId.float32;
    expect(float.accuracy).toBeGreaterThan(0.7);
    expect(Math.abs(byId['ptq-8'].accuracy - float.accuracy)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(byId['dynamic-int8'].accuracy - float.accuracy)).toBeLessThanOrEqual(0.015);
    expect(byId['ptq-8'].engine).toBe('integer (WGSL int8 matmul)');
    // The test rows (300) in batches of INTEGER_BATCH_ROWS (256): 2 batches x 4 layers (conv,
    // conv, dense, dense) for each of ptq-8, ptq-4, qat-8, qat-4.
    const batches = Math.ceil(testRows / INTEGER_BATCH_ROWS);
    expect(batches).toBe(2);
    expect(products).toBe(4 * batches * 4);
    expect(result.layers.map((l) => [l.name, l.shape])).toEqual([
      ['conv 1 (3×3)', [3, 3, 1, 4]],
      ['conv 2 (3×3)', [3, 3, 4, 8]],
      ['dense 1', [392, 32]],
      ['dense 2 (logits)', [32, 10]],
    ]);
    // Calibrated after each conv's ReLU (before pooling) and each dense layer.
    expect(result.ranges).toHaveLength(5);
    expect(result.ranges[1].min).toBe(0);
    expect(result.layers[0].activations.length).toBeGreaterThan(1000);
    // The files hold the conv kernels in their own shape, per-filter scales on the last axis.
    const kernel = readModelFile(result.files['ptq-8']).find((t) => t.name === 'conv_0/kernel')!;
    expect([kernel.dtype, kernel.shape, kernel.quantization?.axis]).toEqual([
      'int8',
      [3, 3, 1, 4],
      3,
    ]);
    expect(kernel.quantization!.scale).toHaveLength(4);
    const floats = readModelFile(result.files.float32).map((t) => t.name);
    expect(floats).toEqual([
      'conv_0/kernel',
      'conv_0/bias',
      'conv_1/kernel',
      'conv_1/bias',
      'dense_0/kernel',
      'dense_0/bias',
      'dense_1/kernel',
      'dense_1/bias',
    ]);
    // A 14 kB model: the per-tensor headers keep the ratio a little below 4x.
    expect(float.bytes / byId['dynamic-int8'].bytes).toBeGreaterThan(3.3);
  }, 120_000);

  it('refuses bad settings with the reason', async () => {
    await expect(runQuantization({ calibrationRows: 0 }, { data: diskLoader() })).rejects.toThrow(
      /calibration set is empty/,
    );
  });
});
