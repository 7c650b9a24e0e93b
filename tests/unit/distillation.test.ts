import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { adjustBias } from '../../src/engine/distillation/reports';
import { runDistillation, type DistillationProgress } from '../../src/engine/distillation/run';
import {
  distillationWarnings,
  parseDistillationSettings,
} from '../../src/engine/distillation/settings';
import { diskLoader } from './node-data-source';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A run small enough for a unit test: 1,000 MNIST rows, small models, few epochs. */
const tiny = {
  samples: 1000,
  teacherHidden: [64],
  teacherEpochs: 3,
  studentHidden: [16],
  studentEpochs: 3,
  batchSize: 64,
};

const memoryCache = () => {
  const store = new Map<string, unknown>();
  return {
    store,
    get: async (k: string) => store.get(k),
    set: async (k: string, v: unknown) => void store.set(k, v),
  };
};

describe('distillation settings', () => {
  it('says why T <= 0 and a outside [0, 1] are errors', () => {
    expect(parseDistillationSettings({ temperature: 0 }).issues[0].message).toMatch(
      /must be above 0/,
    );
    expect(parseDistillationSettings({ temperature: -2 }).issues[0].message).toMatch(
      /must be above 0/,
    );
    expect(parseDistillationSettings({ alpha: 1.5 }).issues[0].message).toMatch(
      /must lie in \[0, 1\]/,
    );
    expect(parseDistillationSettings({}).issues).toEqual([]);
  });

  it('flags a student at least as large as its teacher, and allows it', () => {
    const { value } = parseDistillationSettings({ teacherHidden: [32], studentHidden: [256] });
    expect(distillationWarnings(value)[0]).toMatch(/not smaller than the teacher/);
    expect(distillationWarnings(parseDistillationSettings({}).value)).toEqual([]);
  });
});

describe('runDistillation', () => {
  it('trains a teacher, then two students with the same seeds, and reports all three', async () => {
    const phases: string[] = [];
    const events: DistillationProgress[] = [];
    const before = tf.memory().numTensors;
    const result = await runDistillation(tiny, {
      data: diskLoader(),
      onProgress: (e) => {
        events.push(e);
        if (e.type === 'phase') phases.push(e.phase);
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(phases).toEqual(['teacher', 'scratch', 'distilled']);
    expect(result.lossKernel).toBe('tfjs');
    for (const report of [result.teacher, result.scratch, result.distilled]) {
      expect(report.testRows).toBe(200);
      expect(report.confusion.flat().reduce((a, b) => a + b, 0)).toBe(200);
      expect(report.testErrors).toBe(200 - report.confusion.reduce((s, row, i) => s + row[i], 0));
      expect(report.inferenceMsPer1000).toBeGreaterThan(0);
    }
    expect(result.teacher.parameters).toBe((784 + 1) * 64 + (64 + 1) * 10);
    expect(result.scratch.parameters).toBe(result.distilled.parameters);
    expect(result.teacher.accuracy).toBeGreaterThan(0.6);
    expect(result.darkKnowledge.teacherLogits.length).toBe(32 * 10);
    expect(result.darkKnowledge.pixels.length).toBe(32 * 784);
    expect(events.filter((e) => e.type === 'epochs' && e.phase === 'distilled').length).toBe(3);
    expect(result.missingDigit).toBeNull();
  });

  it('reuses a cached teacher, and the same seed gives the same students', async () => {
    const cache = memoryCache();
    const first = await runDistillation(tiny, { data: diskLoader(), cache });
    expect(first.teacher.cached).toBe(false);
    expect(cache.store.size).toBe(1);
    const before = tf.memory().numTensors;
    const second = await runDistillation(tiny, { data: diskLoader(), cache });
    expect(tf.memory().numTensors).toBe(before);
    expect(second.teacher.cached).toBe(true);
    expect(second.teacher.testErrors).toBe(first.teacher.testErrors);
    expect(second.distilled.testErrors).toBe(first.distilled.testErrors);
    expect(second.scratch.history.map((m) => m.loss)).toEqual(
      first.scratch.history.map((m) => m.loss),
    );
    // A different distillation temperature still reuses the teacher.
    expect(
      (await runDistillation({ ...tiny, temperature: 9 }, { data: diskLoader(), cache })).teacher
        .cached,
    ).toBe(true);
  });

  it('leaves the missing digit out of the transfer set and reports the bias adjustment', async () => {
    const result = await runDistillation(
      { ...tiny, transferSet: 'without-digit', missingDigit: 1 },
      { data: diskLoader() },
    );
    const m = result.missingDigit!;
    expect(m.digit).toBe(1);
    expect(m.testRows).toBe(result.scratch.confusion[1].reduce((a, b) => a + b, 0));
    // Never trained on a 1 and no teacher: the scratch student predicts no 1 at all.
    expect(result.scratch.confusion.reduce((s, row) => s + row[1], 0)).toBe(0);
    expect(m.distilled.correctAfter).toBeGreaterThanOrEqual(m.distilled.correctBefore);
  });

  it('rejects invalid settings with the reason', async () => {
    await expect(runDistillation({ temperature: 0 }, { data: diskLoader() })).rejects.toThrow(
      /must be above 0/,
    );
  });
});

describe('adjustBias (the paper’s bias shift, set on unlabelled validation data)', () => {
  it('finds the smallest shift that makes the digit as frequent as its prior', () => {
    // Two classes; class 1's logit trails class 0's by 0, 1, 2, 3 on four validation rows.
    const validation = Float32Array.from([0, 0, 1, 0, 2, 0, 3, 0]);
    const test = Float32Array.from([1.5, 0, 0.5, 0, 4, 0]);
    const result = adjustBias(validation, test, [1, 1, 0], 1, 2, 0.5);
    // Half the rows predicted 1 needs a shift just over 1 (ties go to class 0).
    expect(result.shift).toBeGreaterThan(1);
    expect(result.shift).toBeLessThan(1.001);
    expect(result.correctBefore).toBe(0);
    expect(result.correctAfter).toBe(1);
    expect(result.errorsAfter).toBe(1);
  });
});
