import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAbort } from '../../src/engine/abort';
import { buildModel } from '../../src/engine/models/build';
import { fit, toTensors, disposeData } from '../../src/engine/models/fit';
import { createRng } from '../../src/engine/rng';
import { runTrain, type TrainProgress } from '../../src/engine/train/run';
import { diskLoader } from './node-data-source';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = {
  dataset: 'circles',
  samples: 200,
  epochs: 30,
  hiddenLayers: [8, 8],
  learningRate: 0.03,
  seed: 3,
};

describe('runTrain (the /train entry point)', () => {
  it('learns circles: test accuracy above 90%, with progress, history and confusion matrix', async () => {
    const events: TrainProgress[] = [];
    const result = await runTrain(small, {
      data: diskLoader(),
      onProgress: (e) => void events.push(e),
    });
    expect(result.backend).toBe('cpu');
    expect(result.history).toHaveLength(30);
    expect(result.history[29].loss).toBeLessThan(result.history[0].loss);
    expect(result.test.score).toBeGreaterThan(0.9);
    expect(result.confusion?.flat().reduce((a, b) => a + b, 0)).toBe(result.test.rows);
    expect(events[0].type).toBe('data');
    const epochs = events.filter((e) => e.type === 'epochs');
    expect(epochs.flatMap((e) => e.metrics)).toEqual(
      result.history.map((m) => expect.objectContaining({ epoch: m.epoch })),
    );
    const surface = epochs.at(-1)?.surface;
    expect(surface?.values.length).toBe(48 * 48 * 2);
    // Softmax probabilities per cell sum to 1.
    expect(surface!.values[0] + surface!.values[1]).toBeCloseTo(1, 5);
  });

  it('gives the same history for the same seed, and another for another seed', async () => {
    const withoutTime = (history: { seconds: number }[]) =>
      history.map(({ seconds: _, ...rest }) => rest);
    const config = { ...small, epochs: 5, dropout: 0.2 };
    const a = await runTrain(config, { data: diskLoader() });
    const b = await runTrain(config, { data: diskLoader() });
    const c = await runTrain({ ...config, seed: 4 }, { data: diskLoader() });
    expect(withoutTime(a.history)).toEqual(withoutTime(b.history));
    expect(withoutTime(a.history)).not.toEqual(withoutTime(c.history));
  });

  it('fits a regression surface (R^2 on the plane above 0.9)', async () => {
    const result = await runTrain(
      { dataset: 'plane', samples: 300, epochs: 40, noise: 0.02, seed: 1 },
      { data: diskLoader() },
    );
    expect(result.task).toBe('regression');
    expect(result.confusion).toBeNull();
    expect(result.test.score).toBeGreaterThan(0.9);
  });

  it('trains the CNN on real digits', async () => {
    const result = await runTrain(
      {
        dataset: 'digits',
        model: 'cnn',
        samples: 600,
        epochs: 4,
        hiddenLayers: [32],
        filters: 4,
        seed: 1,
      },
      { data: diskLoader() },
    );
    expect(result.parameters).toBeGreaterThan(1000);
    expect(result.test.score).toBeGreaterThan(0.6);
  });

  it('rejects an invalid config with a message naming the setting', async () => {
    await expect(runTrain({ learningRate: -1 }, { data: diskLoader() })).rejects.toThrow(
      /learningRate/,
    );
    await expect(
      runTrain({ dataset: 'circles', model: 'cnn' }, { data: diskLoader() }),
    ).rejects.toThrow(/CNN needs image data/);
  });

  it('stops at the next yield when cancelled', async () => {
    const controller = new AbortController();
    const run = runTrain(
      { ...small, epochs: 500 },
      {
        data: diskLoader(),
        signal: controller.signal,
        onProgress: (e) => void (e.type === 'epochs' && controller.abort()),
      },
    );
    await expect(run).rejects.toSatisfy(isAbort);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await runTrain({ ...small, epochs: 3 }, { data: diskLoader() });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('fit (the training loop)', () => {
  const setup = async () => {
    const data = await diskLoader().load('moons', { samples: 200, noise: 0.1, seed: 1 });
    const subset = { x: data.x, y: data.y, rows: data.rows };
    return {
      train: toTensors(subset, [2], 'classification', 2),
      validation: toTensors(subset, [2], 'classification', 2),
    };
  };

  it('keeps the tensor count flat from epoch to epoch', async () => {
    const { train, validation } = await setup();
    const model = buildModel({
      kind: 'mlp',
      inputs: 2,
      hidden: [8],
      activation: 'relu',
      outputs: 2,
      dropout: 0.1,
      seed: 1,
    });
    const counts: number[] = [];
    await fit(model, train, validation, {
      task: 'classification',
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 16,
      epochs: 6,
      l2: 0.001,
      patience: 0,
      rng: createRng(1),
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    // Epoch 1 creates Adam's slot variables; from then on the count must not move.
    expect(new Set(counts.slice(1)).size).toBe(1);
    model.dispose();
    disposeData(train);
    disposeData(validation);
  });

  it('stops early after `patience` epochs without improvement and restores the best weights', async () => {
    const { train, validation } = await setup();
    const model = buildModel({
      kind: 'mlp',
      inputs: 2,
      hidden: [4],
      activation: 'tanh',
      outputs: 2,
      dropout: 0,
      seed: 2,
    });
    // A learning rate this large makes validation loss bounce, so improvement stalls quickly.
    const result = await fit(model, train, validation, {
      task: 'classification',
      optimizer: 'sgd',
      learningRate: 0.9,
      batchSize: 200,
      epochs: 200,
      l2: 0,
      patience: 3,
      minDelta: 0.05,
      restoreBest: true,
      rng: createRng(1),
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.history.length).toBe(result.bestEpoch + 3);
    const restored = await (
      await import('../../src/engine/models/fit')
    ).evaluate(model, validation, 'classification');
    expect(restored.loss).toBeCloseTo(result.history[result.bestEpoch - 1].validationLoss, 4);
    model.dispose();
    disposeData(train);
    disposeData(validation);
  });

  it('L2 shrinks the weights', async () => {
    const { train, validation } = await setup();
    const norms: number[] = [];
    for (const l2 of [0, 0.05]) {
      const model = buildModel({
        kind: 'mlp',
        inputs: 2,
        hidden: [16],
        activation: 'relu',
        outputs: 2,
        dropout: 0,
        seed: 5,
      });
      await fit(model, train, validation, {
        task: 'classification',
        optimizer: 'adam',
        learningRate: 0.02,
        batchSize: 32,
        epochs: 20,
        l2,
        patience: 0,
        rng: createRng(1),
      });
      const kernel = model.layers[0].getWeights()[0];
      norms.push((await tf.sum(tf.square(kernel)).data())[0]);
      model.dispose();
    }
    expect(norms[1]).toBeLessThan(0.7 * norms[0]);
    disposeData(train);
    disposeData(validation);
  });
});

describe('parameterCount', () => {
  it("equals tfjs's countParams for MLPs and CNNs", async () => {
    const { parameterCount } = await import('../../src/engine/models/count');
    const specs = [
      {
        kind: 'mlp' as const,
        inputs: 784,
        hidden: [512, 256],
        activation: 'relu' as const,
        outputs: 10,
        dropout: 0.2,
        seed: 1,
      },
      {
        kind: 'mlp' as const,
        inputs: 2,
        hidden: [],
        activation: 'relu' as const,
        outputs: 3,
        dropout: 0,
        seed: 1,
      },
      {
        kind: 'cnn' as const,
        shape: [28, 28, 1] as [number, number, number],
        filters: 8,
        hidden: [64],
        activation: 'relu' as const,
        outputs: 10,
        dropout: 0,
        seed: 1,
      },
      {
        kind: 'cnn' as const,
        shape: [8, 8, 1] as [number, number, number],
        filters: 5,
        hidden: [],
        activation: 'relu' as const,
        outputs: 10,
        dropout: 0,
        seed: 1,
      },
    ];
    for (const spec of specs) {
      const model = buildModel(spec);
      expect(parameterCount(spec)).toBe(model.countParams());
      model.dispose();
    }
  });
});
