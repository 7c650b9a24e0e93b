import { describe, expect, it } from 'vitest';
import { ReinforceController, softmax } from '../../src/engine/nas/reinforce';
import { isValid, type MacroSpace, type MicroSpace } from '../../src/engine/nas/space';
import { cellOps, type MacroArch, type MicroArch } from '../../src/engine/nas/types';
import { createRng } from '../../src/engine/rng';
import { syntheticMicroTable } from './nas-synthetic-table';

const micro: MicroSpace = { kind: 'micro', ops: [...cellOps] };
const cell = (ops: string): MicroArch => ({
  kind: 'micro',
  ops: ops.split(' ') as MicroArch['ops'],
});

describe('ReinforceController', () => {
  it('starts uniform and samples only valid cells with their log-probability', () => {
    const controller = new ReinforceController(micro, { learningRate: 1, baselineDecay: 0.9 });
    for (const d of controller.probabilities())
      expect(d.probabilities).toEqual([1 / 3, 1 / 3, 1 / 3]);
    const rng = createRng(1);
    for (let i = 0; i < 1000; i++) {
      const { arch, logProbability } = controller.sample(rng);
      expect(isValid(arch, micro)).toBe(true);
      expect(logProbability).toBeCloseTo(6 * Math.log(1 / 3), 12);
    }
  });

  it('steps the logits by lr (R - b)(onehot - p), by hand', () => {
    const controller = new ReinforceController(micro, { learningRate: 2, baselineDecay: 0.5 });
    const arch = cell('dense skip zero dense dense skip');
    // The first reward only sets the baseline: no step.
    controller.update(arch, 0.4);
    expect(controller.baseline).toBe(0.4);
    expect(controller.probabilities()[0].probabilities).toEqual([1 / 3, 1 / 3, 1 / 3]);
    // R = 0.7, b = 0.4: the chosen op's logit +2 * 0.3 * 2/3 = 0.4, the others -2 * 0.3 / 3 = -0.2.
    controller.update(arch, 0.7);
    const expected = softmax([-0.2, -0.2, 0.4]);
    const close = (a: number[], b: number[]) =>
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 14));
    close(controller.probabilities()[0].probabilities, expected);
    close(controller.probabilities()[1].probabilities, softmax([-0.2, 0.4, -0.2]));
    expect(expected[2]).toBeCloseTo(Math.exp(0.4) / (Math.exp(0.4) + 2 * Math.exp(-0.2)), 15);
    // b <- 0.5 * 0.4 + 0.5 * 0.7.
    expect(controller.baseline).toBeCloseTo(0.55, 15);
    expect(controller.logProbability(arch)).toBeCloseTo(6 * Math.log(expected[2]), 12);
  });

  it('matches the softmax gradient by finite differences', () => {
    // d log softmax(z)_k / dz_j = [j = k] - p_j.
    const z = [0.3, -1.2, 0.8];
    const p = softmax(z);
    for (let j = 0; j < 3; j++) {
      const h = 1e-6;
      const up = z.map((v, i) => (i === j ? v + h : v));
      const down = z.map((v, i) => (i === j ? v - h : v));
      const numeric = (Math.log(softmax(up)[2]) - Math.log(softmax(down)[2])) / (2 * h);
      expect(numeric).toBeCloseTo((j === 2 ? 1 : 0) - p[j], 8);
    }
  });

  it('raises the probability of the best cell of a fixed table, with a baseline near the mean reward', () => {
    const table = syntheticMicroTable(7);
    const controller = new ReinforceController(micro, { learningRate: 1, baselineDecay: 0.9 });
    const rng = createRng(3);
    const start = Math.exp(controller.logProbability(table.best));
    expect(start).toBeCloseTo(3 ** -6, 12);
    const rewards: number[] = [];
    for (let i = 0; i < 500; i++) {
      const { arch } = controller.sample(rng);
      const reward = table.score(arch);
      controller.update(arch, reward);
      rewards.push(reward);
    }
    const end = Math.exp(controller.logProbability(table.best));
    expect(end).toBeGreaterThan(100 * start);
    expect(end).toBeGreaterThan(0.2);
    // The moving average (decay 0.9, ~10 rewards) against the mean of the last 30 rewards.
    const recent = rewards.slice(-30);
    const mean = recent.reduce((s, r) => s + r, 0) / recent.length;
    expect(Math.abs(controller.baseline! - mean)).toBeLessThan(0.01);
  });

  it('with normalized advantages, learns from rewards that differ only in the third decimal', () => {
    const table = syntheticMicroTable(7);
    const run = (normalize: boolean) => {
      const controller = new ReinforceController(micro, {
        learningRate: 0.5,
        baselineDecay: 0.9,
        normalize,
      });
      const rng = createRng(3);
      // The same table squeezed into [0.95, 0.96], like accuracies of similar networks.
      for (let i = 0; i < 300; i++) {
        const { arch } = controller.sample(rng);
        controller.update(arch, 0.95 + 0.01 * table.score(arch));
      }
      return Math.exp(controller.logProbability(table.best));
    };
    const start = 3 ** -6;
    expect(run(false)).toBeLessThan(3 * start);
    expect(run(true)).toBeGreaterThan(30 * start);
  });

  it('tracks the mean of stationary rewards', () => {
    const controller = new ReinforceController(micro, { learningRate: 0, baselineDecay: 0.95 });
    const rng = createRng(4);
    const baselines: number[] = [];
    for (let i = 0; i < 2000; i++) {
      controller.update(controller.sample(rng).arch, 0.6 + 0.1 * rng.normal());
      if (i >= 100) baselines.push(controller.baseline!);
    }
    const mean = baselines.reduce((s, b) => s + b, 0) / baselines.length;
    expect(mean).toBeCloseTo(0.6, 2);
  });

  it('updates only the decisions a macro chain uses', () => {
    const space: MacroSpace = {
      kind: 'macro',
      minLayers: 1,
      maxLayers: 3,
      widths: [8, 16],
      activations: ['relu', 'tanh'],
      skips: false,
    };
    const controller = new ReinforceController(space, { learningRate: 1, baselineDecay: 0.5 });
    expect(controller.probabilities().map((d) => d.name)).toEqual([
      'layers',
      'width1',
      'activation1',
      'width2',
      'activation2',
      'width3',
      'activation3',
    ]);
    const arch: MacroArch = {
      kind: 'macro',
      layers: [
        { width: 16, activation: 'tanh', skip: false },
        { width: 8, activation: 'relu', skip: false },
      ],
    };
    controller.update(arch, 0);
    controller.update(arch, 1);
    const probabilities = Object.fromEntries(
      controller.probabilities().map((d) => [d.name, d.probabilities]),
    );
    expect(probabilities.layers[1]).toBeGreaterThan(1 / 3);
    expect(probabilities.width1[1]).toBeGreaterThan(0.5);
    expect(probabilities.width2[0]).toBeGreaterThan(0.5);
    expect(probabilities.width3).toEqual([0.5, 0.5]);
    expect(probabilities.activation3).toEqual([0.5, 0.5]);
    const rng = createRng(5);
    for (let i = 0; i < 200; i++) expect(isValid(controller.sample(rng).arch, space)).toBe(true);
  });

  it('refuses a bad reward or decay', () => {
    expect(() => new ReinforceController(micro, { learningRate: 1, baselineDecay: 1 })).toThrow(
      /baseline decay/,
    );
    const controller = new ReinforceController(micro);
    expect(() => controller.update(cell('dense dense dense dense dense dense'), NaN)).toThrow(
      /finite/,
    );
  });
});
