// Fake quantization with TensorFlow's fake_quant_with_min_max_vars semantics, one value per
// invocation. With the nudged range [nudgedMin, nudgedMax] and step `scale` computed on the CPU by
// nudge() (src/engine/quantization/fake-quant.ts):
//   y = floor((clamp(x, nudgedMin, nudgedMax) - nudgedMin) / scale + 1/2) * scale + nudgedMin
// scale = 0 (min = max = 0, TF's special case) gives y = 0. Past 65,535 workgroups the dispatch
// is two-dimensional; the flat index counts rows of num_workgroups.x workgroups.

struct Params {
  n: u32,
  nudgedMin: f32,
  nudgedMax: f32,
  scale: f32,
}

override WORKGROUP: u32 = 256u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> values: array<f32>;
@group(0) @binding(2) var<storage, read_write> quantized: array<f32>;

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = id.x + id.y * groups.x * WORKGROUP;
  if (i >= params.n) { return; }
  if (params.scale == 0.0) {
    quantized[i] = 0.0;
    return;
  }
  let clamped = max(min(values[i], params.nudgedMax), params.nudgedMin);
  let level = floor((clamped - params.nudgedMin) / params.scale + 0.5);
  quantized[i] = level * params.scale + params.nudgedMin;
}
