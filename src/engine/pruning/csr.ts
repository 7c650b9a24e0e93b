/**
 * Compressed sparse row storage of a [rows, cols] matrix: row r's non-zeros are
 * values[rowStart[r] .. rowStart[r + 1]) at columns columnIndex[same range], columns increasing.
 * A pruned dense layer's kernel W [inputs, units] is stored as the CSR of W^T [units, inputs], so
 * that each output unit's weights are one contiguous row.
 */
export interface Csr {
  rows: number;
  cols: number;
  /** [rows + 1]: rowStart[0] = 0, rowStart[rows] = number of non-zeros. */
  rowStart: Int32Array;
  /** [nonZeros]. */
  columnIndex: Int32Array;
  /** [nonZeros]. */
  values: Float32Array;
}

/** The CSR of a dense [rows, cols] row-major matrix, or of its transpose when `transpose` is set. */
export function toCsr(dense: Float32Array, rows: number, cols: number, transpose = false): Csr {
  const [outRows, outCols] = transpose ? [cols, rows] : [rows, cols];
  const at = (r: number, c: number) => (transpose ? dense[c * cols + r] : dense[r * cols + c]);
  let nonZeros = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) nonZeros++;
  const rowStart = new Int32Array(outRows + 1);
  const columnIndex = new Int32Array(nonZeros);
  const values = new Float32Array(nonZeros);
  let next = 0;
  for (let r = 0; r < outRows; r++) {
    for (let c = 0; c < outCols; c++) {
      const v = at(r, c);
      if (v !== 0) {
        columnIndex[next] = c;
        values[next++] = v;
      }
    }
    rowStart[r + 1] = next;
  }
  return { rows: outRows, cols: outCols, rowStart, columnIndex, values };
}

/**
 * Y = X W for a dense batch X [batch, inputs] and W given as `wT`, the CSR of W^T [units, inputs]:
 * Y[b, u] = sum over u's non-zeros p of values[p] * X[b, columnIndex[p]]. Returns Y: [batch, units].
 * The CPU twin of the sparse WGSL kernel (float32 accumulation, in index order, like the kernel).
 */
export function csrMatmulCpu(x: Float32Array, batch: number, wT: Csr): Float32Array {
  const inputs = wT.cols;
  if (x.length !== batch * inputs) throw new Error(`csrMatmulCpu: expected X ${batch}x${inputs}`);
  const y = new Float32Array(batch * wT.rows);
  for (let b = 0; b < batch; b++) {
    const row = b * inputs;
    for (let u = 0; u < wT.rows; u++) {
      let sum = 0;
      for (let p = wT.rowStart[u]; p < wT.rowStart[u + 1]; p++)
        sum = Math.fround(sum + Math.fround(wT.values[p] * x[row + wT.columnIndex[p]]));
      y[b * wT.rows + u] = sum;
    }
  }
  return y;
}
