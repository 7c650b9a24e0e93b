import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, type ModelSpec } from '../../src/engine/models/build';
import { joinShards, parseModelJson } from '../../src/engine/models/model-json';
import { loadTfjsModel, saveTfjsModel } from '../../src/engine/models/tfjs-format';
import { MODEL_JSON_FILE, MODEL_WEIGHTS_FILE } from '../../src/engine/train/imported-model';
import { runTrain, type TrainResult } from '../../src/engine/train/run';
import { runPruning } from '../../src/engine/pruning/run';
import { runDistillation } from '../../src/engine/distillation/run';
import { diskLoader } from './node-data-source';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mlp: ModelSpec = {
  kind: 'mlp',
  inputs: 5,
  hidden: [16, 8],
  activation: 'relu',
  outputs: 3,
  dropout: 0.3,
  seed: 7,
};
const cnn: ModelSpec = {
  kind: 'cnn',
  shape: [8, 8, 1],
  filters: 4,
  hidden: [12],
  activation: 'tanh',
  outputs: 10,
  dropout: 0.2,
  seed: 9,
};

/** The model's outputs for `rows` seeded random rows of its input shape. */
async function outputsOn(model: { predict(x: tf.Tensor): unknown }, shape: number[]) {
  const x = tf.randomNormal([6, ...shape], 0, 1, 'float32', 11);
  const y = model.predict(x) as tf.Tensor;
  const values = await y.data();
  tf.dispose([x, y]);
  return values;
}

describe('the TensorFlow.js model format', () => {
  for (const [name, spec, shape] of [
    ['an MLP with dropout', mlp, [5]],
    ['a CNN', cnn, [8, 8, 1]],
  ] as const) {
    it(`${name} saves as model.json + weights and loads back with identical predictions`, async () => {
      const model = buildModel(spec);
      const before = tf.memory().numTensors;
      const files = await saveTfjsModel(model, { lab: 'train', settings: { seed: 7 } });
      const parsed = parseModelJson(files.json);
      expect(parsed.modelJson.format).toBe('layers-model');
      expect(parsed.paths).toEqual(['model.weights.bin']);
      // float32 weights: 4 bytes per parameter.
      expect(files.weights.byteLength).toBe(4 * model.countParams());
      expect(parsed.weightBytes).toBe(files.weights.byteLength);
      expect(parsed.metadata).toEqual({ lab: 'train', settings: { seed: 7 } });
      // Our seeded dropout is written as Keras Dropout, so stock tfjs loads the file.
      expect(files.json).not.toContain('"class_name":"SeededDropout"');
      expect(files.json).toContain('"class_name":"Dropout"');
      const loaded = await loadTfjsModel(files);
      expect(Array.from(await outputsOn(loaded, [...shape]))).toEqual(
        Array.from(await outputsOn(model, [...shape])),
      );
      loaded.dispose();
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
    });
  }

  it('says what is wrong with files that are not a layers model and its weights', async () => {
    const files = await saveTfjsModel(buildModel(mlp), { lab: 'train', settings: {} });
    expect(() => parseModelJson('{ nope')).toThrow(/not JSON/);
    expect(() => parseModelJson('{"format":"graph-model","modelTopology":{}}')).toThrow(
      /graph-model/,
    );
    expect(() => parseModelJson('{"weightsManifest":[]}')).toThrow(/no modelTopology/);
    const parsed = parseModelJson(files.json);
    expect(() => joinShards(parsed, new Map())).toThrow(/needs 'model.weights.bin'/);
    expect(() =>
      joinShards(parsed, new Map([['model.weights.bin', files.weights.subarray(4)]])),
    ).toThrow(/do not belong together/);
    await expect(loadTfjsModel({ ...files, weights: new Uint8Array(8) })).rejects.toThrow(
      /do not belong together/,
    );
    expect(joinShards(parsed, new Map([['model.weights.bin', files.weights]]))).toEqual(
      files.weights,
    );
  });
});

describe('/train with a saved model', () => {
  const config = {
    dataset: 'circles',
    samples: 200,
    epochs: 20,
    hiddenLayers: [8, 8],
    dropout: 0.1,
    learningRate: 0.03,
    seed: 3,
  };
  const savedFiles = (result: TrainResult) => ({
    [MODEL_JSON_FILE]: result.model.json,
    [MODEL_WEIGHTS_FILE]: result.model.weights,
  });

  it('evaluates the exported model on the same test rows with the same predictions', async () => {
    const trained = await runTrain(config, { data: diskLoader() });
    expect(trained.imported).toBe(false);
    const before = tf.memory().numTensors;
    const evaluated = await runTrain(config, { data: diskLoader(), files: savedFiles(trained) });
    expect(tf.memory().numTensors).toBe(before);
    expect(evaluated.imported).toBe(true);
    expect(evaluated.history).toEqual([]);
    expect(evaluated.parameters).toBe(trained.parameters);
    expect(evaluated.test).toEqual(trained.test);
    expect(evaluated.confusion).toEqual(trained.confusion);
    expect(evaluated.model).toEqual(trained.model);
  });

  it('refuses a model whose shapes do not fit the data, naming both', async () => {
    const trained = await runTrain({ ...config, epochs: 1 }, { data: diskLoader() });
    await expect(
      runTrain(
        { ...config, dataset: 'digits', samples: 300 },
        { data: diskLoader(), files: savedFiles(trained) },
      ),
    ).rejects.toThrow(/maps 2 inputs to 2 outputs; this data needs 64 to 10/);
  });
});

describe('the other labs’ model files', () => {
  it('/pruning saves the pruned network with its zeros, loadable as it is', async () => {
    const result = await runPruning(
      {
        samples: 1000,
        hidden: [32],
        epochs: 1,
        fineTuneEpochs: 1,
        targetSparsity: 0.8,
        beginStep: 0,
        endStep: 4,
        frequency: 1,
        sweep: [0],
        sweepEpochs: 0,
        batchSize: 64,
      },
      { data: diskLoader() },
    );
    expect(parseModelJson(result.model.json).metadata).toMatchObject({
      lab: 'pruning',
      dataset: 'mnist',
    });
    const model = await loadTfjsModel(result.model);
    // The kernels' zeros are the run's sparsity over all kernels; biases are never pruned.
    const kernels = model.layers.flatMap((layer) =>
      layer.getWeights().filter((weight) => weight.rank === 2),
    );
    const values = await Promise.all(kernels.map((kernel) => kernel.data()));
    const zeros = values.reduce((sum, v) => sum + v.filter((x) => x === 0).length, 0);
    const total = values.reduce((sum, v) => sum + v.length, 0);
    expect(zeros / total).toBeCloseTo(result.pruned.overall, 6);
    expect(result.pruned.overall).toBeGreaterThan(0.75);
    model.dispose();
  });

  it('/distillation saves the distilled student', async () => {
    const result = await runDistillation(
      {
        samples: 1000,
        teacherHidden: [32],
        teacherEpochs: 1,
        studentHidden: [16],
        studentEpochs: 1,
        batchSize: 64,
      },
      { data: diskLoader() },
    );
    expect(parseModelJson(result.student.json).metadata?.lab).toBe('distillation');
    const model = await loadTfjsModel(result.student);
    expect(model.countParams()).toBe(result.distilled.parameters);
    expect(model.inputs[0].shape).toEqual([null, 784]);
    model.dispose();
  });
});
