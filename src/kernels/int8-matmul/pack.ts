/**
 * Packing of int8 matrices into u32 words for the int8 kernel: four values per word along a row,
 * value 4q + j in byte j (bits 8j..8j+7, two's complement), rows zero-padded to a whole word.
 */

/** Words per packed row of `cols` int8 values: ceil(cols / 4). */
export function packedWords(cols: number): number {
  return Math.ceil(cols / 4);
}

/**
 * Packs `values` [rows, cols] row-major int8 by rows. Returns [rows, ceil(cols / 4)] u32, padding
 * zeros past column cols - 1 (zeros add nothing to a dot product).
 */
export function packInt8Rows(values: Int8Array, rows: number, cols: number): Uint32Array {
  if (values.length !== rows * cols) throw new Error(`packInt8Rows: expected ${rows}x${cols}`);
  const words = packedWords(cols);
  const packed = new Uint32Array(rows * words);
  for (let r = 0; r < rows; r++) {
    for (let col = 0; col < cols; col++) {
      const word = r * words + (col >> 2);
      packed[word] |= (values[r * cols + col] & 0xff) << (8 * (col & 3));
    }
  }
  return packed;
}

/**
 * Packs `values` [rows, cols] row-major int8 by columns, i.e. the rows of its transpose [cols, rows].
 * Returns [cols, ceil(rows / 4)] u32: the layout of the kernel's B operand.
 */
export function packInt8Columns(values: Int8Array, rows: number, cols: number): Uint32Array {
  if (values.length !== rows * cols) throw new Error(`packInt8Columns: expected ${rows}x${cols}`);
  const transposed = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let col = 0; col < cols; col++) transposed[col * rows + r] = values[r * cols + col];
  return packInt8Rows(transposed, cols, rows);
}
