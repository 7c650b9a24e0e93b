// Exact int8 matrix product with int32 accumulation:
//   C[M, N] = A[M, K] @ B[K, N]          (int8 operands, i32 result, row-major C)
// Operands arrive packed 4 int8 per u32 along K (byte j of a word = element 4q + j, two's
// complement), zero-padded to K4 = ceil(K / 4) words per row:
//   a  [M, K4]: rows of A,   bT [N, K4]: rows of B^T (columns of B).
// So C[i, j] = sum_q dot4(a[i, q], bT[j, q]), where dot4 (prepended, see int8-matmul.ts) is the
// dot4I8Packed builtin or a portable unpack-and-multiply. |C| <= K * 2^14: exact for K < 2^17.
// Each thread computes a 4 x 4 block of C in registers: per packed word it loads 4 words of A and
// 4 of B^T and does 16 dot4s. A workgroup of WG x WG threads covers a (4 WG)^2 tile of C. Loads
// clamp the row to the last one (no branch); only the stores check bounds.

override M: u32 = 1u;
override N: u32 = 1u;
override K4: u32 = 1u;   // packed u32 words per row
override WG: u32 = 8u;   // threads per workgroup side

@group(0) @binding(0) var<storage, read> a: array<u32>;
@group(0) @binding(1) var<storage, read> bT: array<u32>;
@group(0) @binding(2) var<storage, read_write> c: array<i32>;

@compute @workgroup_size(WG, WG)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let row = id.y * 4u;
  let col = id.x * 4u;
  if (row >= M || col >= N) { return; }
  let rowA = vec4(min(row, M - 1u), min(row + 1u, M - 1u), min(row + 2u, M - 1u), min(row + 3u, M - 1u)) * K4;
  let rowB = vec4(min(col, N - 1u), min(col + 1u, N - 1u), min(col + 2u, N - 1u), min(col + 3u, N - 1u)) * K4;
  var acc0 = vec4(0i);
  var acc1 = vec4(0i);
  var acc2 = vec4(0i);
  var acc3 = vec4(0i);
  for (var q = 0u; q < K4; q++) {
    let b4 = vec4(bT[rowB.x + q], bT[rowB.y + q], bT[rowB.z + q], bT[rowB.w + q]);
    acc0 += dot4Row(a[rowA.x + q], b4);
    acc1 += dot4Row(a[rowA.y + q], b4);
    acc2 += dot4Row(a[rowA.z + q], b4);
    acc3 += dot4Row(a[rowA.w + q], b4);
  }
  store(row, col, acc0);
  store(row + 1u, col, acc1);
  store(row + 2u, col, acc2);
  store(row + 3u, col, acc3);
}

// One packed word of A against four packed words of B^T: four partial dot products.
fn dot4Row(a4: u32, b4: vec4<u32>) -> vec4<i32> {
  return vec4(dot4(a4, b4.x), dot4(a4, b4.y), dot4(a4, b4.z), dot4(a4, b4.w));
}

fn store(row: u32, col: u32, value: vec4<i32>) {
  if (row >= M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (col + j < N) { c[row * N + col + j] = value[j]; }
  }
}
