import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/engine/rng';
import { suggestBayesian } from '../../src/engine/tuning/bayes';
import { bracketCost, hyperbandBrackets } from '../../src/engine/tuning/hyperband';
import { shouldPrune } from '../../src/engine/tuning/pruner';
import { runSearch, type SearchOptions, type Trial } from '../../src/engine/tuning/search';
import {
  encodeParams,
  gridPoints,
  gridSize,
  sampleParams,
  validateSpace,
  type SearchSpace,
} from '../../src/engine/tuning/space';

const space: SearchSpace = [
  { name: 'learningRate', kind: 'float', min: 1e-4, max: 1e-1, log: true, gridPoints: 3 },
  { name: 'units', kind: 'int', min: 8, max: 128, log: true, gridPoints: 3 },
  { name: 'layers', kind: 'int', min: 1, max: 3, log: false, gridPoints: 3 },
  { name: 'activation', kind: 'choice', options: ['relu', 'tanh'] },
];

describe('search space', () => {
  it('names every problem that stops a search from starting', () => {
    expect(validateSpace([])).toEqual(['the search space is empty: add at least one dimension']);
    expect(
      validateSpace([
        { name: 'lr', kind: 'float', min: 1, max: 0.1, log: false, gridPoints: 3 },
        { name: 'l2', kind: 'float', min: 0, max: 0.1, log: true, gridPoints: 3 },
        { name: 'units', kind: 'int', min: 2.2, max: 2.8, log: false, gridPoints: 3 },
        { name: 'act', kind: 'choice', options: [] },
        { name: 'drop', kind: 'float', min: 0, max: 0.5, log: false, gridPoints: 0 },
      ]),
    ).toEqual([
      'lr: minimum 1 is above maximum 0.1',
      'l2: a log-scale range must be above 0 (minimum is 0)',
      'units: no integer lies in [2.2, 2.8]',
      'act has no options to choose from',
      'drop: a grid needs at least 1 point',
    ]);
    expect(validateSpace(space)).toEqual([]);
  });

  it('samples inside the ranges, log-uniformly on log dimensions, integers as integers', () => {
    const rng = createRng(3);
    const samples = Array.from({ length: 4000 }, () => sampleParams(space, rng));
    for (const s of samples) {
      expect(s.learningRate as number).toBeGreaterThanOrEqual(1e-4);
      expect(s.learningRate as number).toBeLessThanOrEqual(1e-1);
      expect(Number.isInteger(s.units)).toBe(true);
      expect([1, 2, 3]).toContain(s.layers);
    }
    // Log-uniform: a third of the samples in each decade.
    const lowDecade = samples.filter((s) => (s.learningRate as number) < 1e-3).length / 4000;
    expect(lowDecade).toBeGreaterThan(0.3);
    expect(lowDecade).toBeLessThan(0.37);
    const layerShare = samples.filter((s) => s.layers === 1).length / 4000;
    expect(layerShare).toBeCloseTo(1 / 3, 1);
  });

  it("builds the grid as the product of each dimension's values, log-spaced where log", () => {
    expect(gridSize(space)).toBe(3 * 3 * 3 * 2);
    const grid = gridPoints(space);
    expect(grid).toHaveLength(54);
    expect(
      [...new Set(grid.map((p) => p.learningRate))].map((v) =>
        Number((v as number).toPrecision(6)),
      ),
    ).toEqual([1e-4, 0.00316228, 0.1]);
    expect([...new Set(grid.map((p) => p.units))]).toEqual([8, 32, 128]);
  });

  it('encodes ranges on [0, 1] and choices one-hot', () => {
    const encoded = encodeParams(space, {
      learningRate: 1e-1,
      units: 8,
      layers: 2,
      activation: 'tanh',
    });
    expect(encoded[0]).toBeCloseTo(1, 12);
    expect(encoded[1]).toBeGreaterThan(0);
    expect(encoded[1]).toBeLessThan(0.1);
    expect(encoded[2]).toBeCloseTo(0.5, 12);
    expect(encoded.slice(3)).toEqual([0, 1]);
  });
});

