// Applies a pruning mask in place, one weight per invocation: w[i] = w[i] * m[i], m[i] in {0, 1}
// (f32). Past 65,535 workgroups the dispatch is two-dimensional; the flat index counts rows of
// num_workgroups.x workgroups.

struct Params {
  n: u32,
}

override WORKGROUP: u32 = 256u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> weights: array<f32>;
@group(0) @binding(2) var<storage, read> mask: array<f32>;

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = id.x + id.y * groups.x * WORKGROUP;
  if (i >= params.n) { return; }
  weights[i] = weights[i] * mask[i];
}
