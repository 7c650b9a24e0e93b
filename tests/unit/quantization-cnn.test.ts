import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { takeRows } from '../../src/engine/data/split';
import { argmaxRows } from '../../src/engine/metrics';
import { buildModel } from '../../src/engine/models/build';
import { disposeData, fit, toTensors } from '../../src/engine/models/fit';
import { minMaxRange } from '../../src/engine/quantization/calibration';
import { conv2dSame, maxPool2x2Op } from '../../src/engine/quantization/conv-ops';
import { activationsOf } from '../../src/engine/quantization/evaluate';
import {
  denseArraysOf,
  layerTensorsOf,
  networkForward,
  trainingForward,
} from '../../src/engine/quantization/forward';
import { im2col, maxPool2x2 } from '../../src/engine/quantization/im2col';
import { quantizeMlp } from '../../src/engine/quantization/integer-mlp';
import { runQuantizedNetwork } from '../../src/engine/quantization/integer-network';
import { qatHooks } from '../../src/engine/quantization/qat';
import { modelSpec } from '../../src/engine/quantization/settings';
import { fakeQuantTfjs } from '../../src/kernels/fake-quant/fake-quant-op';
import { createRng } from '../../src/engine/rng';
import { diskLoader } from './node-data-source';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const random = (length: number, seed: number, scale = 1) => {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.normal() * scale);
};

/** Largest |a - b| over two equally long arrays. */
const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('im2col and 2 x 2 max pooling as the CNN’s integer and sparse paths run them', () => {
  it('im2col rows times the kernel read as [9 C, O] equal tf.conv2d with same padding', () => {
    const [rows, height, width, channels, filters] = [2, 5, 6, 3, 4];
    const x = random(rows * height * width * channels, 1);
    const kernel = random(9 * channels * filters, 2);
    const reference = tf.tidy(() =>
      tf
        .conv2d(
          tf.tensor4d(x, [rows, height, width, channels]),
          tf.tensor4d(kernel, [3, 3, channels, filters]),
          1,
          'same',
        )
        .dataSync(),
    );
    const patches = im2col(x, rows, { height, width, channels });
    const positions = rows * height * width;
    expect(patches).toHaveLength(positions * 9 * channels);
    // P K' in plain loops (float64 sums).
    const product = new Float64Array(positions * filters);
    for (let p = 0; p < positions; p++)
      for (let k = 0; k < 9 * channels; k++)
        for (let o = 0; o < filters; o++)
          product[p * filters + o] += patches[p * 9 * channels + k] * kernel[k * filters + o];
    expect(maxDifference(product, reference)).toBeLessThan(1e-5);
  });

  it('pads integer codes with the given zero point', () => {
    const codes = Int8Array.from([1, 2, 3, 4]); // one 2 x 2 image, one channel
    const patches = im2col(codes, 1, { height: 2, width: 2, channels: 1 }, -7);
    // Top-left position: taps (dy, dx) row by row; only (1, 1), (1, 2), (2, 1), (2, 2) are inside.
    expect(Array.from(patches.subarray(0, 9))).toEqual([-7, -7, -7, -7, 1, 2, -7, 3, 4]);
    expect(patches).toBeInstanceOf(Int8Array);
  });

  it('max pools like tf.maxPool (valid: an odd last row and column are dropped)', () => {
    for (const [height, width] of [
      [6, 4],
      [5, 7],
    ]) {
      const x = random(2 * height * width * 3, height);
      const reference = tf.tidy(() =>
        tf.maxPool(tf.tensor4d(x, [2, height, width, 3]), 2, 2, 'valid').dataSync(),
      );
      expect(Array.from(maxPool2x2(x, 2, { height, width, channels: 3 }))).toEqual(
        Array.from(reference),
      );
    }
  });
});

