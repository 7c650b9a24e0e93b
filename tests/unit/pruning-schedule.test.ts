import { describe, expect, it } from 'vitest';
import {
  shouldPruneAt,
  sparsityAt,
  validateSchedule,
  type ConstantSparsity,
  type PolynomialDecay,
  type PruningSchedule,
} from '../../src/engine/pruning/schedule';

const constant = (
  targetSparsity: number,
  beginStep: number,
  endStep = -1,
  frequency = 100,
): ConstantSparsity => ({ targetSparsity, beginStep, endStep, frequency });

const polynomial = (
  initialSparsity: number,
  finalSparsity: number,
  beginStep: number,
  endStep: number,
  power = 3,
  frequency = 100,
): PolynomialDecay => ({ initialSparsity, finalSparsity, beginStep, endStep, power, frequency });

// The schedules of TF MOT's pruning_schedule_test.py `_construct_pruning_schedule`.
const both = (begin: number, end: number, frequency = 10): [string, PruningSchedule][] => [
  ['ConstantSparsity', constant(0.5, begin, end, frequency)],
  ['PolynomialDecay', polynomial(0.2, 0.8, begin, end, 3, frequency)],
];

describe("pruning schedules, TF MOT's pruning_schedule_test.py cases", () => {
  it('PolynomialDecay(0.2, 0.8, 100, 110, power 3, frequency 2) gives 0.2, 0.4928, 0.725, 0.8', () => {
    const schedule = polynomial(0.2, 0.8, 100, 110, 3, 2);
    const expected: [number, number][] = [
      [100, 0.2],
      [102, 0.4928],
      [105, 0.725],
      [110, 0.8],
    ];
    for (const [step, sparsity] of expected)
      expect(sparsityAt(schedule, step).sparsity).toBeCloseTo(sparsity, 12);
  });

  it.each(both(100, 200, 1))('%s prunes only in [begin, end]', (_, schedule) => {
    for (const step of [90, 99, 201, 210])
      expect(sparsityAt(schedule, step).shouldPrune).toBe(false);
    for (const step of [100, 110, 200]) expect(sparsityAt(schedule, step).shouldPrune).toBe(true);
  });

  it.each(both(100, 200, 10))('%s prunes only every `frequency` steps', (_, schedule) => {
    for (const step of [109, 111]) expect(shouldPruneAt(schedule, step)).toBe(false);
    for (const step of [100, 110]) expect(shouldPruneAt(schedule, step)).toBe(true);
  });

  it('ConstantSparsity with endStep -1 prunes forever at its sparsity', () => {
    const schedule = constant(0.5, 0, -1, 10);
    for (const step of [10000, 100000000])
      expect(sparsityAt(schedule, step)).toEqual({ shouldPrune: true, sparsity: 0.5 });
    for (const step of [100, 110, 200])
      expect(sparsityAt(constant(0.5, 100, 200, 10), step).sparsity).toBe(0.5);
  });

  it.each(both(0, 0))('%s steps are validated as TF MOT does', (name) => {
    const make = (begin: number, end: number, frequency = 10) =>
      both(begin, end, frequency).find(([n]) => n === name)![1];
    for (const [begin, end, frequency] of [
      [-1, 1000, 10],
      [-5, 1000, 10],
      [10, -5, 10],
      [10, 5, 10],
      [10, 1000, 0],
      [10, 1000, -1],
      [10, 1000, -5],
    ])
      expect(() => validateSchedule(make(begin, end, frequency))).toThrow();
    for (const [begin, end, frequency] of [
      [0, 1000, 10],
      [1, 1000, 10],
      [100, 1000, 10],
      [0, 1, 10],
      [0, 100, 10],
      [10, 20, 10],
      [10, 1000, 1],
    ])
      expect(() => validateSchedule(make(begin, end, frequency))).not.toThrow();
  });

  it('sparsities must lie in [0, 1), and 100% is refused with its own message', () => {
    const makers = [
      (s: number) => constant(s, 0),
      (s: number) => polynomial(s, 0.8, 0, 10),
      (s: number) => polynomial(0.2, s, 0, 10),
    ];
    for (const make of makers) {
      for (const s of [-0.001, -1, -10, 1, 10]) expect(() => validateSchedule(make(s))).toThrow();
      for (const s of [0, 0.001, 0.5, 0.99]) expect(() => validateSchedule(make(s))).not.toThrow();
      expect(() => sparsityAt(make(1), 0)).toThrow(
        /^A target sparsity of 100% would remove every weight/,
      );
    }
  });

  it('PolynomialDecay refuses endStep -1 (TF MOT) and endStep = beginStep (a division by 0)', () => {
    expect(() => validateSchedule(polynomial(0.4, 0.8, 10, -1))).toThrow(/cannot be -1/);
    expect(() => validateSchedule(polynomial(0.4, 0.8, 10, 10))).toThrow(/before endStep/);
    // A constant schedule with beginStep = endStep is TF MOT's one-shot prune: allowed.
    expect(sparsityAt(constant(0.5, 10, 10, 5), 10).shouldPrune).toBe(true);
    expect(sparsityAt(constant(0.5, 10, 10, 5), 15).shouldPrune).toBe(false);
  });
});

describe('polynomial decay, values worked by hand from the formula', () => {
  // final + (initial - final) (1 - p)^power, p = clamp((step - begin) / (end - begin), 0, 1).
  it('cubic from 0 to 0.9 over steps 0..1000', () => {
    const schedule = polynomial(0, 0.9, 0, 1000, 3, 100);
    // p = 0.25: 0.9 - 0.9 * 0.75^3 = 0.9 - 0.3796875
    expect(sparsityAt(schedule, 250)).toEqual({ shouldPrune: false, sparsity: 0.5203125 });
    // p = 0.5: 0.9 - 0.9 * 0.125
    expect(sparsityAt(schedule, 500).sparsity).toBeCloseTo(0.7875, 15);
    expect(sparsityAt(schedule, 500).shouldPrune).toBe(true);
    expect(sparsityAt(schedule, 1000)).toEqual({ shouldPrune: true, sparsity: 0.9 });
    // After the end: clamped to the final sparsity, no more pruning steps.
    expect(sparsityAt(schedule, 1500)).toEqual({ shouldPrune: false, sparsity: 0.9 });
  });

  it('linear (power 1) from 0.1 to 0.5 with a late begin, clamped before it', () => {
    const schedule = polynomial(0.1, 0.5, 200, 300, 1, 10);
    expect(sparsityAt(schedule, 230).sparsity).toBeCloseTo(0.5 - 0.4 * 0.7, 15); // 0.22
    expect(sparsityAt(schedule, 0).shouldPrune).toBe(false);
    expect(sparsityAt(schedule, 0).sparsity).toBeCloseTo(0.1, 15);
    expect(sparsityAt(schedule, 200).shouldPrune).toBe(true);
    expect(sparsityAt(schedule, 200).sparsity).toBeCloseTo(0.1, 15);
  });
});
