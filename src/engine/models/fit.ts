import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { createYielder } from '../abort';
import type { Subset, Task } from '../data/types';
import { permutation, type Rng } from '../rng';
import type { OptimizerName } from './options';

/** Rows on the backend: x [rows, ...inputShape]; y one-hot [rows, classes] or values [rows, 1]. */
export interface TensorData {
  x: tf.Tensor;
  y: tf.Tensor2D;
  rows: number;
}

/** Uploads a subset once; batches are gathered from it on the backend. Caller disposes. */
export function toTensors(
  subset: Subset,
  inputShape: number[],
  task: Task,
  classes: number,
): TensorData {
  return tf.tidy(() => ({
    x: tf.tensor(subset.x, [subset.rows, ...inputShape]),
    y:
      task === 'classification'
        ? (tf.cast(
            tf.oneHot(tf.tensor1d(subset.y as Int32Array, 'int32'), classes),
            'float32',
          ) as tf.Tensor2D)
        : tf.tensor2d(subset.y as Float32Array, [subset.rows, 1]),
    rows: subset.rows,
  }));
}

export function disposeData(data: TensorData | null | undefined): void {
  if (data) tf.dispose([data.x, data.y]);
}

/**
 * Mean data loss of a batch: softmax cross-entropy -sum_k y_k log softmax(z)_k for classification,
 * squared error (y - z)^2 for regression; averaged over the batch. No regularization term.
 */
export function dataLoss(task: Task, yTrue: tf.Tensor, output: tf.Tensor): tf.Scalar {
  return task === 'classification'
    ? tf.losses.softmaxCrossEntropy(yTrue, output)
    : tf.losses.meanSquaredError(yTrue, output);
}

/** Rows whose largest output is at the one-hot label's position: a scalar count. */
function countCorrect(output: tf.Tensor, oneHot: tf.Tensor): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(output, 1), tf.argMax(oneHot, 1)), 'float32'));
}

/** L2 penalty l2 * sum ||W||^2 over the kernels (not biases), as Keras's regularizers.l2. */
function l2Penalty(model: tfl.LayersModel, l2: number): tf.Scalar | null {
  if (l2 <= 0) return null;
  const kernels = model.trainableWeights.filter((w) => w.name.includes('kernel'));
  return tf.mul(l2, tf.addN(kernels.map((w) => tf.sum(tf.square(w.read()))))) as tf.Scalar;
}

export function createOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
    case 'adam':
      return tf.train.adam(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
  }
}

/** Data loss and score of a model on some rows. Score: accuracy, or R^2 = 1 - MSE / Var(y). */
export interface Evaluation {
  loss: number;
  score: number;
}

/**
 * The network's output for a batch, in place of `model.apply(x, { training })`: a model whose
 * forward pass differs from its layers' (fake-quantized weights and activations, for
 * quantization-aware training) passes its own.
 */
export type Forward = (x: tf.Tensor, training: boolean) => tf.Tensor;

/** Evaluates in batches (inference mode: dropout off). */
export async function evaluate(
  model: tfl.LayersModel,
  data: TensorData,
  task: Task,
  batchSize = 512,
  forward?: Forward,
): Promise<Evaluation> {
  let totals = tf.zeros([2]);
  for (let start = 0; start < data.rows; start += batchSize) {
    const size = Math.min(batchSize, data.rows - start);
    const next = tf.tidy(() => {
      const x = tf.slice(data.x, start, size);
      const y = tf.slice(data.y, start, size);
      const output = forward ? forward(x, false) : (model.predict(x) as tf.Tensor);
      const loss = tf.mul(dataLoss(task, y, output), size);
      const correct = task === 'classification' ? countCorrect(output, y) : tf.scalar(0);
      return tf.add(totals, tf.stack([loss, correct]));
    });
    totals.dispose();
    totals = next;
  }
  const [lossSum, correct] = await totals.data();
  totals.dispose();
  const loss = lossSum / Math.max(data.rows, 1);
  const score =
    task === 'classification'
      ? correct / Math.max(data.rows, 1)
      : 1 - loss / (await targetVariance(data));
  return { loss, score };
}

async function targetVariance(data: TensorData): Promise<number> {
  const variance = tf.tidy(() => tf.moments(data.y).variance);
  const [value] = await variance.data();
  variance.dispose();
  return value > 0 ? value : 1;
}

/** One row of the training history; `score` is accuracy or R^2, per the task. */
export interface EpochMetrics {
  epoch: number;
  loss: number;
  score: number;
  validationLoss: number;
  validationScore: number;
  /** Seconds since training started, at the end of this epoch. */
  seconds: number;
}

export interface FitOptions {
  task: Task;
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  epochs: number;
  l2: number;
  /** Stop when validation loss has not improved by `minDelta` for `patience` epochs (0 = off). */
  patience: number;
  minDelta?: number;
  /** On early stopping, restore the weights of the best epoch (Keras's restore_best_weights). */
  restoreBest?: boolean;
  rng: Rng;
  signal?: AbortSignal;
  /** Called after each epoch; training waits for it. */
  onEpochEnd?: (metrics: EpochMetrics) => void | Promise<void>;
  /** Called at most every ~100 ms during an epoch with the batches done. */
  onBatch?: (epoch: number, batch: number, batches: number) => void;
  /**
   * The training objective of a batch, in place of the data loss: gets the model's output, the
   * batch's targets and the batch's row indices into `train` (to look up per-row extras such as a
   * teacher's logits). The reported training loss is this objective; validation loss stays the
   * data loss, so runs with different objectives compare.
   */
  batchLoss?: (output: tf.Tensor, targets: tf.Tensor, rows: tf.Tensor1D) => tf.Scalar;
  /** Transforms each training batch's inputs (data augmentation); inference sees them unchanged. */
  augment?: (x: tf.Tensor) => tf.Tensor;
  /** The forward pass, in training and in validation, when it is not the layers' own. */
  forward?: Forward;
  /**
   * Called after each optimizer step with the 0-based step count (pruning applies its masks
   * here, so the weights the next step sees are masked), and with the step's inputs (QAT tracks
   * activation ranges from them). Training waits for it.
   */
  afterStep?: (step: number, x: tf.Tensor) => void | Promise<void>;
}

