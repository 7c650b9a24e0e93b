// Knowledge-distillation loss and its gradient, one row (one example) per invocation
// (Hinton, Vinyals and Dean 2015). With student logits z, teacher logits v, targets y (a
// probability row, e.g. one-hot), temperature T and weight a:
//   p   = softmax(z)        q_T = softmax(z / T)        t_T = softmax(v / T)
//   loss = (1 - a) * CE(y, p) + a * T^2 * KL(t_T || q_T)
//   d loss / d z = (1 - a) * (p - y) + a * T * (q_T - t_T)          (when sum(y) = 1)
// Outputs per row: loss[row], gradient[row, :], and the softened teacher t_T[row, :].
// Every softmax subtracts its row maximum first, so large logits do not overflow.

struct Params {
  rows: u32,
  classes: u32,
  temperature: f32,
  alpha: f32,
}

override WORKGROUP: u32 = 64u;

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> student: array<f32>;
@group(0) @binding(2) var<storage, read> teacher: array<f32>;
@group(0) @binding(3) var<storage, read> targets: array<f32>;
@group(0) @binding(4) var<storage, read_write> loss: array<f32>;
@group(0) @binding(5) var<storage, read_write> gradient: array<f32>;
@group(0) @binding(6) var<storage, read_write> softTeacher: array<f32>;

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let row = id.x;
  if (row >= params.rows) { return; }
  let c = params.classes;
  let t = params.temperature;
  let a = params.alpha;
  let base = row * c;

  var maxStudent = student[base];
  var maxTeacher = teacher[base];
  for (var j = 1u; j < c; j++) {
    maxStudent = max(maxStudent, student[base + j]);
    maxTeacher = max(maxTeacher, teacher[base + j]);
  }
  var sumStudent = 0.0;
  var sumStudentSoft = 0.0;
  var sumTeacherSoft = 0.0;
  for (var j = 0u; j < c; j++) {
    sumStudent += exp(student[base + j] - maxStudent);
    sumStudentSoft += exp((student[base + j] - maxStudent) / t);
    sumTeacherSoft += exp((teacher[base + j] - maxTeacher) / t);
  }
  let logSumStudent = log(sumStudent);
  let logSumStudentSoft = log(sumStudentSoft);
  let logSumTeacherSoft = log(sumTeacherSoft);

  var crossEntropy = 0.0;
  var kl = 0.0;
  for (var j = 0u; j < c; j++) {
    let logP = student[base + j] - maxStudent - logSumStudent;
    let logQ = (student[base + j] - maxStudent) / t - logSumStudentSoft;
    let logT = (teacher[base + j] - maxTeacher) / t - logSumTeacherSoft;
    let tj = exp(logT);
    let y = targets[base + j];
    crossEntropy -= y * logP;
    kl += tj * (logT - logQ);
    gradient[base + j] = (1.0 - a) * (exp(logP) - y) + a * t * (exp(logQ) - tj);
    softTeacher[base + j] = tj;
  }
  loss[row] = (1.0 - a) * crossEntropy + a * t * t * kl;
}
