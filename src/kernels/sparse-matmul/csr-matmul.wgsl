// Sparse x dense product for a pruned dense layer:
//   Y[b, u] = sum_{p in rowStart[u] .. rowStart[u + 1])  values[p] * X[b, columnIndex[p]]
// X [BATCH, INPUTS] row-major f32; the kernel W [INPUTS, UNITS] given as the CSR of
// W^T [UNITS, INPUTS] (rowStart [UNITS + 1], columnIndex and values [non-zeros]);
// Y [BATCH, UNITS] row-major f32. One thread per (b, u): x = unit, y = batch row. A unit with no
// non-zeros gives exactly 0. Sums run in index order, as csrMatmulCpu does.

override BATCH: u32 = 1u;
override UNITS: u32 = 1u;
override INPUTS: u32 = 1u;
override WG: u32 = 64u;  // threads per workgroup, along units

@group(0) @binding(0) var<storage, read> rowStart: array<u32>;
@group(0) @binding(1) var<storage, read> columnIndex: array<u32>;
@group(0) @binding(2) var<storage, read> values: array<f32>;
@group(0) @binding(3) var<storage, read> x: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let u = id.x;
  let b = id.y;
  if (u >= UNITS || b >= BATCH) { return; }
  let row = b * INPUTS;
  var sum = 0.0;
  for (var p = rowStart[u]; p < rowStart[u + 1u]; p++) {
    sum += values[p] * x[row + columnIndex[p]];
  }
  y[b * UNITS + u] = sum;
}
