// Tiled matrix product with fused bias and activation:
//   C[M, N] = act(A[M, K] @ B[K, N] + bias[N])      (row-major f32)
// A workgroup of WG x WG threads computes a (WG*4) x (WG*4) tile of C, each thread a 4 x 4 block
// held in registers. K is walked in steps of TILE_K: the workgroup stages the A and B slices in
// workgroup memory, so each global value is read once per tile instead of once per output.
// Sizes and options arrive as override constants (see matmul.ts): no uniform buffer.

override M: u32 = 1u;
override N: u32 = 1u;
override K: u32 = 1u;
override WG: u32 = 8u;          // threads per workgroup side
override TILE_K: u32 = 32u;     // depth of each staged K slice
override ACTIVATION: u32 = 0u;  // 0 linear, 1 relu, 2 sigmoid, 3 tanh (matmulActivations order)
override HAS_BIAS: bool = false;

const R = 4u;                   // outputs per thread per side
override TILE: u32 = WG * R;    // output tile side

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> bias: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

var<workgroup> tileA: array<f32, TILE * TILE_K>;  // [TILE rows][TILE_K]
var<workgroup> tileB: array<f32, TILE_K * TILE>;  // [TILE_K][TILE cols]

fn activate(x: f32) -> f32 {
  switch ACTIVATION {
    case 1u: { return max(x, 0.0); }
    case 2u: { return 1.0 / (1.0 + exp(-x)); }
    case 3u: { return tanh(x); }
    default: { return x; }
  }
}

@compute @workgroup_size(WG, WG)
fn main(@builtin(local_invocation_id) local: vec3u, @builtin(workgroup_id) group: vec3u) {
  let threads = WG * WG;
  let thread = local.y * WG + local.x;
  let tileRow = group.y * TILE;
  let tileCol = group.x * TILE;
  var acc: array<array<f32, 4>, 4>;

  for (var k0 = 0u; k0 < K; k0 += TILE_K) {
    for (var i = thread; i < TILE * TILE_K; i += threads) {
      let row = tileRow + i / TILE_K;
      let k = k0 + i % TILE_K;
      var value = 0.0;
      if (row < M && k < K) { value = a[row * K + k]; }
      tileA[i] = value;
    }
    for (var i = thread; i < TILE_K * TILE; i += threads) {
      let k = k0 + i / TILE;
      let col = tileCol + i % TILE;
      var value = 0.0;
      if (k < K && col < N) { value = b[k * N + col]; }
      tileB[i] = value;
    }
    workgroupBarrier();
    for (var k = 0u; k < TILE_K; k++) {
      var bRow: array<f32, 4>;
      for (var j = 0u; j < R; j++) { bRow[j] = tileB[k * TILE + local.x * R + j]; }
      for (var i = 0u; i < R; i++) {
        let aValue = tileA[(local.y * R + i) * TILE_K + k];
        for (var j = 0u; j < R; j++) { acc[i][j] = fma(aValue, bRow[j], acc[i][j]); }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < R; i++) {
    let row = tileRow + local.y * R + i;
    for (var j = 0u; j < R; j++) {
      let col = tileCol + local.x * R + j;
      if (row < M && col < N) {
        var value = acc[i][j];
        if (HAS_BIAS) { value += bias[col]; }
        c[row * N + col] = activate(value);
      }
    }
  }
}
