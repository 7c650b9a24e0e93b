import { describe, expect, it } from 'vitest';
import { RegularizedEvolution } from '../../src/engine/nas/evolution';
import { compareOnTable } from '../../src/engine/nas/search-loop';
import { isValid, type MacroSpace, type MicroSpace } from '../../src/engine/nas/space';
import { archKey, cellOps, type MicroArch } from '../../src/engine/nas/types';
import { createRng } from '../../src/engine/rng';
import { syntheticMicroTable } from './nas-synthetic-table';

const micro: MicroSpace = { kind: 'micro', ops: [...cellOps] };

describe('RegularizedEvolution', () => {
  it('starts from P random architectures, then evolves valid children', () => {
    const evolution = new RegularizedEvolution(micro, { population: 5, sample: 2 }, createRng(1));
    for (let i = 0; i < 5; i++) {
      expect(evolution.state().phase).toBe('initial');
      const arch = evolution.ask();
      expect(isValid(arch, micro)).toBe(true);
      evolution.tell(arch, i);
    }
    expect(evolution.state().lastParent).toBeNull();
    for (let i = 0; i < 50; i++) {
      const child = evolution.ask();
      expect(evolution.state().phase).toBe('evolving');
      expect(isValid(child, micro)).toBe(true);
      evolution.tell(child, i / 50);
    }
  });

  it('removes the oldest member, not the worst', () => {
    const evolution = new RegularizedEvolution(micro, { population: 3, sample: 2 }, createRng(2));
    const told: string[] = [];
    for (let i = 0; i < 7; i++) {
      const arch = evolution.ask();
      // Decreasing scores: the oldest is also the best, and still it goes.
      evolution.tell(arch, 10 - i);
      told.push(archKey(arch));
    }
    const { population, evaluated } = evolution.state();
    expect(evaluated).toBe(7);
    expect(population.map((m) => archKey(m.arch))).toEqual(told.slice(4));
    expect(population.map((m) => m.score)).toEqual([6, 5, 4]);
    expect(population.map((m) => m.age)).toEqual([2, 1, 0]);
  });

  it('mutates the tournament winner: one edge away from the best when S is large', () => {
    const evolution = new RegularizedEvolution(micro, { population: 4, sample: 60 }, createRng(3));
    const scores = [0.2, 0.9, 0.4, 0.1];
    const initial = scores.map((score) => {
      const arch = evolution.ask() as MicroArch;
      evolution.tell(arch, score);
      return arch;
    });
    // S = 60 draws with replacement from 4 members miss the best with probability (3/4)^60 ~ 3e-8.
    const child = evolution.ask() as MicroArch;
    expect(evolution.state().lastParent).toEqual(initial[1]);
    expect(child.ops.filter((op, e) => op !== initial[1].ops[e]).length).toBe(1);
  });

  it('lets asks run ahead of tells', () => {
    const evolution = new RegularizedEvolution(micro, { population: 3, sample: 2 }, createRng(4));
    const asked = Array.from({ length: 6 }, () => evolution.ask());
    // No member told yet: all six are random, and pending counts them.
    expect(evolution.state()).toMatchObject({ pending: 6, evaluated: 0, population: [] });
    evolution.tell(asked[0], 0.5);
    expect(evolution.state().pending).toBe(5);
    expect(isValid(evolution.ask(), micro)).toBe(true);
    expect(evolution.state().lastParent).toEqual(asked[0]);
  });

  it('evolves macro chains and handles a one-architecture space', () => {
    const macro: MacroSpace = {
      kind: 'macro',
      minLayers: 1,
      maxLayers: 3,
      widths: [8, 16],
      activations: ['relu', 'tanh'],
      skips: true,
    };
    const rng = createRng(5);
    const evolution = new RegularizedEvolution(macro, { population: 4, sample: 2 }, rng);
    for (let i = 0; i < 40; i++) {
      const arch = evolution.ask();
      expect(isValid(arch, macro)).toBe(true);
      evolution.tell(arch, rng.next());
    }
    const single: MicroSpace = { kind: 'micro', ops: ['dense'] };
    const tiny = new RegularizedEvolution(single, { population: 1, sample: 1 }, createRng(6));
    tiny.tell(tiny.ask(), 1);
    expect(tiny.ask()).toEqual({ kind: 'micro', ops: Array(6).fill('dense') });
  });

  it('refuses a bad population, sample or space', () => {
    expect(
      () => new RegularizedEvolution(micro, { population: 0, sample: 2 }, createRng(0)),
    ).toThrow(/population/);
    expect(
      () => new RegularizedEvolution(micro, { population: 5, sample: 0 }, createRng(0)),
    ).toThrow(/tournament sample/);
    expect(
      () =>
        new RegularizedEvolution(
          { kind: 'micro', ops: [] },
          { population: 5, sample: 2 },
          createRng(0),
        ),
    ).toThrow(/no operation is allowed/);
  });
});

describe('evolution against random search on a fixed synthetic table', () => {
  it('finds better cells on average at the same budget', async () => {
    const table = syntheticMicroTable(7);
    const best = Math.max(...table.scores.values());
    const budget = 80;
    const [random, evolution] = await compareOnTable(
      table,
      ['random', 'evolution'],
      budget,
      50,
      createRng(11),
      { options: { evolution: { population: 15, sample: 4 } } },
    );
    const last = budget - 1;
    // Mean regret (best score - best found) at the end: evolution's is less than half random's.
    expect(best - evolution.mean[last]).toBeLessThan(0.5 * (best - random.mean[last]));
    expect(evolution.p10[last]).toBeGreaterThan(random.p10[last]);
    // And it is ahead over the second half of the run, once its population is in.
    for (let i = budget / 2; i < budget; i++)
      expect(evolution.mean[i]).toBeGreaterThan(random.mean[i]);
  });
});