/** The data loss and (for classification) correct count of one step's batch; caller disposes. */
export interface StepResult {
  loss: tf.Scalar;
  correct: tf.Scalar | null;
}

/**
 * One optimizer step on a batch x [rows, ...], y [rows, classes or 1]: descends on the data loss
 * (or `batchLoss`, given the batch's row indices) + the L2 penalty. The same step `fit` takes per
 * batch; /pipeline calls it on batches an input pipeline made.
 */
export function trainStep(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  x: tf.Tensor,
  y: tf.Tensor,
  options: Pick<FitOptions, 'task' | 'l2' | 'forward' | 'batchLoss'>,
  index?: tf.Tensor1D,
): StepResult {
  const { task } = options;
  // Descend on data loss + penalty; keep the data loss and correct count for the report.
  let data: tf.Scalar | null = null;
  let correct: tf.Scalar | null = null;
  optimizer.minimize(() => {
    const output = options.forward
      ? options.forward(x, true)
      : (model.apply(x, { training: true }) as tf.Tensor);
    data = tf.keep(
      options.batchLoss && index ? options.batchLoss(output, y, index) : dataLoss(task, y, output),
    );
    if (task === 'classification') {
      correct = tf.keep(countCorrect(output, y));
    }
    const penalty = l2Penalty(model, options.l2);
    // minimize() disposes what this returns, so return a new tensor, never `data` itself.
    return penalty ? tf.add(data, penalty) : tf.clone(data);
  });
  return { loss: data as unknown as tf.Scalar, correct: correct as tf.Scalar | null };
}

export interface FitResult {
  history: EpochMetrics[];
  /** Epoch (1-based) whose validation loss was lowest. */
  bestEpoch: number;
  stoppedEarly: boolean;
}

/**
 * Mini-batch training: each epoch shuffles the training rows with `rng`, then for each batch takes
 * one optimizer step on mean data loss + L2 penalty. Per-epoch metrics are the running mean of the
 * batch losses / scores (as Keras reports them) and a full validation pass. Every tensor made here is
 * disposed: after the first step (which creates the optimizer's slots) the tensor count stays flat.
 */
export async function fit(
  model: tfl.LayersModel,
  train: TensorData,
  validation: TensorData,
  options: FitOptions,
): Promise<FitResult> {
  const { task, batchSize, signal } = options;
  const optimizer = createOptimizer(options.optimizer, options.learningRate);
  const pause = createYielder(signal);
  const history: EpochMetrics[] = [];
  const started = performance.now();
  const trainVariance = task === 'regression' ? await targetVariance(train) : 1;
  const batches = Math.ceil(train.rows / batchSize);
  let best = { loss: Infinity, epoch: 0, weights: null as tf.Tensor[] | null };
  let stoppedEarly = false;
  let step = 0;
  try {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      const order = permutation(train.rows, options.rng);
      let totals = tf.zeros([2]);
      let lastReport = 0;
      for (let b = 0; b < batches; b++) {
        const rows = order.subarray(b * batchSize, Math.min((b + 1) * batchSize, train.rows));
        const index = tf.tensor1d(rows, 'int32');
        const gathered = tf.gather(train.x, index);
        const x = options.augment ? tf.tidy(() => options.augment!(gathered)) : gathered;
        const y = tf.gather(train.y, index);
        const stepped = trainStep(model, optimizer, x, y, options, index);
        const [batchLoss, batchCorrect] = [stepped.loss, stepped.correct];
        const next = tf.tidy(() =>
          tf.add(totals, tf.stack([tf.mul(batchLoss, rows.length), batchCorrect ?? tf.scalar(0)])),
        );
        await options.afterStep?.(step++, x);
        tf.dispose([index, gathered, x, y, batchLoss, ...(batchCorrect ? [batchCorrect] : [])]);
        totals.dispose();
        totals = next;
        await pause();
        if (options.onBatch && performance.now() - lastReport > 100) {
          lastReport = performance.now();
          options.onBatch(epoch, b + 1, batches);
        }
      }
      const [lossSum, correct] = await totals.data();
      totals.dispose();
      const loss = lossSum / train.rows;
      const valid = await evaluate(model, validation, task, 512, options.forward);
      const metrics: EpochMetrics = {
        epoch,
        loss,
        score: task === 'classification' ? correct / train.rows : 1 - loss / trainVariance,
        validationLoss: valid.loss,
        validationScore: valid.score,
        seconds: (performance.now() - started) / 1000,
      };
      history.push(metrics);
      if (valid.loss < best.loss - (options.minDelta ?? 0)) {
        if (options.restoreBest && options.patience > 0) {
          tf.dispose(best.weights ?? []);
          best.weights = model.getWeights().map((w) => tf.keep(w.clone()));
        }
        best = { ...best, loss: valid.loss, epoch };
      }
      await options.onEpochEnd?.(metrics);
      if (options.patience > 0 && epoch - best.epoch >= options.patience) {
        stoppedEarly = true;
        break;
      }
    }
    if (stoppedEarly && best.weights) model.setWeights(best.weights);
  } finally {
    tf.dispose(best.weights ?? []);
    optimizer.dispose();
  }
  return { history, bestEpoch: best.epoch, stoppedEarly };
}