describe('the CNN’s trainable ops', () => {
  it('conv2dSame has tf.conv2d’s value and gradients (its filter gradient by another route)', () => {
    const x = tf.tensor4d(random(3 * 6 * 5 * 2, 3), [3, 6, 5, 2]);
    const kernel = tf.tensor4d(random(9 * 2 * 4, 4), [3, 3, 2, 4]);
    const dy = tf.tensor4d(random(3 * 6 * 5 * 4, 5), [3, 6, 5, 4]);
    const loss = (conv: typeof conv2dSame) => (a: tf.Tensor, k: tf.Tensor) =>
      tf.sum(tf.mul(conv(a as tf.Tensor4D, k as tf.Tensor4D), dy));
    const reference = (a: tf.Tensor4D, k: tf.Tensor4D) => tf.conv2d(a, k, 1, 'same');
    const [ours, theirs] = [conv2dSame, reference].map((conv) => tf.grads(loss(conv))([x, kernel]));
    expect(maxDifference(conv2dSame(x, kernel).dataSync(), reference(x, kernel).dataSync())).toBe(
      0,
    );
    for (let i = 0; i < 2; i++)
      expect(maxDifference(ours[i].dataSync(), theirs[i].dataSync())).toBeLessThan(1e-4);
    tf.dispose([x, kernel, dy, ...ours, ...theirs]);
  });

  it('maxPool2x2Op routes dy to each window’s maximum, split among ties', () => {
    const x = tf.tensor4d(random(2 * 4 * 6 * 3, 6), [2, 4, 6, 3]);
    const dy = tf.tensor4d(random(2 * 2 * 3 * 3, 7), [2, 2, 3, 3]);
    const grad = (pool: (a: tf.Tensor4D) => tf.Tensor) =>
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a as tf.Tensor4D), dy)))(x);
    const ours = grad(maxPool2x2Op);
    const theirs = grad((a) => tf.maxPool(a, 2, 2, 'valid'));
    // Equal values (a zero times a negative dy is -0 here, +0 in MaxPoolGrad: add 0 to compare).
    const plain = (t: tf.Tensor) => Array.from(t.dataSync(), (v) => v + 0);
    expect(plain(ours)).toEqual(plain(theirs));
    // A window [[1, 3], [3, 0]]: its two maxima get half of dy = 8 each.
    const tied = tf.tensor4d([1, 3, 3, 0], [1, 2, 2, 1]);
    const split = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(maxPool2x2Op(a as tf.Tensor4D), 8)))(
      tied,
    );
    expect(Array.from(split.dataSync())).toEqual([0, 4, 4, 0]);
    tf.dispose([x, dy, ours, theirs, tied, split]);
  });
  it('trains on tfjs’s WASM backend, which has no Conv2DBackpropFilter: the same gradients as the CPU reference', async () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    const shapes = { x: [4, 8, 8, 3], kernel: [3, 3, 3, 5], dy: [4, 4, 4, 5] };
    const values = { x: random(4 * 8 * 8 * 3, 8), kernel: random(135, 9), dy: random(320, 10) };
    // conv, ReLU, 2 x 2 max pool: dL/dx and dL/dK for L = sum(pool(relu(conv(x, K))) * dy).
    const gradients = (conv: typeof conv2dSame, pool: (a: tf.Tensor4D) => tf.Tensor4D) => {
      const [x, kernel, dy] = (['x', 'kernel', 'dy'] as const).map((k) =>
        tf.tensor(values[k], shapes[k]),
      );
      const loss = (a: tf.Tensor, k: tf.Tensor) =>
        tf.sum(tf.mul(pool(tf.relu(conv(a as tf.Tensor4D, k as tf.Tensor4D))), dy));
      const grads = tf.grads(loss)([x, kernel]);
      const arrays = grads.map((g) => g.dataSync().slice());
      tf.dispose([x, kernel, dy, ...grads]);
      return arrays;
    };
    const reference = gradients(
      (a, k) => tf.conv2d(a, k, 1, 'same'),
      (a) => tf.maxPool(a, 2, 2, 'valid'),
    );
    await tf.setBackend('wasm');
    try {
      const ours = gradients(conv2dSame, maxPool2x2Op);
      for (let i = 0; i < 2; i++) expect(maxDifference(ours[i], reference[i])).toBeLessThan(1e-4);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});

describe('integer-only CNN inference', () => {
  it('agrees with the simulated (fake-quant) tfjs forward pass on the argmax at 8 bits', async () => {
    const mnist = await diskLoader().load('mnist', { samples: 1000, noise: 0, seed: 5 });
    const all = Int32Array.from({ length: 1000 }, (_, i) => i);
    const train = takeRows(mnist, all.subarray(0, 700));
    const test = takeRows(mnist, all.subarray(700));
    const model = buildModel(modelSpec('cnn', 4, [32], 3));
    const data = toTensors(train, [28, 28, 1], 'classification', 10);
    await fit(model, data, data, {
      task: 'classification',
      optimizer: 'adam',
      learningRate: 0.003,
      batchSize: 32,
      epochs: 1,
      l2: 0,
      patience: 0,
      rng: createRng(4),
      forward: trainingForward(model),
    });
    disposeData(data);
    const layers = await denseArraysOf(layerTensorsOf(model));
    expect(layers.map((l) => [l.inputs, l.units, !!l.conv])).toEqual([
      [9, 4, true],
      [36, 8, true],
      [392, 32, false],
      [32, 10, false],
    ]);
    const ranges = (await activationsOf(layers, train.x.subarray(0, 200 * 784), 200)).map(
      minMaxRange,
    );
    const integer = await runQuantizedNetwork(quantizeMlp(layers, ranges), test.x, test.rows);
    const simulated = tf.tidy(() =>
      networkForward(
        tf.tensor2d(test.x, [test.rows, 784]),
        layerTensorsOf(model),
        qatHooks(8, true, ranges, fakeQuantTfjs),
      ).dataSync(),
    ) as Float32Array;
    const a = argmaxRows(integer.logits, 10);
    const b = argmaxRows(simulated, 10);
    const agree = a.filter((p, i) => p === b[i]).length / test.rows;
    expect(agree).toBeGreaterThanOrEqual(0.97);
    // The trained model is better than chance, so the agreement means something.
    expect(b.filter((p, i) => p === test.y[i]).length / test.rows).toBeGreaterThan(0.5);
    model.dispose();
  }, 60_000);
});
