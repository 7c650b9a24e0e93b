import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { dense, multiply } from '../../src/engine/reduction/dense';
import { symmetricEigen } from '../../src/engine/reduction/eigen';
import { createRng } from '../../src/engine/rng';

describe('symmetricEigen', () => {
  it('solves a hand-checked 2 x 2: [[2, 1], [1, 2]] has eigenvalues 3 and 1', () => {
    const { values, vectors } = symmetricEigen(dense(2, 2, Float64Array.from([2, 1, 1, 2])));
    expect(values[0]).toBeCloseTo(3, 12);
    expect(values[1]).toBeCloseTo(1, 12);
    expect(Math.abs(vectors.data[0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors.data[0] * vectors.data[1]).toBeGreaterThan(0);
  });

  it('reconstructs a random symmetric matrix (A = V^T diag(lambda) V) and agrees with ml-matrix', () => {
    const rng = createRng(4);
    const n = 40;
    const b = dense(
      n,
      n,
      Float64Array.from({ length: n * n }, () => rng.normal()),
    );
    const a = multiply(b, b, true);
    const { values, vectors } = symmetricEigen(a);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let r = 0; r < n; r++)
          sum += vectors.data[r * n + i] * values[r] * vectors.data[r * n + j];
        expect(sum).toBeCloseTo(a.data[i * n + j], 8);
      }
    }
    const reference = new EigenvalueDecomposition(
      new Matrix(
        Array.from({ length: n }, (_, i) => Array.from(a.data.subarray(i * n, (i + 1) * n))),
      ),
      { assumeSymmetric: true },
    );
    const sorted = [...reference.realEigenvalues].sort((x, y) => y - x);
    values.forEach((v, i) => expect(v).toBeCloseTo(sorted[i], 8));
  });
});
