import { dense, type Dense } from './dense';
import type { LinearOperator } from './randomized-svd';

/**
 * Compressed sparse rows: row i holds values[indptr[i] .. indptr[i + 1]) at columns
 * indices[same range], columns ascending.
 */
export interface Csr {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

export const csrOperator = (a: Csr): LinearOperator => ({
  rows: a.rows,
  cols: a.cols,
  times(m: Dense): Dense {
    const out = dense(a.rows, m.cols);
    for (let i = 0; i < a.rows; i++) {
      for (let e = a.indptr[i]; e < a.indptr[i + 1]; e++) {
        const v = a.values[e];
        const source = a.indices[e] * m.cols;
        for (let c = 0; c < m.cols; c++) out.data[i * m.cols + c] += v * m.data[source + c];
      }
    }
    return out;
  },
  transposeTimes(m: Dense): Dense {
    const out = dense(a.cols, m.cols);
    for (let i = 0; i < a.rows; i++) {
      for (let e = a.indptr[i]; e < a.indptr[i + 1]; e++) {
        const v = a.values[e];
        const target = a.indices[e] * m.cols;
        for (let c = 0; c < m.cols; c++) out.data[target + c] += v * m.data[i * m.cols + c];
      }
    }
    return out;
  },
});

/** Sum over columns of the column variances (ddof 0), without densifying. */
export function csrTotalVariance(a: Csr): number {
  const sum = new Float64Array(a.cols);
  const sumSq = new Float64Array(a.cols);
  for (let e = 0; e < a.values.length; e++) {
    sum[a.indices[e]] += a.values[e];
    sumSq[a.indices[e]] += a.values[e] ** 2;
  }
  let total = 0;
  for (let j = 0; j < a.cols; j++) total += sumSq[j] / a.rows - (sum[j] / a.rows) ** 2;
  return total;
}

/** Converts a dense matrix to CSR, keeping the non-zeros. */
export function csrFromDense(a: Dense): Csr {
  const indptr = new Int32Array(a.rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const v = a.data[i * a.cols + j];
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return {
    rows: a.rows,
    cols: a.cols,
    indptr,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
  };
}

/** The given rows of a CSR matrix, in that order. */
export function csrRows(a: Csr, rows: Int32Array): Csr {
  const indptr = new Int32Array(rows.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  rows.forEach((row, i) => {
    for (let e = a.indptr[row]; e < a.indptr[row + 1]; e++) {
      indices.push(a.indices[e]);
      values.push(a.values[e]);
    }
    indptr[i + 1] = indices.length;
  });
  return {
    rows: rows.length,
    cols: a.cols,
    indptr,
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
  };
}

/** Dense copy [rows, cols]. */
export function csrToDense(a: Csr): Dense {
  const out = dense(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++)
    for (let e = a.indptr[i]; e < a.indptr[i + 1]; e++)
      out.data[i * a.cols + a.indices[e]] = a.values[e];
  return out;
}
