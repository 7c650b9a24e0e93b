// Tiled matrix product with fused bias and activation:
//   C[M, N] = act(A[M, K] @ B[K, N] + bias[N])      (row-major f32)
// A workgroup of WG x WG threads computes a TILE x TILE tile of C (TILE = 4 WG); each thread a
// 4 x 4 block held in four vec4 registers. K is walked in slices of TILE_K: the workgroup stages
// the slice of A (transposed, 4 rows per vec4) and of B (4 columns per vec4) in workgroup memory,
// so each value is read from storage once per tile, and the inner loop is four vec4 FMAs.
// Sizes and options arrive as override constants (see matmul.ts): no uniform buffer.

override M: u32 = 1u;
override N: u32 = 1u;
override K: u32 = 1u;
override WG: u32 = 8u;          // threads per workgroup side
override TILE_K: u32 = 32u;     // depth of each staged K slice
override ACTIVATION: u32 = 0u;  // 0 linear, 1 relu, 2 sigmoid, 3 tanh (matmulActivations order)
override HAS_BIAS: bool = false;

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

// tileA[k * WG + r]: rows 4r..4r+3 of the tile at depth k. tileB[k * WG + q]: columns 4q..4q+3.
var<workgroup> tileA: array<vec4<f32>, TILE_K * WG>;
var<workgroup> tileB: array<vec4<f32>, TILE_K * WG>;

fn loadA(row: u32, k: u32) -> f32 {
  if (row < M && k < K) { return a[row * K + k]; }
  return 0.0;
}

fn loadB(k: u32, col: u32) -> f32 {
  if (k < K && col < N) { return b[k * N + col]; }
  return 0.0;
}

fn activate(x: vec4<f32>) -> vec4<f32> {
  switch ACTIVATION {
    case 1u: { return max(x, vec4(0.0)); }
    case 2u: { return 1.0 / (1.0 + exp(-x)); }
    case 3u: { return tanh(x); }
    default: { return x; }
  }
}

@compute @workgroup_size(WG, WG)
fn main(@builtin(local_invocation_id) local: vec3u, @builtin(workgroup_id) group: vec3u) {
  let thread = local.y * WG + local.x;
  let row0 = group.y * WG * 4u;
  let col0 = group.x * WG * 4u;
  var acc0 = vec4(0.0);
  var acc1 = vec4(0.0);
  var acc2 = vec4(0.0);
  var acc3 = vec4(0.0);

  for (var k0 = 0u; k0 < K; k0 += TILE_K) {
    for (var i = thread; i < TILE_K * WG; i += WG * WG) {
      let k = i / WG;
      let q = i % WG;
      let row = row0 + 4u * q;
      tileA[i] = vec4(loadA(row, k0 + k), loadA(row + 1u, k0 + k), loadA(row + 2u, k0 + k), loadA(row + 3u, k0 + k));
      let col = col0 + 4u * q;
      tileB[i] = vec4(loadB(k0 + k, col), loadB(k0 + k, col + 1u), loadB(k0 + k, col + 2u), loadB(k0 + k, col + 3u));
    }
    workgroupBarrier();
    for (var k = 0u; k < TILE_K; k++) {
      let a4 = tileA[k * WG + local.y];
      let b4 = tileB[k * WG + local.x];
      acc0 = fma(vec4(a4.x), b4, acc0);
      acc1 = fma(vec4(a4.y), b4, acc1);
      acc2 = fma(vec4(a4.z), b4, acc2);
      acc3 = fma(vec4(a4.w), b4, acc3);
    }
    workgroupBarrier();
  }

  let row = row0 + 4u * local.y;
  let col = col0 + 4u * local.x;
  var biasRow = vec4(0.0);
  if (HAS_BIAS) {
    biasRow = vec4(loadBias(col), loadBias(col + 1u), loadBias(col + 2u), loadBias(col + 3u));
  }
  store(row, col, activate(acc0 + biasRow));
  store(row + 1u, col, activate(acc1 + biasRow));
  store(row + 2u, col, activate(acc2 + biasRow));
  store(row + 3u, col, activate(acc3 + biasRow));
}

fn loadBias(col: u32) -> f32 {
  if (col < N) { return bias[col]; }
  return 0.0;
}

fn store(row: u32, col: u32, value: vec4<f32>) {
  if (row >= M) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (col + j < N) { c[row * N + col + j] = value[j]; }
  }
}
