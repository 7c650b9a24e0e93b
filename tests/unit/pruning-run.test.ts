import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { takeRows } from '../../src/engine/data/split';
import { buildModel } from '../../src/engine/models/build';
import { fit, toTensors, disposeData } from '../../src/engine/models/fit';
import {
  denseTensorsOf,
  layerTensorsOf,
  trainingForward,
} from '../../src/engine/quantization/forward';
import { kernelShapes, modelSpec } from '../../src/engine/quantization/settings';
import { csrMatmulCpu } from '../../src/engine/pruning/csr';
import { keptCount } from '../../src/engine/pruning/masks';
import { SPARSE_BATCH_ROWS } from '../../src/engine/pruning/reports';
import { MaskedTraining, maskShape } from '../../src/engine/pruning/masking';
import { runPruning } from '../../src/engine/pruning/run';
import type { PruningProgress } from '../../src/engine/pruning/types';
import {
  parsePruningSettings,
  prunedLayers,
  pruningSchema,
} from '../../src/engine/pruning/settings';
import { createRng } from '../../src/engine/rng';
import { settingsFromUrl, settingsQuery } from '../../src/lib/url-settings';
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

  it('prunes every layer by default, or all but the first; a bad value falls back with a notice', () => {
    const parsed = (layers: unknown) => parsePruningSettings({ layers });
    expect(parsePruningSettings({}).value.layers).toBe('all');
    expect(prunedLayers(parsePruningSettings({}).value, 4)).toEqual([true, true, true, true]);
    expect(prunedLayers(parsed('skip-first').value, 4)).toEqual([false, true, true, true]);
    expect(parsed('dense').value.layers).toBe('all');
    expect(parsed('dense').issues[0].key).toBe('layers');
  });

  it('round-trips the layers pruned through the URL', () => {
    const settings = { ...parsePruningSettings({}).value, layers: 'skip-first' as const };
    const url = new URL(`https://example.org/pruning${settingsQuery(pruningSchema, settings)}`);
    const back = settingsFromUrl(pruningSchema, url, parsePruningSettings);
    expect(back.value.layers).toBe('skip-first');
    expect(back.notices).toEqual([]);
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

describe('masked training of the CNN', () => {
  it('keeps pruned conv weights at zero, 2:4 along each filter’s (dy, dx, c) inputs', async () => {
    const data = await diskLoader().load('mnist', { samples: 300, noise: 0, seed: 3 });
    const rows = takeRows(
      data,
      Int32Array.from({ length: 300 }, (_, i) => i),
    );
    const tensors = toTensors(rows, [28, 28, 1], 'classification', 10);
    const model = buildModel(modelSpec('cnn', 4, [16], 1));
    const layers = layerTensorsOf(model);
    expect(layers.map((l) => l.kernel.shape)).toEqual([
      [3, 3, 1, 4],
      [3, 3, 4, 8],
      [392, 16],
      [16, 10],
    ]);
    // The page's shapes (without tfjs) are the kernels' [9 C, filters] and dense matrices.
    expect(kernelShapes('cnn', 4, [16])).toEqual(layers.map((l) => maskShape(l.kernel)));
    expect(kernelShapes('mlp', 8, [300, 100])).toEqual([
      [784, 300],
      [300, 100],
      [100, 10],
    ]);
    const masking = new MaskedTraining(
      layers,
      { targetSparsity: 0.5, beginStep: 0, endStep: 0, frequency: 1 },
      { kind: 'n:m', n: 2, m: 4 },
      false,
    );
    await fit(model, tensors, tensors, {
      task: 'classification',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 50,
      epochs: 1,
      l2: 0,
      patience: 0,
      rng: createRng(2),
      forward: trainingForward(model),
      afterStep: (step) => masking.afterStep(step).then(() => undefined),
    });
    for (let l = 0; l < 2; l++) {
      const [, , channels, filters] = layers[l].kernel.shape;
      const values = layers[l].kernel.dataSync();
      const mask = masking.maskValues![l];
      mask.forEach((m, i) => !m && expect(Math.abs(values[i])).toBe(0));
      // Rows of the [9 C, filters] matrix in groups of 4: 2 kept per group (1 of a last single).
      for (let o = 0; o < filters; o++)
        for (let start = 0; start < 9 * channels; start += 4) {
          let kept = 0;
          for (let r = start; r < Math.min(start + 4, 9 * channels); r++)
            kept += mask[r * filters + o];
          expect(kept).toBe(Math.min(2, 9 * channels - start));
        }
    }
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

  it('prunes the small CNN’s conv and dense kernels to the target; CSR and dense agree', async () => {
    const before = tf.memory().numTensors;
    let csrCalls = 0;
    let testRows = 0;
    const result = await runPruning(
      {
        model: 'cnn',
        filters: 4,
        hidden: [32],
        samples: 1000,
        epochs: 2,
        fineTuneEpochs: 1,
        endStep: 10,
        frequency: 2,
        batchSize: 32,
        learningRate: 0.003,
        sweep: [80],
        sweepEpochs: 0,
      },
      {
        data: diskLoader(),
        onProgress: (e) => void (e.type === 'data' && (testRows = e.rows.test)),
        ops: {
          csrMatmul: async (x, batch, wT) => {
            csrCalls++;
            return csrMatmulCpu(x, batch, wT);
          },
        },
      },
    );
    expect(tf.memory().numTensors).toBe(before);
    // Each kernel loses exactly TF MOT's share: keep max(1, round(0.2 n)) of its n weights.
    const sizes = [9 * 4, 9 * 4 * 8, 392 * 32, 32 * 10];
    result.pruned.perLayer.forEach((s, l) =>
      expect(s).toBe(1 - keptCount(sizes[l], 0.8) / sizes[l]),
    );
    expect(result.pruned.overall).toBeCloseTo(0.8, 3);
    expect(result.dense.accuracy).toBeGreaterThan(0.6);
    expect(result.inference.sparseAccuracy).toBeCloseTo(result.inference.denseAccuracy, 3);
    expect(result.inference.denseAccuracy).toBeCloseTo(result.pruned.accuracy, 3);
    // 3 timed passes x 4 batches of 64 rows (200 test rows) x 4 layers.
    expect(csrCalls).toBe(3 * Math.ceil(testRows / SPARSE_BATCH_ROWS) * 4);
    expect(result.sweep.map((p) => p.achieved)).toEqual([expect.closeTo(0.8, 3)]);
    const size = Object.fromEntries(result.sizes.map((s) => [s.id, s]));
    expect(size.dense.bytes).toBe(4 * (sizes.reduce((a, b) => a + b) + 4 + 8 + 32 + 10));
    expect(size.dense.gzipBytes / size.pruned.gzipBytes).toBeGreaterThan(2.5);
    expect(result.snapshots.every((s) => s.inputKeep === null)).toBe(true);
    expect(result.snapshots[0].grids.map((g) => g.rows)).toEqual([9, 36, 44, 32]);
  }, 120_000);

  it('all but the first layer: the first conv stays dense, the target holds over the rest', async () => {
    const result = await runPruning(
      {
        model: 'cnn',
        filters: 4,
        hidden: [32],
        samples: 1000,
        epochs: 1,
        fineTuneEpochs: 1,
        endStep: 10,
        frequency: 2,
        batchSize: 32,
        sweep: [50],
        sweepEpochs: 0,
        layers: 'skip-first',
      },
      { data: diskLoader() },
    );
    const sizes = [9 * 4, 9 * 4 * 8, 392 * 32, 32 * 10];
    expect(result.pruned.layers).toEqual([false, true, true, true]);
    expect(result.pruned.perLayer[0]).toBe(0);
    const kept = sizes.slice(1).map((n) => keptCount(n, 0.8));
    result.pruned.perLayer.slice(1).forEach((s, l) => expect(s).toBe(1 - kept[l] / sizes[l + 1]));
    const pruned = sizes.slice(1).reduce((a, b) => a + b);
    const zeros = pruned - kept.reduce((a, b) => a + b);
    expect(result.pruned.overPruned).toBe(zeros / pruned);
    expect(result.pruned.overall).toBe(zeros / (pruned + sizes[0]));
    expect(result.events.at(-1)!.overPruned).toBe(result.pruned.overPruned);
    // The first conv's 36 weights are untouched by the sweep's one-shot masks too.
    expect(result.sweep[0].achieved).toBeCloseTo(0.5, 3);
    expect(result.snapshots.at(-1)!.grids[0].keep.every((k) => k === 1)).toBe(true);
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
