import { outputBuffer, readBuffer, uploadBuffer } from '../gpu/buffers';
import { runMatmul } from './matmul';

/**
 * A matrix A [rows, cols] kept on the GPU with its transpose, for iterative methods that multiply
 * the same large matrix many times by thin ones (randomized SVD's power iterations): only the thin
 * factor travels each time. Products run our tiled WGSL matmul.
 */
export interface ResidentMatrix {
  /** A @ M for M [cols, p] row-major: [rows, p]. */
  times(m: Float32Array, p: number): Promise<Float32Array>;
  /** A^T @ M for M [rows, p]: [cols, p]. */
  transposeTimes(m: Float32Array, p: number): Promise<Float32Array>;
  dispose(): void;
}

export function residentMatrix(
  device: GPUDevice,
  a: Float32Array,
  rows: number,
  cols: number,
): ResidentMatrix {
  const transposed = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) transposed[j * rows + i] = a[i * cols + j];
  const matrix = uploadBuffer(device, a, 'A');
  const matrixT = uploadBuffer(device, transposed, 'A^T');
  const product = async (left: GPUBuffer, m: number, k: number, right: Float32Array, n: number) => {
    const b = uploadBuffer(device, right, 'M');
    const c = outputBuffer(device, m * n, 'C');
    try {
      runMatmul(device, { a: left, b, bias: null, c }, { m, k, n });
      return await readBuffer(device, c, m * n);
    } finally {
      b.destroy();
      c.destroy();
    }
  };
  return {
    times: (m, p) => product(matrix, rows, cols, m, p),
    transposeTimes: (m, p) => product(matrixT, cols, rows, m, p),
    dispose() {
      matrix.destroy();
      matrixT.destroy();
    },
  };
}
