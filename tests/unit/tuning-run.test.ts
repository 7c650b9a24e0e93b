import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { epochReporter } from '../../src/engine/tuning/results';
import { runTuning } from '../../src/engine/tuning/run';
import {
  buildSpace,
  parseTuningSettings,
  trialConfig,
  tuningSchema,
} from '../../src/engine/tuning/settings';
import { defaults } from '../../src/engine/settings/schema';
import { diskLoader } from './node-data-source';

const settings = (input: Record<string, unknown>) => parseTuningSettings(input).value;

describe('the /tuning search space from its settings', () => {
  it('searches ranges and multi-option choices, fixes equal bounds and single options', () => {
    const { space, fixed, problems } = buildSpace(defaults(tuningSchema));
    expect(problems).toEqual([]);
    expect(space.map((d) => d.name)).toEqual([
      'learningRate',
      'batchSize',
      'units',
      'layers',
      'activation',
      'initializer',
      'dropout',
    ]);
    expect(fixed).toEqual({ l2: 0 });
    const lr = space.find((d) => d.name === 'learningRate')!;
    expect(lr.kind === 'float' && lr.log).toBe(true);
  });

  it('names each problem: min above max, nothing ticked, everything fixed', () => {
    expect(
      buildSpace(settings({ learningRateMin: 0.1, learningRateMax: 0.01, activations: [] }))
        .problems,
    ).toEqual([
      'Learning rate: "from" (0.1) is above "to" (0.01)',
      'Activations: tick at least one',
    ]);
    const allFixed = settings({
      learningRateMin: 0.01,
      learningRateMax: 0.01,
      batchSizes: [32],
      unitsMin: 16,
      unitsMax: 16,
      layersMin: 1,
      layersMax: 1,
      activations: ['relu'],
      initializers: ['heNormal'],
      dropoutMax: 0,
    });
    expect(buildSpace(allFixed).problems).toEqual([
      'the search space is empty: every setting is fixed; widen at least one range',
    ]);
  });

  it("a trial's /train config: layers of equal width, Adam, no early stopping", () => {
    const config = trialConfig(
      defaults(tuningSchema),
      {
        learningRate: 0.01,
        batchSize: 64,
        units: 32,
        layers: 3,
        activation: 'tanh',
        initializer: 'heNormal',
        dropout: 0.1,
        l2: 0,
      },
      7,
    );
    expect(config).toMatchObject({
      hiddenLayers: [32, 32, 32],
      optimizer: 'adam',
      epochs: 7,
      patience: 0,
      activation: 'tanh',
      initializer: 'heNormal',
    });
  });
});

describe('epochReporter', () => {
  it('reports each epoch once, from batched progress and the final history', () => {
    const scores: number[] = [];
    const reporter = epochReporter((s) => scores.push(s));
    const m = (epoch: number) => ({
      epoch,
      loss: 0,
      score: 0,
      validationLoss: 0,
      validationScore: epoch / 10,
      seconds: 0,
    });
    reporter.progress({ type: 'epochs', metrics: [m(1), m(2)], surface: null });
    reporter.progress({ type: 'epochs', metrics: [m(3)], surface: null });
    const test = reporter.finish({
      history: [m(1), m(2), m(3), m(4)],
      test: { score: 0.9 },
    } as never);
    expect(scores).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(test).toBe(0.9);
  });
});

describe('runTuning in one process (the CLI path)', () => {
  it('runs random search and Hyperband on moons to their budget, with analysis, leaking no tensors', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const result = await runTuning(
      {
        dataset: 'moons',
        samples: 300,
        strategies: ['random', 'hyperband'],
        budgetKind: 'epochs',
        budget: 24,
        maxEpochs: 3,
        parallel: 2,
        prune: false,
        unitsMax: 16,
      },
      { data: diskLoader() },
    );
    expect(tf.memory().numTensors).toBe(before);
    const [random, hyperband] = result.runs;
    expect(random.trials).toHaveLength(8);
    expect(random.trials.every((t) => t.status === 'finished' && t.curve.length === 3)).toBe(true);
    expect(random.trials.every((t) => typeof t.testScore === 'number')).toBe(true);
    expect(random.bestSoFar.at(-1)!.score).toBeGreaterThan(0.7);
    // R = 3, eta = 3: bracket s = 1 runs 3 trials for 1 epoch, promotes 1 to 3 epochs.
    expect(hyperband.trials.slice(0, 4).map((t) => t.epochs)).toEqual([1, 1, 1, 3]);
    expect(hyperband.trials.slice(0, 3).filter((t) => t.promoted)).toHaveLength(1);
    expect(hyperband.trials.reduce((s, t) => s + t.curve.length, 0)).toBeLessThanOrEqual(24);
    expect(result.analysis.importance).not.toBeNull();
    expect(result.analysis.posterior.map((p) => p.dimension)).toContain('learningRate');
  }, 60_000);

  it('a loss objective reports minus the validation loss, so the search maximizes it', async () => {
    const result = await runTuning(
      {
        dataset: 'moons',
        samples: 200,
        objective: 'loss',
        strategies: ['random'],
        budgetKind: 'trials',
        budget: 2,
        maxEpochs: 2,
        prune: false,
      },
      { data: diskLoader() },
    );
    for (const t of result.runs[0].trials) {
      expect(t.curve.every((s) => s < 0)).toBe(true);
      expect(t.testScore!).toBeGreaterThan(0); // the test score stays an accuracy
    }
  });

  it('refuses an invalid space before training anything', async () => {
    await expect(runTuning({ unitsMin: 64, unitsMax: 8 }, { data: diskLoader() })).rejects.toThrow(
      'Units: "from" (64) is above "to" (8)',
    );
  });
});
