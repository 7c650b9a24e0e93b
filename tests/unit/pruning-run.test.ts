import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { takeRows } from '../../src/engine/data/split';
import { buildModel } from '../../src/engine/models/build';
import { fit, toTensors, disposeData } from '../../src/engine/models/fit';
import { denseTensorsOf } from '../../src/engine/quantization/forward';
import { MaskedTraining } from '../../src/engine/pruning/masking';
import { runPruning, type PruningProgress } from '../../src/engine/pruning/run';
import { parsePruningSettings } from '../../src/engine/pruning/settings';
import { createRng } from '../../src/engine/rng';
import { diskLoader } from './node-data-source';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tiny = {
  samples: 2000,
  hidden: [128],
  epochs: 3,
  fineTuneEpochs: 3,
  targetSparsity: 0.8,
  beginStep: 0,
  endStep: 40,
  frequency: 5,
  sweep: [0, 80],
  sweepEpochs: 1,
  batchSize: 64,
};

describe('pruning settings', () => {
  it('says why 100% sparsity, an end before the begin and a rising initial sparsity are refused', () => {
    expect(parsePruningSettings({ targetSparsity: 1 }).issues[0].message).toMatch(
      /^A target sparsity of 100% would remove every weight/,
    );
    expect(parsePruningSettings({ beginStep: 50, endStep: 20 }).issues[0].message).toMatch(
      /must come after begin step 50/,
    );
    expect(
      parsePruningSettings({ initialSparsity: 0.9, targetSparsity: 0.5 }).issues[0].message,
    ).toMatch(/cannot restore/);
    expect(parsePruningSettings({}).issues).toEqual([]);
  });
});

describe('masked training', () => {
  it('keeps pruned weights at zero through every optimizer step (Adam would revive them)', async () => {
    const data = await diskLoader().load('mnist', { samples: 600, noise: 0, seed: 3 });
    const rows = takeRows(
      data,
      Int32Array.from({ length: 600 }, (_, i) => i),
    );
    const tensors = toTensors(rows, [784], 'classification', 10);
    const model = buildModel({
      kind: 'mlp',
      inputs: 784,
      hidden: [32],
      activation: 'relu',
      outputs: 10,
      dropout: 0,
      seed: 1,
    });
    const layers = denseTensorsOf(model);
    const masking = new MaskedTraining(
      layers,
      { targetSparsity: 0.7, beginStep: 0, endStep: 0, frequency: 1 },
      { kind: 'unstructured' },
      false,
    );
    let checked = 0;
    await fit(model, tensors, tensors, {
      task: 'classification',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 50,
      epochs: 2,
      l2: 0,
      patience: 0,
      rng: createRng(2),
      afterStep: async (step) => {
        await masking.afterStep(step);
        // After the one pruning step (step 0), the masks stay fixed and applied.
        for (let l = 0; l < layers.length; l++) {
          const values = layers[l].kernel.dataSync();
          const mask = masking.maskValues![l];
          let zeros = 0;
          mask.forEach((m, i) => {
            if (!m) {
              expect(Math.abs(values[i])).toBe(0);
              zeros++;
            }
          });
          expect(zeros / mask.length).toBeCloseTo(0.7, 2);
        }
        checked++;
      },
    });
    expect(checked).toBe(24);
    expect(masking.events).toHaveLength(1);
    masking.dispose();
    model.dispose();
    disposeData(tensors);
  }, 60_000);
});

describe('the /pruning lab', () => {
  it('reaches the target sparsity in every layer, and the sparse and dense paths agree', async () => {
    const before = tf.memory().numTensors;
    const events: PruningProgress[] = [];
    const result = await runPruning(tiny, {
      data: diskLoader(),
      onProgress: (e) => void events.push(e),
    });
    expect(tf.memory().numTensors).toBe(before);
    result.pruned.perLayer.forEach((s) => expect(s).toBeCloseTo(0.8, 2));
    expect(result.pruned.overall).toBeCloseTo(0.8, 2);
    // The schedule is TF MOT's polynomial decay: s(t) = 0.8 (1 - (1 - t / 40)^3) at pruning steps.
    for (const e of result.events) {
      expect(e.step % 5).toBe(0);
      expect(e.target).toBeCloseTo(0.8 * (1 - (1 - Math.min(e.step, 40) / 40) ** 3), 6);
      expect(e.overall).toBeCloseTo(e.target, 2);
    }
    expect(result.events.at(-1)!.step).toBe(40);
    expect(result.pruned.accuracy).toBeGreaterThan(result.dense.accuracy - 0.02);
    expect(result.inference.sparseAccuracy).toBeCloseTo(result.inference.denseAccuracy, 3);
    expect(result.inference.denseAccuracy).toBeCloseTo(result.pruned.accuracy, 3);
    // 80% zeros compress: at least 3x smaller than the dense weights after gzip.
    const size = Object.fromEntries(result.sizes.map((s) => [s.id, s]));
    expect(size.dense.gzipBytes / size.pruned.gzipBytes).toBeGreaterThan(3);
    expect(size['pruned-int8'].gzipBytes).toBeLessThan(size.pruned.gzipBytes);
    // The sweep: 0% changes nothing; fine-tuning recovers from one-shot pruning at 80%.
    expect(result.sweep[0].oneShot).toBeCloseTo(result.dense.accuracy, 6);
    expect(result.sweep[1].fineTuned!).toBeGreaterThan(result.sweep[1].oneShot);
    expect(result.snapshots.length).toBeGreaterThan(0);
    expect(result.snapshots[0].inputKeep).toHaveLength(784);
    expect(events.filter((e) => e.type === 'prune')).toHaveLength(result.events.length);
  }, 120_000);

  it('2:4 keeps exactly two of every four inputs of each unit', async () => {
    const result = await runPruning(
      { ...tiny, samples: 1000, epochs: 1, fineTuneEpochs: 1, structure: '2:4', sweepEpochs: 0 },
      { data: diskLoader() },
    );
    result.pruned.perLayer.forEach((s) => expect(s).toBeCloseTo(0.5, 6));
    expect(result.sweep.map((p) => p.target)).toEqual([0.5]);
  }, 60_000);

  it('refuses bad settings with the reason', async () => {
    await expect(runPruning({ targetSparsity: 1 }, { data: diskLoader() })).rejects.toThrow(
      /100% would remove every weight/,
    );
  });
});
