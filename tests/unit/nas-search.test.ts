import { describe, expect, it } from 'vitest';
import { compareOnTable, quantile, runNasSearch } from '../../src/engine/nas/search-loop';
import { isValid, spaceSize, type MacroSpace, type MicroSpace } from '../../src/engine/nas/space';
import { createStrategy, nasStrategies } from '../../src/engine/nas/strategies';
import { archKey, cellOps, type Architecture } from '../../src/engine/nas/types';
import { createRng } from '../../src/engine/rng';
import { syntheticMicroTable } from './nas-synthetic-table';

const micro: MicroSpace = { kind: 'micro', ops: [...cellOps] };
const macro: MacroSpace = {
  kind: 'macro',
  minLayers: 1,
  maxLayers: 3,
  widths: [8, 16, 32],
  activations: ['relu', 'tanh'],
  skips: true,
};
/** A smooth macro score: wider and deeper is better, tanh slightly better, skips help. */
const macroScore = (arch: Architecture) =>
  arch.kind === 'macro'
    ? arch.layers.reduce(
        (s, l) => s + l.width / 320 + (l.activation === 'tanh' ? 0.02 : 0) + (l.skip ? 0.01 : 0),
        0.3,
      )
    : 0;

describe('runNasSearch', () => {
  it('refuses a budget of 0 evaluations', async () => {
    await expect(
      runNasSearch({
        strategy: 'random',
        space: micro,
        budget: 0,
        evaluate: async () => ({ score: 0, cost: 0 }),
        rng: createRng(0),
      }),
    ).rejects.toThrow('The budget is 0 evaluations: give at least 1 architecture to evaluate');
  });

  it('runs every strategy on both spaces with valid architectures and a rising best', async () => {
    const table = syntheticMicroTable(3);
    for (const [space, score] of [
      [micro, table.score],
      [macro, macroScore],
    ] as const) {
      for (const strategy of nasStrategies) {
        const seen: number[] = [];
        const evaluations = await runNasSearch({
          strategy,
          strategyOptions: { gridLimit: 2000, evolution: { population: 5, sample: 2 } },
          space,
          budget: 12,
          evaluate: async (arch) => ({ score: score(arch), cost: 2 }),
          rng: createRng(1),
          onEvaluation: (e) => seen.push(e.index),
        });
        expect(evaluations.length).toBe(12);
        expect(seen).toEqual(evaluations.map((e) => e.index));
        let best = -Infinity;
        for (const e of evaluations) {
          expect(isValid(e.arch, space)).toBe(true);
          best = Math.max(best, e.score);
          expect(e.bestSoFar).toBe(best);
          expect(e.cost).toBe(2);
        }
      }
    }
  });

  it('stops when the grid is done, and random search never repeats', async () => {
    const space: MicroSpace = { kind: 'micro', ops: ['skip', 'dense'] };
    for (const strategy of ['grid', 'random'] as const) {
      const evaluations = await runNasSearch({
        strategy,
        space,
        budget: 100,
        evaluate: async () => ({ score: 1, cost: 1 }),
        rng: createRng(2),
      });
      expect(evaluations.length).toBe(64);
      expect(new Set(evaluations.map((e) => archKey(e.arch))).size).toBe(64);
    }
  });

  it('Bayesian optimization does not repeat and finds a good macro chain', async () => {
    const evaluations = await runNasSearch({
      strategy: 'bayesian',
      space: macro,
      budget: 20,
      evaluate: async (arch) => ({ score: macroScore(arch), cost: 1 }),
      rng: createRng(3),
    });
    expect(new Set(evaluations.map((e) => archKey(e.arch))).size).toBe(20);
    // The best is 3 layers of 32 tanh with skips: 0.3 + 3 * 0.13 = 0.69. Counting the chains
    // by hand, a random draw scores above 0.65 with probability 0.0039, so 20 random draws
    // reach it 7% of the time.
    expect(evaluations[19].bestSoFar).toBeGreaterThan(0.65);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    await expect(
      runNasSearch({
        strategy: 'random',
        space: micro,
        budget: 10,
        evaluate: async () => {
          controller.abort();
          return { score: 1, cost: 1 };
        },
        rng: createRng(4),
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('createStrategy', () => {
  it('refuses a grid over the limit, and a space with problems', () => {
    expect(() => createStrategy('grid', macro, { gridLimit: 100 }, createRng(0))).toThrow(
      `The space has ${spaceSize(macro)} architectures, more than the grid limit 100: use another strategy or restrict the space`,
    );
    expect(spaceSize(macro)).toBe(12 + 144 + 1728);
    expect(() =>
      createStrategy('random', { kind: 'micro', ops: ['zero'] }, {}, createRng(0)),
    ).toThrow(/only 'zero' is allowed/);
  });

  it('shows each strategy state', () => {
    const rng = createRng(5);
    const evolution = createStrategy('evolution', micro, {}, rng);
    const arch = evolution.ask() as Architecture;
    evolution.tell(arch, 0.5);
    expect(evolution.state()).toMatchObject({ kind: 'evolution', evaluated: 1, phase: 'initial' });
    const reinforce = createStrategy('reinforce', micro, {}, rng);
    reinforce.tell(reinforce.ask() as Architecture, 0.3);
    expect(reinforce.state()).toMatchObject({ kind: 'reinforce', baseline: 0.3 });
    const grid = createStrategy('grid', micro, {}, rng);
    grid.ask();
    expect(grid.state()).toEqual({ kind: 'grid', next: 1, total: 662 });
  });
});

describe('compareOnTable', () => {
  it('interpolates percentiles as NumPy does', () => {
    // np.percentile([1, 2, 3, 4, 10], [10, 90]) = [1.4, 7.6].
    expect(quantile([10, 2, 1, 4, 3], 0.1)).toBeCloseTo(1.4, 12);
    expect(quantile([10, 2, 1, 4, 3], 0.9)).toBeCloseTo(7.6, 12);
    expect(quantile([5], 0.9)).toBe(5);
  });

  it('summarizes best-so-far curves per strategy and reports a strategy that cannot start', async () => {
    const table = syntheticMicroTable(4);
    const results = await compareOnTable(
      table,
      ['grid', 'random', 'reinforce'],
      20,
      6,
      createRng(6),
      {
        options: { gridLimit: 100 },
      },
    );
    expect(results[0]).toMatchObject({ name: 'grid', curves: [] });
    expect(results[0].error).toMatch(/more than the grid limit 100/);
    for (const result of results.slice(1)) {
      expect(result.curves.length).toBe(6);
      for (const cost of result.costs) expect(cost).toEqual(cost.map((_, i) => i + 1));
      for (const curve of result.curves) {
        expect(curve.length).toBe(20);
        for (let i = 1; i < 20; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1]);
      }
      result.mean.forEach((m, i) => {
        const column = result.curves.map((c) => c[i]);
        expect(m).toBeCloseTo(column.reduce((s, v) => s + v, 0) / 6, 12);
        expect(result.p10[i]).toBeLessThanOrEqual(m + 1e-12);
        expect(result.p90[i]).toBeGreaterThanOrEqual(m - 1e-12);
        expect(result.p10[i]).toBeGreaterThanOrEqual(Math.min(...column));
      });
    }
  });

  it('holds the best of a grid that runs out before the budget', async () => {
    const space: MicroSpace = { kind: 'micro', ops: ['dense'] };
    const [grid] = await compareOnTable(
      { space, lookup: () => ({ score: 0.8, cost: 1 }) },
      ['grid'],
      5,
      2,
      createRng(7),
    );
    expect(grid.curves).toEqual([
      [0.8, 0.8, 0.8, 0.8, 0.8],
      [0.8, 0.8, 0.8, 0.8, 0.8],
    ]);
    expect(grid.costs).toEqual([
      [1, 1, 1, 1, 1],
      [1, 1, 1, 1, 1],
    ]);
  });
});
