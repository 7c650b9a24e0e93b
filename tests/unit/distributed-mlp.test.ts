import { describe, expect, it } from 'vitest';
import {
  accumulateGradient,
  evaluate,
  initParameters,
  parameterCount,
  type ByteRows,
} from '../../src/engine/distributed/mlp';
import { createRng } from '../../src/engine/rng';

/** Six rows of 5 random byte features, 3 classes; a 5 -> 4 -> 3 network. */
function problem() {
  const rng = createRng(11);
  const data: ByteRows = {
    x: Uint8Array.from({ length: 30 }, () => rng.int(256)),
    y: Uint8Array.from({ length: 6 }, () => rng.int(3)),
    features: 5,
  };
  const sizes = [5, 4, 3];
  const params = initParameters(sizes, rng);
  for (let i = 0; i < params.length; i++) params[i] += 0.1 * rng.normal(); // non-zero biases
  return { data, sizes, params, rows: [0, 1, 2, 3, 4, 5] };
}

describe('the flat-parameter MLP', () => {
  it('counts W and b of every layer', () => {
    expect(parameterCount([784, 128, 10])).toBe(784 * 128 + 128 + 128 * 10 + 10);
  });

  it('has the gradient of its mean loss, by central finite differences', () => {
    const { data, sizes, params, rows } = problem();
    const grad = new Float32Array(params.length);
    accumulateGradient(params, sizes, data, rows, 1 / rows.length, grad);
    const loss = (p: Float32Array) => evaluate(p, sizes, data, rows).loss;
    const h = 1e-2;
    for (let i = 0; i < params.length; i++) {
      const plus = params.slice();
      const minus = params.slice();
      plus[i] += h;
      minus[i] -= h;
      const numeric = (loss(plus) - loss(minus)) / (2 * h);
      expect(grad[i]).toBeCloseTo(numeric, 3);
    }
  });

  it('sums shard gradients scaled by 1 / B to the batch mean gradient, whatever the shard sizes', () => {
    const { data, sizes, params, rows } = problem();
    const whole = new Float32Array(params.length);
    accumulateGradient(params, sizes, data, rows, 1 / 6, whole);
    const parts = new Float32Array(params.length);
    for (const shard of [[0], [1, 2, 3], [4, 5]])
      accumulateGradient(params, sizes, data, shard, 1 / 6, parts);
    for (let i = 0; i < params.length; i++) expect(parts[i]).toBeCloseTo(whole[i], 6);
  });
});
