import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers registers the gradients autodiff needs, as it does wherever models train.
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { distillationLoss } from '../../src/engine/distillation/loss';
import { distillCpu, soften } from '../../src/kernels/distill/distill-cpu';
import reference from '../fixtures/distillation-torch.json';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { rows, classes, student, teacher, labels } = reference;
const oneHot = new Float64Array(rows * classes);
labels.forEach((label, r) => (oneHot[r * classes + label] = 1));

describe('distillation loss against PyTorch autograd (committed golden)', () => {
  for (const c of reference.cases) {
    it(`T = ${c.temperature}, a = ${c.alpha}: the CPU twin's loss and gradient`, () => {
      const out = distillCpu(student, teacher, oneHot, rows, classes, c.temperature, c.alpha);
      out.loss.forEach((v, r) => expect(v).toBeCloseTo(c.lossRows[r], 9));
      // The golden gradient is of the mean over rows; the twin's is per row.
      out.gradient.forEach((g, i) => expect(g / rows).toBeCloseTo(c.gradient[i], 9));
      out.softTeacher.forEach((p, i) => expect(p).toBeCloseTo(c.softTeacher[i], 9));
    });

    it(`T = ${c.temperature}, a = ${c.alpha}: the tfjs loss and its autodiff gradient`, () => {
      const z = tf.tensor2d(Float32Array.from(student), [rows, classes]);
      const v = tf.tensor2d(Float32Array.from(teacher), [rows, classes]);
      const y = tf.tensor2d(Float32Array.from(oneHot), [rows, classes]);
      const loss = distillationLoss(z, v, y, c.temperature, c.alpha);
      expect(loss.dataSync()[0]).toBeCloseTo(c.loss, 4);
      const gradient = tf.grad((x: tf.Tensor) =>
        distillationLoss(x as tf.Tensor2D, v, y, c.temperature, c.alpha),
      )(z);
      Array.from(gradient.dataSync()).forEach((g, i) => expect(g).toBeCloseTo(c.gradient[i], 5));
      tf.dispose([z, v, y, loss, gradient]);
    });
  }
});

describe('hand-derived properties', () => {
  it('the gradient is (1 - a)(p - y) + a T (q_T - t_T), checked by finite differences', () => {
    const T = 3;
    const a = 0.6;
    const base = distillCpu(student, teacher, oneHot, rows, classes, T, a);
    const h = 1e-6;
    for (const i of [0, 7, 13, 49]) {
      const bumped = Float64Array.from(student);
      bumped[i] += h;
      const row = Math.floor(i / classes);
      const moved = distillCpu(bumped, teacher, oneHot, rows, classes, T, a);
      expect((moved.loss[row] - base.loss[row]) / h).toBeCloseTo(base.gradient[i], 5);
    }
  });

  it('softened probabilities sum to 1 and approach uniform as T grows', () => {
    const logits = [8, 2, -1, 0.5, 3];
    let previousGap = Infinity;
    for (const T of [0.5, 1, 2, 5, 20, 100, 1000]) {
      const p = soften(logits, T);
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
      const gap = Math.max(...p) - Math.min(...p);
      expect(gap).toBeLessThan(previousGap);
      previousGap = gap;
    }
    expect(previousGap).toBeLessThan(0.01);
  });

  it('the T^2 factor keeps soft-target gradients comparable across T; without it they shrink as 1/T^2', () => {
    const norm = (values: Float64Array) => Math.sqrt(values.reduce((s, v) => s + v * v, 0));
    const soft = (T: number) =>
      norm(distillCpu(student, teacher, oneHot, rows, classes, T, 1).gradient);
    const withFactor = [2, 5, 10, 20].map(soft);
    // With T^2 the norms agree to within a factor of 1.5 from T = 2 to 20 ...
    expect(Math.max(...withFactor) / Math.min(...withFactor)).toBeLessThan(1.5);
    // ... while the bare KL gradient (divide by T^2) falls by about 100x over the same range.
    const bare = [2, 20].map((T) => soft(T) / T ** 2);
    expect(bare[0] / bare[1]).toBeGreaterThan(50);
  });

  it('a = 0 is plain cross-entropy; a = 1 ignores the labels', () => {
    const hard = distillCpu(student, teacher, oneHot, rows, classes, 4, 0);
    const expected = labels.map(
      (label, r) => -Math.log(soften(student.slice(r * classes, (r + 1) * classes), 1)[label]),
    );
    hard.loss.forEach((v, r) => expect(v).toBeCloseTo(expected[r], 12));
    const shuffled = new Float64Array(rows * classes);
    labels.forEach((label, r) => (shuffled[r * classes + ((label + 1) % classes)] = 1));
    expect(distillCpu(student, teacher, shuffled, rows, classes, 4, 1).loss).toEqual(
      distillCpu(student, teacher, oneHot, rows, classes, 4, 1).loss,
    );
  });
});
