import { describe, expect, it } from 'vitest';
import { sparseGramUpper } from '../../src/engine/reduction/covariance';
import { dense, timesTransposed } from '../../src/engine/reduction/dense';
import { createRng } from '../../src/engine/rng';

/** A sparse X [n, d] with rows of every length from 0 to d non-zeros, as dense rows and CSR. */
function sparseRows(n: number, d: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    // Row i keeps about (i mod (d + 1)) / d of its entries: empty rows, rows of 1 to 7 entries
    // (the kernel's remainders) and full rows all occur.
    const keep = (i % (d + 1)) / d;
    for (let j = 0; j < d; j++) if (rng.next() < keep) x[i * d + j] = rng.normal();
  }
  const starts = new Int32Array(n + 1);
  const index: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++)
      if (x[i * d + j] !== 0) {
        index.push(j);
        value.push(x[i * d + j]);
      }
    starts[i + 1] = index.length;
  }
  return { x, starts, index: Int32Array.from(index), value: Float64Array.from(value) };
}

describe('sparseGramUpper: X^T X from the rows of a sparse X', () => {
  // d = 150 spans three bands of 64 output rows, the last one partial.
  for (const [n, d] of [
    [40, 9],
    [300, 150],
  ]) {
    it(`${n} x ${d}: the upper triangle equals sum_i x_ip x_iq, summed in row order`, () => {
      const { x, starts, index, value } = sparseRows(n, d, n + d);
      const out = new Float64Array(d * d);
      sparseGramUpper(starts, index, value, d, out);
      for (let p = 0; p < d; p++) {
        for (let q = 0; q < d; q++) {
          let expected = 0;
          if (q >= p) for (let i = 0; i < n; i++) expected += x[i * d + p] * x[i * d + q];
          // The same products added in the same order as this plain sum: equal in every bit.
          expect(out[p * d + q]).toBe(expected);
        }
      }
    });
  }
});

describe('timesTransposed: A B^T by dot products of rows', () => {
  // k = 7: one block of four partial sums and a remainder of three.
  it('[5, 7] times [4, 7]^T equals sum_p a_ip b_jp', () => {
    const rng = createRng(7);
    const a = dense(
      5,
      7,
      Float64Array.from({ length: 35 }, () => rng.normal()),
    );
    const b = dense(
      4,
      7,
      Float64Array.from({ length: 28 }, () => rng.normal()),
    );
    const product = timesTransposed(a, b);
    expect([product.rows, product.cols]).toEqual([5, 4]);
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 4; j++) {
        let expected = 0;
        for (let p = 0; p < 7; p++) expected += a.data[i * 7 + p] * b.data[j * 7 + p];
        expect(product.data[i * 4 + j]).toBeCloseTo(expected, 12);
      }
  });
});
