/**
 * Storage of a pruned [rows, cols] matrix, dense vs CSR (see csr.ts; a kernel W [inputs, units]
 * is stored as the CSR of W^T, so rows = units and cols = inputs):
 *   dense = 4 rows cols bytes (float32)
 *   CSR   = 4 nnz (float32 values) + b nnz (column indexes) + 4 (rows + 1) (int32 row starts),
 * with b = 2 (uint16) when cols <= 65536, so every column index 0..cols-1 fits, else 4 (uint32).
 */

/** Bytes of a dense float32 [rows, cols] matrix: 4 rows cols. */
export function denseStorageBytes(rows: number, cols: number): number {
  return 4 * rows * cols;
}

/** Bytes per stored column index: 2 (uint16) when every index 0..cols-1 fits, else 4 (uint32). */
export function columnIndexBytes(cols: number): 2 | 4 {
  return cols <= 65536 ? 2 : 4;
}

/** The CSR storage of a [rows, cols] matrix with `nonZeros` non-zeros, part by part, in bytes. */
export interface CsrStorage {
  values: number;
  columnIndex: number;
  rowStart: number;
  total: number;
}

/** Bytes of the CSR of a [rows, cols] matrix holding `nonZeros` non-zeros (formula above). */
export function csrStorageBytes(rows: number, cols: number, nonZeros: number): CsrStorage {
  const values = 4 * nonZeros;
  const columnIndex = columnIndexBytes(cols) * nonZeros;
  const rowStart = 4 * (rows + 1);
  return { values, columnIndex, rowStart, total: values + columnIndex + rowStart };
}

/**
 * The sparsity above which CSR is smaller than dense: CSR < dense when
 * nnz < (4 rows cols - 4 (rows + 1)) / (4 + b), so sparsity > 1 - that / (rows cols).
 * About 1/3 for uint16 indexes (each kept weight costs 6 bytes instead of 4).
 */
export function csrBreakEvenSparsity(rows: number, cols: number): number {
  const size = rows * cols;
  const maxNonZeros =
    (denseStorageBytes(rows, cols) - 4 * (rows + 1)) / (4 + columnIndexBytes(cols));
  return Math.min(1, Math.max(0, 1 - maxNonZeros / size));
}
