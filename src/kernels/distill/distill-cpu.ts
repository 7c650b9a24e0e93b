/**
 * CPU twin of the distillation kernel (see distill.wgsl for the maths), in float64: the
 * reference in kernel tests, and what the page uses to re-soften probabilities live.
 */

/** Softened softmax of one row: softmax(logits / T), computed stably. T > 0. */
export function soften(logits: ArrayLike<number>, temperature: number): Float64Array {
  let max = -Infinity;
  for (let j = 0; j < logits.length; j++) max = Math.max(max, logits[j]);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let j = 0; j < logits.length; j++) {
    out[j] = Math.exp((logits[j] - max) / temperature);
    sum += out[j];
  }
  for (let j = 0; j < logits.length; j++) out[j] /= sum;
  return out;
}

export interface DistillOutputs {
  /** Per-row loss (1 - a) CE(y, softmax(z)) + a T^2 KL(softmax(v/T) || softmax(z/T)): [rows]. */
  loss: Float64Array;
  /** d loss / d z: [rows, classes]. */
  gradient: Float64Array;
  /** softmax(v / T): [rows, classes]. */
  softTeacher: Float64Array;
}

/**
 * student z, teacher v, targets y: [rows, classes] row-major; temperature T > 0; alpha a in [0, 1].
 */
export function distillCpu(
  student: ArrayLike<number>,
  teacher: ArrayLike<number>,
  targets: ArrayLike<number>,
  rows: number,
  classes: number,
  temperature: number,
  alpha: number,
): DistillOutputs {
  const loss = new Float64Array(rows);
  const gradient = new Float64Array(rows * classes);
  const softTeacher = new Float64Array(rows * classes);
  const slice = (values: ArrayLike<number>, row: number) =>
    Array.from({ length: classes }, (_, j) => values[row * classes + j]);
  for (let r = 0; r < rows; r++) {
    const z = slice(student, r);
    const p = soften(z, 1);
    const q = soften(z, temperature);
    const t = soften(slice(teacher, r), temperature);
    let crossEntropy = 0;
    let kl = 0;
    for (let j = 0; j < classes; j++) {
      const y = targets[r * classes + j];
      crossEntropy -= y * Math.log(p[j]);
      kl += t[j] * (Math.log(t[j]) - Math.log(q[j]));
      gradient[r * classes + j] = (1 - alpha) * (p[j] - y) + alpha * temperature * (q[j] - t[j]);
      softTeacher[r * classes + j] = t[j];
    }
    loss[r] = (1 - alpha) * crossEntropy + alpha * temperature ** 2 * kl;
  }
  return { loss, gradient, softTeacher };
}
