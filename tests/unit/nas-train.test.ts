import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitIndices } from '../../src/engine/data/split';
import type { Dataset } from '../../src/engine/data/types';
import { parameterCount } from '../../src/engine/nas/network';
import { averagePool2x2, trainArchitecture, type NasData } from '../../src/engine/nas/train';
import type { MicroArch, NetworkFrame } from '../../src/engine/nas/types';
import { createRng } from '../../src/engine/rng';
import { diskLoader } from './node-data-source';

let digits: NasData;
let mnist: NasData;

const nasData = (dataset: Dataset): NasData => ({
  dataset,
  split: splitIndices(dataset, { validation: 0.2, test: 0.2 }, createRng(1)),
});

beforeAll(async () => {
  await tf.setBackend('cpu');
  const loader = diskLoader();
  digits = nasData(await loader.load('digits', { samples: Infinity, noise: 0, seed: 0 }));
  mnist = nasData(await loader.load('mnist', { samples: 300, noise: 0, seed: 0 }));
});

const arch: MicroArch = { kind: 'micro', ops: ['dense', 'skip', 'zero', 'zero', 'dense', 'skip'] };
const frame: NetworkFrame = {
  inputs: 64,
  outputs: 10,
  width: 16,
  cells: 1,
  widthMultiplier: 1,
  seed: 3,
};

describe('averagePool2x2', () => {
  it('averages each 2x2 window per channel', () => {
    // One 4x4x2 image: channel 0 counts 0..15 row-major, channel 1 is its negative.
    const x = Float32Array.from({ length: 32 }, (_, i) => (i % 2 ? -1 : 1) * Math.floor(i / 2));
    const pooled = averagePool2x2(x, 1, [4, 4, 2]);
    expect(pooled.shape).toEqual([2, 2, 2]);
    // Windows {0,1,4,5} -> 2.5, {2,3,6,7} -> 4.5, {8,9,12,13} -> 10.5, {10,11,14,15} -> 12.5.
    expect(Array.from(pooled.x)).toEqual([2.5, -2.5, 4.5, -4.5, 10.5, -10.5, 12.5, -12.5]);
  });
});

describe('trainArchitecture', () => {
  it('learns digits: validation accuracy per epoch, test accuracy, compute = epochs x rows', async () => {
    const before = tf.memory().numTensors;
    const result = await trainArchitecture(arch, frame, digits, { epochs: 5 });
    expect(result.curve).toHaveLength(5);
    expect(result.curve.every((a) => a >= 0 && a <= 1)).toBe(true);
    expect(result.validationAccuracy).toBe(result.curve[4]);
    expect(result.testAccuracy).toBeGreaterThan(0.85);
    expect(result.rows).toBe(digits.split.train.length);
    expect(result.cost).toBe(5 * digits.split.train.length);
    expect(result.parameters).toBe(parameterCount(arch, frame));
    expect(result.inputs).toBe(64);
    expect(result.network).toBeNull();
    expect(result.seconds).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('trains on a seeded fraction of the rows', async () => {
    const quarter = await trainArchitecture(arch, frame, digits, { epochs: 2, dataFraction: 0.25 });
    expect(quarter.rows).toBe(Math.round(digits.split.train.length * 0.25));
    expect(quarter.cost).toBe(2 * quarter.rows);
    const again = await trainArchitecture(arch, frame, digits, { epochs: 2, dataFraction: 0.25 });
    expect(again.curve).toEqual(quarter.curve);
    const other = await trainArchitecture(arch, frame, digits, {
      epochs: 2,
      dataFraction: 0.25,
      seed: 9,
    });
    expect(other.curve).not.toEqual(quarter.curve);
  });

  it('downsamples images: digits 8x8 -> 4x4 -> 2x2, MNIST 28x28 -> 14x14 -> 7x7', async () => {
    for (const [data, inputs] of [
      [digits, [64, 16, 4]],
      [mnist, [784, 196, 49]],
    ] as const) {
      for (const [k, resolution] of ([1, 0.5, 0.25] as const).entries()) {
        const result = await trainArchitecture(arch, frame, data, {
          epochs: 1,
          resolution,
          dataFraction: 0.3,
        });
        expect(result.inputs).toBe(inputs[k]);
        expect(result.parameters).toBe(parameterCount(arch, { ...frame, inputs: inputs[k] }));
      }
    }
  });

  it('trains narrower networks through the frame`s width multiplier', async () => {
    const half = { ...frame, widthMultiplier: 0.5 };
    const result = await trainArchitecture(arch, half, digits, { epochs: 1 });
    // Width 16 x 0.5 = 8: stem 64*8+8, two live dense edges 8*8+8, head 8*10+10.
    expect(result.parameters).toBe(520 + 2 * 72 + 90);
  });

  it('stops when onEpoch returns false, reporting the epochs trained', async () => {
    const seen: number[] = [];
    const result = await trainArchitecture(arch, frame, digits, {
      epochs: 10,
      onEpoch: (epoch, accuracy) => {
        seen.push(accuracy);
        return epoch < 3;
      },
    });
    expect(result.curve).toEqual(seen);
    expect(result.epochs).toBe(3);
    expect(result.stoppedEarly).toBe(true);
    expect(result.cost).toBe(3 * result.rows);
    const full = await trainArchitecture(arch, frame, digits, {
      epochs: 3,
      onEpoch: (epoch) => epoch < 3,
    });
    // Refusing after the last epoch stops nothing; the same seed trains the same curve.
    expect(full.stoppedEarly).toBe(false);
    expect(full.curve).toEqual(result.curve);
  });

  it('keeps the trained network for inheritance, and continues training it', async () => {
    const before = tf.memory().numTensors;
    const first = await trainArchitecture(arch, frame, digits, { epochs: 2, keepNetwork: true });
    const network = first.network!;
    expect(network.parameterCount).toBe(first.parameters);
    const kept = network.variables.map((v) => Array.from(v.dataSync()));
    const more = await trainArchitecture(arch, frame, digits, { epochs: 2, network, seed: 4 });
    // Trained in place from where it was: it starts well above chance.
    expect(more.curve[0]).toBeGreaterThan(0.5);
    expect(network.variables.map((v) => Array.from(v.dataSync()))).not.toEqual(kept);
    expect(more.network).toBeNull();
    network.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
