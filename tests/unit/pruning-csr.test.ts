import { applyMaskCpu } from '../../src/kernels/prune-mask/apply-mask-cpu';
import { describe, expect, it } from 'vitest';
import { csrMatmulCpu, toCsr } from '../../src/engine/pruning/csr';
import { magnitudeMask } from '../../src/engine/pruning/masks';
import {
  columnIndexBytes,
  csrBreakEvenSparsity,
  csrStorageBytes,
  denseStorageBytes,
} from '../../src/engine/pruning/sparse-size';
import { createRng } from '../../src/engine/rng';

/** Y = X W in float64, the plain triple loop: X [batch, inputs], W [inputs, units]. */
function denseProduct(
  x: Float32Array,
  w: Float32Array,
  batch: number,
  inputs: number,
  units: number,
) {
  const y = new Float64Array(batch * units);
  for (let b = 0; b < batch; b++)
    for (let u = 0; u < units; u++)
      for (let i = 0; i < inputs; i++) y[b * units + u] += x[b * inputs + i] * w[i * units + u];
  return y;
}

describe('CSR storage and product', () => {
  it('toCsr of a matrix and of its transpose, by hand', () => {
    // [[0, 2, 0], [1, 0, 3]]
    const dense = Float32Array.of(0, 2, 0, 1, 0, 3);
    const csr = toCsr(dense, 2, 3);
    expect([csr.rows, csr.cols]).toEqual([2, 3]);
    expect([...csr.rowStart]).toEqual([0, 1, 3]);
    expect([...csr.columnIndex]).toEqual([1, 0, 2]);
    expect([...csr.values]).toEqual([2, 1, 3]);
    // Transpose: [[0, 1], [2, 0], [0, 3]]
    const t = toCsr(dense, 2, 3, true);
    expect([t.rows, t.cols]).toEqual([3, 2]);
    expect([...t.rowStart]).toEqual([0, 1, 2, 3]);
    expect([...t.columnIndex]).toEqual([1, 0, 1]);
    expect([...t.values]).toEqual([1, 2, 3]);
  });

  it.each([0, 0.5, 0.9])('csrMatmulCpu equals the dense product X W at sparsity %s', (s) => {
    const [batch, inputs, units] = [5, 13, 7];
    const rng = createRng(42);
    const x = Float32Array.from({ length: batch * inputs }, () => rng.normal());
    const full = Float32Array.from({ length: inputs * units }, () => rng.normal());
    const w = applyMaskCpu(full, magnitudeMask(full, [inputs, units], s, { kind: 'unstructured' }));
    const wT = toCsr(w, inputs, units, true);
    expect(wT.values.length).toBe(w.filter((v) => v !== 0).length);
    const y = csrMatmulCpu(x, batch, wT);
    const reference = denseProduct(x, w, batch, inputs, units);
    expect(y.length).toBe(batch * units);
    y.forEach((v, k) => expect(v).toBeCloseTo(reference[k], 4));
    expect(() => csrMatmulCpu(x.subarray(1), batch, wT)).toThrow(/expected X 5x13/);
  });
});

describe('dense vs CSR storage sizes', () => {
  it('counts the bytes of the arrays CSR stores, with uint16 column indexes', () => {
    const rng = createRng(9);
    const dense = Float32Array.from({ length: 12 * 30 }, () => (rng.next() < 0.7 ? 0 : 1));
    const csr = toCsr(dense, 12, 30);
    const nonZeros = csr.values.length;
    const size = csrStorageBytes(12, 30, nonZeros);
    expect(size.values).toBe(csr.values.byteLength);
    expect(size.columnIndex).toBe(Uint16Array.from(csr.columnIndex).byteLength);
    expect(size.rowStart).toBe(csr.rowStart.byteLength);
    expect(size.total).toBe(6 * nonZeros + 4 * 13);
    expect(denseStorageBytes(12, 30)).toBe(dense.byteLength);
  });

  it('uses uint32 indexes only past 65536 columns', () => {
    expect(columnIndexBytes(65536)).toBe(2);
    expect(columnIndexBytes(65537)).toBe(4);
    expect(csrStorageBytes(1, 70000, 10).total).toBe(40 + 40 + 8);
  });

  it('breaks even at the sparsity worked by hand for a 784 -> 128 kernel', () => {
    // W^T [128, 784]: dense 401408 B; CSR 6 nnz + 516 B; equal at nnz = 400892 / 6.
    const [rows, cols] = [128, 784];
    const breakEven = csrBreakEvenSparsity(rows, cols);
    expect(breakEven).toBeCloseTo(1 - 400892 / 6 / 100352, 12);
    const nnzAt = (s: number) => Math.round((1 - s) * rows * cols);
    expect(csrStorageBytes(rows, cols, nnzAt(breakEven + 0.001)).total).toBeLessThan(401408);
    expect(csrStorageBytes(rows, cols, nnzAt(breakEven - 0.001)).total).toBeGreaterThan(401408);
  });
});
