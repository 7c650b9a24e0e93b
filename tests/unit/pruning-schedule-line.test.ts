import { describe, expect, it } from 'vitest';
import { defaults } from '../../src/engine/settings/schema';
import { pruningSchema } from '../../src/engine/pruning/settings';
import {
  lastScheduledSparsity,
  scheduleSparsity,
  thinLine,
} from '../../src/routes/pruning/schedule-line';

const settings = { ...defaults(pruningSchema), beginStep: 10, endStep: 30, power: 3 };

describe('the page’s schedule line', () => {
  it('follows PolynomialDecay by hand: 0 before the begin step, the target after the end', () => {
    const line = scheduleSparsity(settings, 40);
    expect(line).toHaveLength(40);
    expect(line[5].sparsity).toBe(0);
    // Halfway: 0.8 + (0 - 0.8)(1 - 0.5)^3 = 0.7.
    expect(line[20].sparsity).toBeCloseTo(0.7, 12);
    expect(line[30].sparsity).toBeCloseTo(0.8, 12);
    expect(line[39].sparsity).toBeCloseTo(0.8, 12);
  });

  it('is flat at the target for ConstantSparsity', () => {
    const line = scheduleSparsity({ ...settings, schedule: 'constant' }, 5);
    expect(line.map((p) => p.sparsity)).toEqual([0.8, 0.8, 0.8, 0.8, 0.8]);
  });

  it('thins to about maxPoints, keeping the ends and the corners', () => {
    const line = scheduleSparsity(settings, 1000);
    const thin = thinLine(line, 100, [10, 30]);
    expect(thin.length).toBeLessThanOrEqual(103);
    expect(thin[0].step).toBe(0);
    expect(thin.at(-1)!.step).toBe(999);
    expect(thin.map((p) => p.step)).toEqual(expect.arrayContaining([10, 30]));
    expect(thinLine(line.slice(0, 50), 100)).toHaveLength(50);
  });
});

describe('lastScheduledSparsity', () => {
  it('is the sparsity of the last pruning step inside the phase', () => {
    // Pruning every 10 steps from 10: the last step before 25 is 20, halfway, so 0.7.
    expect(lastScheduledSparsity({ ...settings, frequency: 10 }, 25)).toBeCloseTo(0.7, 12);
    expect(lastScheduledSparsity({ ...settings, frequency: 10 }, 100)).toBeCloseTo(0.8, 12);
    expect(lastScheduledSparsity(settings, 10)).toBeNull();
  });
});