describe('Hyperband', () => {
  it('R = 81, eta = 3 gives the table of Li et al. (2018), Table 1', () => {
    const table = hyperbandBrackets(81, 3).map((b) =>
      b.rounds.map((r) => [r.configurations, r.resource]),
    );
    expect(table).toEqual([
      [
        [81, 1],
        [27, 3],
        [9, 9],
        [3, 27],
        [1, 81],
      ],
      [
        [34, 3],
        [11, 9],
        [3, 27],
        [1, 81],
      ],
      [
        [15, 9],
        [5, 27],
        [1, 81],
      ],
      [
        [8, 27],
        [2, 81],
      ],
      [[5, 81]],
    ]);
    expect(bracketCost(hyperbandBrackets(81, 3)[4])).toBe(405);
  });

  it('runs successive halving: each round keeps the best 1/eta and trains them longer', async () => {
    const trials = await runSearch(
      options({ strategy: 'hyperband', maxEpochs: 9, budget: { kind: 'epochs', amount: 10_000 } }),
      {
        evaluate: quadratic,
      },
    );
    // One full pass over the brackets for R = 9, eta = 3: (9 + 3 + 1) + (5 + 1) + 3 trials.
    const firstPass = trials.slice(0, 22);
    expect(firstPass.filter((t) => t.bracket === 2).map((t) => t.epochs)).toEqual([
      ...Array(9).fill(1),
      ...Array(3).fill(3),
      9,
    ]);
    const rung0 = firstPass.filter((t) => t.bracket === 2 && t.rung === 0);
    const promoted = rung0.filter((t) => t.promoted).map((t) => t.score!);
    const dropped = rung0.filter((t) => !t.promoted).map((t) => t.score!);
    expect(promoted).toHaveLength(3);
    expect(Math.min(...promoted)).toBeGreaterThanOrEqual(Math.max(...dropped));
  });
});

describe('the median stopping rule', () => {
  const finished = [
    [0.5, 0.6, 0.7],
    [0.4, 0.5, 0.6],
    [0.6, 0.7, 0.8],
    [0.3, 0.4, 0.5],
    [0.5, 0.55, 0.6],
  ];
  it('stops a trial whose best so far is below the median at that step, after warm-up', () => {
    expect(shouldPrune([0.1], finished)).toBe(false); // warm-up step
    expect(shouldPrune([0.1, 0.2], finished)).toBe(true); // median at step 2: 0.55
    expect(shouldPrune([0.1, 0.6], finished)).toBe(false);
    expect(shouldPrune([0.1, 0.2], finished.slice(0, 4))).toBe(false); // fewer than 5 finished
  });
});

/** A smooth objective over the test space with its optimum at lr = 1e-2, 64 units, 2 layers, relu. */
const objective = (p: Record<string, number | string>) =>
  1 -
  0.1 * (Math.log10(p.learningRate as number) + 2) ** 2 -
  0.05 * Math.log2((p.units as number) / 64) ** 2 -
  0.05 * ((p.layers as number) - 2) ** 2 -
  (p.activation === 'relu' ? 0 : 0.1);

/** Reports a learning curve that rises towards the objective over the epochs. */
const quadratic = async (
  params: Record<string, number | string>,
  epochs: number,
  report: (s: number) => void,
  signal: AbortSignal,
) => {
  for (let e = 1; e <= epochs; e++) {
    await Promise.resolve();
    signal.throwIfAborted();
    report(objective(params) * (1 - 0.5 ** e));
  }
};

const options = (overrides: Partial<SearchOptions>): SearchOptions => ({
  space,
  strategy: 'random',
  budget: { kind: 'trials', amount: 20 },
  maxEpochs: 4,
  eta: 3,
  parallel: 2,
  prune: false,
  initialTrials: 5,
  seed: 1,
  ...overrides,
});

