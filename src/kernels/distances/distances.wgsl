// Squared Euclidean distances between every row of X and every row of Y:
//   D[i, j] = sum_k (X[i, k] - Y[j, k])^2        X [N, DIM], Y [M, DIM], D [N, M], row-major f32
// Summing the differences (not |x|^2 + |y|^2 - 2 x.y) keeps small distances accurate in f32.
// Same tiling as the matmul kernel: WG x WG threads, each a 4 x 4 block of D in four vec4
// registers; DIM is walked in slices of TILE_K staged in workgroup memory (X transposed, 4 rows
// per vec4; Y transposed, 4 rows per vec4). Sizes arrive as override constants.

override N: u32 = 1u;
override M: u32 = 1u;
override DIM: u32 = 1u;
override WG: u32 = 8u;
override TILE_K: u32 = 32u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> d: array<f32>;

var<workgroup> tileX: array<vec4<f32>, TILE_K * WG>;
var<workgroup> tileY: array<vec4<f32>, TILE_K * WG>;

fn loadX(row: u32, k: u32) -> f32 {
  if (row < N && k < DIM) { return x[row * DIM + k]; }
  return 0.0;
}

fn loadY(row: u32, k: u32) -> f32 {
  if (row < M && k < DIM) { return y[row * DIM + k]; }
  return 0.0;
}

fn square(v: vec4<f32>) -> vec4<f32> {
  return v * v;
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

  for (var k0 = 0u; k0 < DIM; k0 += TILE_K) {
    for (var i = thread; i < TILE_K * WG; i += WG * WG) {
      let k = k0 + i / WG;
      let q = i % WG;
      let row = row0 + 4u * q;
      tileX[i] = vec4(loadX(row, k), loadX(row + 1u, k), loadX(row + 2u, k), loadX(row + 3u, k));
      let col = col0 + 4u * q;
      tileY[i] = vec4(loadY(col, k), loadY(col + 1u, k), loadY(col + 2u, k), loadY(col + 3u, k));
    }
    workgroupBarrier();
    for (var k = 0u; k < TILE_K; k++) {
      let x4 = tileX[k * WG + local.y];
      let y4 = tileY[k * WG + local.x];
      acc0 += square(vec4(x4.x) - y4);
      acc1 += square(vec4(x4.y) - y4);
      acc2 += square(vec4(x4.z) - y4);
      acc3 += square(vec4(x4.w) - y4);
    }
    workgroupBarrier();
  }

  let row = row0 + 4u * local.y;
  let col = col0 + 4u * local.x;
  store(row, col, acc0);
  store(row + 1u, col, acc1);
  store(row + 2u, col, acc2);
  store(row + 3u, col, acc3);
}

fn store(row: u32, col: u32, value: vec4<f32>) {
  if (row >= N) { return; }
  for (var j = 0u; j < 4u; j++) {
    if (col + j < M) { d[row * M + col + j] = value[j]; }
  }
}
