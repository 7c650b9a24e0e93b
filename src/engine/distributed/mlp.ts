import type { Rng } from '../rng';

/**
 * A ReLU MLP whose parameters are one flat Float32Array, so replicas can send, sum and apply them
 * as plain vectors. No batch norm: every row's gradient depends on that row alone, so the mean
 * gradient of a batch is the weighted sum of its shards' gradients.
 *
 * `sizes` = [n_0, n_1, ..., n_L] (inputs, hidden widths, classes). Layer l holds W_l [n_l, n_{l+1}]
 * row-major, then b_l [n_{l+1}], in that order in the vector. Hidden layers use ReLU, the last a
 * softmax with cross-entropy loss.
 */

/** Number of parameters: Σ_l n_l n_{l+1} + n_{l+1}. */
export function parameterCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return count;
}

/** He-normal weights, W ~ N(0, 2 / n_l), and zero biases. */
export function initParameters(sizes: readonly number[], rng: Rng): Float32Array {
  const params = new Float32Array(parameterCount(sizes));
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const std = Math.sqrt(2 / sizes[l]);
    const weights = sizes[l] * sizes[l + 1];
    for (let i = 0; i < weights; i++) params[offset + i] = rng.normal() * std;
    offset += weights + sizes[l + 1];
  }
  return params;
}

/** Rows of a dataset as the replicas hold it: pixels as bytes (value / 255) and labels. */
export interface ByteRows {
  /** [rows, features] row-major, each value a byte standing for value / 255. */
  x: Uint8Array;
  /** [rows] class indices. */
  y: Uint8Array;
  features: number;
}

/** Loss summed over a batch's rows, and how many of them the model classified right. */
export interface BatchStats {
  lossSum: number;
  correct: number;
  rows: number;
}

/** x [m, n] times W [n, o] (row-major) plus b [o], into out [m, o]. */
function affine(
  x: Float32Array,
  m: number,
  n: number,
  params: Float32Array,
  offset: number,
  o: number,
): Float32Array {
  const out = new Float32Array(m * o);
  const bias = offset + n * o;
  for (let i = 0; i < m; i++) {
    const row = i * o;
    for (let j = 0; j < o; j++) out[row + j] = params[bias + j];
    for (let k = 0; k < n; k++) {
      const a = x[i * n + k];
      if (a === 0) continue;
      const w = offset + k * o;
      for (let j = 0; j < o; j++) out[row + j] += a * params[w + j];
    }
  }
  return out;
}

/** The rows `indices` of `data` as floats in [0, 1]: [m, features]. */
export function gather(data: ByteRows, indices: ArrayLike<number>): Float32Array {
  const f = data.features;
  const x = new Float32Array(indices.length * f);
  for (let i = 0; i < indices.length; i++) {
    const from = indices[i] * f;
    for (let k = 0; k < f; k++) x[i * f + k] = data.x[from + k] / 255;
  }
  return x;
}

/**
 * Forward pass through the layers of `sizes` (params holding exactly those layers): each layer's
 * output, ReLU'd except the last one's when `logitsLast` (the network's output layer).
 */
export function forwardLayers(
  params: Float32Array,
  sizes: readonly number[],
  x: Float32Array,
  m: number,
  logitsLast = true,
): Float32Array[] {
  const activations = [x];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const out = affine(activations[l], m, sizes[l], params, offset, sizes[l + 1]);
    if (!logitsLast || l + 2 < sizes.length)
      for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = 0;
    activations.push(out);
    offset += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  return activations;
}

/**
 * Softmax of each row of logits [m, c] in place; adds -log p(y_i) to lossSum and counts argmax
 * hits.
 */
function softmaxLoss(logits: Float32Array, m: number, c: number, labels: number[]): BatchStats {
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < m; i++) {
    const row = i * c;
    let max = -Infinity;
    let best = 0;
    for (let j = 0; j < c; j++)
      if (logits[row + j] > max) {
        max = logits[row + j];
        best = j;
      }
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(logits[row + j] - max);
    for (let j = 0; j < c; j++) logits[row + j] = Math.exp(logits[row + j] - max) / sum;
    lossSum -= Math.log(Math.max(logits[row + labels[i]], 1e-30));
    if (best === labels[i]) correct++;
  }
  return { lossSum, correct, rows: m };
}