describe('runSearch', () => {
  it('grid visits every grid point once, then stops', async () => {
    const trials = await runSearch(
      options({ strategy: 'grid', budget: { kind: 'trials', amount: 1000 } }),
      {
        evaluate: quadratic,
      },
    );
    expect(trials).toHaveLength(54);
    expect(trials.every((t) => t.status === 'finished' && t.curve.length === 4)).toBe(true);
  });

  it('keeps to a budget of epochs and runs trials in parallel', async () => {
    let running = 0;
    let most = 0;
    const trials = await runSearch(
      options({ budget: { kind: 'epochs', amount: 30 }, parallel: 3 }),
      {
        evaluate: async (params, epochs, report, signal) => {
          running++;
          most = Math.max(most, running);
          try {
            await quadratic(params, epochs, report, signal);
          } finally {
            running--;
          }
        },
      },
    );
    expect(most).toBe(3);
    expect(trials.reduce((s, t) => s + t.curve.length, 0)).toBeLessThanOrEqual(30);
    expect(trials).toHaveLength(7);
  });

  it('prunes with the median rule and spends the saved epochs on more trials', async () => {
    const pruned = await runSearch(
      options({ prune: true, budget: { kind: 'epochs', amount: 80 }, parallel: 1 }),
      {
        evaluate: quadratic,
      },
    );
    const plain = await runSearch(
      options({ budget: { kind: 'epochs', amount: 80 }, parallel: 1 }),
      {
        evaluate: quadratic,
      },
    );
    expect(pruned.some((t) => t.status === 'pruned')).toBe(true);
    expect(pruned.length).toBeGreaterThan(plain.length);
    for (const t of pruned.filter((t) => t.status === 'pruned'))
      expect(t.curve.length).toBeLessThan(4);
  });

  it('reports a failed trial and goes on', async () => {
    const trials = await runSearch(
      options({ budget: { kind: 'trials', amount: 4 }, parallel: 1 }),
      {
        evaluate: async (params, epochs, report, signal) => {
          if ((params.layers as number) === 3) throw new Error('out of memory');
          await quadratic(params, epochs, report, signal);
        },
      },
    );
    expect(trials).toHaveLength(4);
    expect(
      trials.filter((t) => t.status === 'failed').every((t) => t.error === 'out of memory'),
    ).toBe(true);
  });

  it('stops every trial when cancelled', async () => {
    const controller = new AbortController();
    const search = runSearch(options({ budget: { kind: 'trials', amount: 100 } }), {
      evaluate: quadratic,
      signal: controller.signal,
      onUpdate: (trials) => trials.length >= 5 && controller.abort(),
    });
    await expect(search).rejects.toThrow(/abort/i);
  });

  it('refuses an invalid space before any trial', async () => {
    let calls = 0;
    await expect(
      runSearch(options({ space: [] }), { evaluate: async () => void calls++ }),
    ).rejects.toThrow('the search space is empty');
    expect(calls).toBe(0);
  });
});

/** Branin-Hoo on [-5, 10] x [0, 15]; global minimum 0.397887 at three points. */
const branin = (x1: number, x2: number) =>
  (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 +
  10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) +
  10;

const braninSpace: SearchSpace = [
  { name: 'x1', kind: 'float', min: -5, max: 10, log: false, gridPoints: 5 },
  { name: 'x2', kind: 'float', min: 0, max: 15, log: false, gridPoints: 5 },
];

async function minimizeBranin(strategy: 'bayesian' | 'random', seed: number): Promise<number> {
  const trials: Trial[] = await runSearch(
    {
      space: braninSpace,
      strategy,
      budget: { kind: 'trials', amount: 40 },
      maxEpochs: 1,
      eta: 3,
      parallel: 1,
      prune: false,
      initialTrials: 5,
      seed,
    },
    { evaluate: async (p, _e, report) => report(-branin(p.x1 as number, p.x2 as number)) },
  );
  return -Math.max(...trials.map((t) => t.score!));
}

describe('Bayesian optimization on Branin (minimum 0.397887)', () => {
  it('gets within 0.05 of the minimum in 40 evaluations for most seeds, and beats random search', async () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const bayes = [];
    const random = [];
    for (const seed of seeds) {
      bayes.push(await minimizeBranin('bayesian', seed));
      random.push(await minimizeBranin('random', seed));
    }
    const hits = bayes.filter((v) => v - 0.397887 < 0.05).length;
    expect(hits).toBeGreaterThanOrEqual(6);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(bayes)).toBeLessThan(mean(random));
  }, 60_000);

  it('suggests a point it has not tried', () => {
    const rng = createRng(1);
    const observations = Array.from({ length: 6 }, () => {
      const params = sampleParams(braninSpace, rng);
      return { params, score: -branin(params.x1 as number, params.x2 as number) };
    });
    const { params, expectedImprovement } = suggestBayesian(braninSpace, observations, rng);
    expect(observations.map((o) => o.params)).not.toContainEqual(params);
    expect(expectedImprovement).toBeGreaterThan(0);
  });
});
