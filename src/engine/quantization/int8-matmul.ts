/**
 * Exact integer matrix product C = A B of int8 operands with int32 accumulation, the reference
 * for the int8 WGSL kernel and the integer inference path.
 * A: [m, k] row-major, B: [k, n] row-major, both int8. Returns C: [m, n] int32.
 * |C| <= k * 128 * 128 = k * 2^14, so it cannot overflow int32 for k < 2^17.
 */
export function int8Matmul(
  a: Int8Array,
  b: Int8Array,
  m: number,
  k: number,
  n: number,
): Int32Array {
  if (a.length !== m * k || b.length !== k * n)
    throw new Error(`int8Matmul: expected A ${m}x${k} and B ${k}x${n}`);
  const c = new Int32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const v = a[i * k + p];
      if (v === 0) continue;
      const row = p * n;
      for (let j = 0; j < n; j++) c[i * n + j] += v * b[row + j];
    }
  }
  return c;
}