/**
 * Adds scale · Σ_i ∇θ CE(softmax(f(x_i)), y_i) over the rows `indices` to `grad` (same layout as
 * the parameters). With scale = 1 / B for a global batch of B rows, the shards' results sum to the
 * batch's mean gradient whatever the shard sizes. Returns the shard's summed loss.
 */
export function accumulateGradient(
  params: Float32Array,
  sizes: readonly number[],
  data: ByteRows,
  indices: ArrayLike<number>,
  scale: number,
  grad: Float32Array,
): BatchStats {
  const m = indices.length;
  const labels = Array.from(indices, (i) => data.y[i]);
  const acts = forwardLayers(params, sizes, gather(data, indices), m);
  const layers = sizes.length - 1;
  const classes = sizes[layers];
  const { stats, delta } = lossDelta(acts[layers], classes, labels, scale);
  backwardLayers(params, sizes, acts, delta, grad, false);
  return stats;
}

/**
 * The loss of logits [m, classes] (overwritten) against labels, and dZ of the output layer:
 * (softmax - onehot(y)) · scale.
 */
export function lossDelta(
  logits: Float32Array,
  classes: number,
  labels: number[],
  scale: number,
): { stats: BatchStats; delta: Float32Array } {
  const m = labels.length;
  const stats = softmaxLoss(logits, m, classes, labels);
  for (let i = 0; i < m; i++) logits[i * classes + labels[i]] -= 1;
  for (let i = 0; i < logits.length; i++) logits[i] *= scale;
  return { stats, delta: logits };
}

/**
 * Backward pass through the layers of `sizes`, given their forward activations `acts` and
 * delta = dLoss/dZ of the last layer's pre-activation [m, n_L]: adds dW = A^T dZ and db = Σ dZ
 * into `grad` (the layers' layout). With `inputGradient`, returns dLoss/dZ of the layer before
 * (dZ W^T where the input, a ReLU output, is positive): what a pipeline stage sends back.
 */
export function backwardLayers(
  params: Float32Array,
  sizes: readonly number[],
  acts: Float32Array[],
  lastDelta: Float32Array,
  grad: Float32Array,
  inputGradient: boolean,
): Float32Array | null {
  const m = acts[0].length / sizes[0];
  const layers = sizes.length - 1;
  let delta = lastDelta;
  const offsets: number[] = [];
  for (let l = 0, o = 0; l < layers; l++) {
    offsets.push(o);
    o += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  for (let l = layers - 1; l >= 0; l--) {
    const [n, o] = [sizes[l], sizes[l + 1]];
    const input = acts[l];
    const w = offsets[l];
    const b = w + n * o;
    // dW = A^T dZ, db = Σ_i dZ_i.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < o; j++) grad[b + j] += delta[i * o + j];
      for (let k = 0; k < n; k++) {
        const a = input[i * n + k];
        if (a === 0) continue;
        const row = w + k * o;
        for (let j = 0; j < o; j++) grad[row + j] += a * delta[i * o + j];
      }
    }
    if (l === 0 && !inputGradient) return null;
    // dA = dZ W^T, then through the ReLU: dZ_prev = dA where the activation was positive.
    const previous = new Float32Array(m * n);
    for (let i = 0; i < m; i++)
      for (let k = 0; k < n; k++) {
        if (input[i * n + k] <= 0) continue;
        let sum = 0;
        const row = w + k * o;
        for (let j = 0; j < o; j++) sum += delta[i * o + j] * params[row + j];
        previous[i * n + k] = sum;
      }
    delta = previous;
  }
  return delta;
}

/** Mean cross-entropy and accuracy over the rows `indices` (all rows when omitted). */
export function evaluate(
  params: Float32Array,
  sizes: readonly number[],
  data: ByteRows,
  indices?: ArrayLike<number>,
): { loss: number; accuracy: number } {
  const rows = indices ?? Array.from({ length: data.y.length }, (_, i) => i);
  const m = rows.length;
  const acts = forwardLayers(params, sizes, gather(data, rows), m);
  const labels = Array.from(rows, (i) => data.y[i]);
  const stats = softmaxLoss(acts[sizes.length - 1], m, sizes[sizes.length - 1], labels);
  return { loss: stats.lossSum / m, accuracy: stats.correct / m };
}

/** Plain SGD in place: θ ← θ - lr · g. */
export function sgdStep(params: Float32Array, grad: Float32Array, learningRate: number): void {
  for (let i = 0; i < params.length; i++) params[i] -= learningRate * grad[i];
}
