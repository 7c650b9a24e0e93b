import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Subset } from '../data/types';
import { argmaxRows, confusionMatrix } from '../metrics';
import type { EpochMetrics, TensorData } from '../models/fit';

/** How one model does on the test set. */
export interface ModelReport {
  parameters: number;
  /** Misclassified test images (the paper reports errors, not accuracy). */
  testErrors: number;
  testRows: number;
  accuracy: number;
  /** Median milliseconds to classify 1,000 test images (batches of 256, 3 timed runs). */
  inferenceMsPer1000: number;
  history: EpochMetrics[];
  /** Rows: true digit; columns: predicted digit. */
  confusion: number[][];
}

/** Logits of every row, in batches: [rows, classes]. Caller disposes. */
export function predictLogits(model: tfl.LayersModel, x: tf.Tensor, batchSize = 256): tf.Tensor2D {
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (let start = 0; start < x.shape[0]; start += batchSize) {
      const size = Math.min(batchSize, x.shape[0] - start);
      parts.push(model.predict(tf.slice(x, start, size)) as tf.Tensor);
    }
    return tf.concat(parts, 0) as tf.Tensor2D;
  });
}

export async function reportModel(
  model: tfl.LayersModel,
  test: TensorData,
  testRows: Subset,
  history: EpochMetrics[],
): Promise<ModelReport> {
  const classes = test.y.shape[1];
  const times: number[] = [];
  let predicted: Int32Array = new Int32Array(0);
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const logits = predictLogits(model, test.x);
    const values = (await logits.data()) as Float32Array;
    times.push(performance.now() - started);
    logits.dispose();
    predicted = argmaxRows(values, classes);
  }
  times.sort((a, b) => a - b);
  let errors = 0;
  predicted.forEach((p, i) => (errors += p === testRows.y[i] ? 0 : 1));
  return {
    parameters: model.countParams(),
    testErrors: errors,
    testRows: test.rows,
    accuracy: 1 - errors / Math.max(1, test.rows),
    inferenceMsPer1000: (times[1] / Math.max(1, test.rows)) * 1000,
    history,
    confusion: confusionMatrix(testRows.y, predicted, classes),
  };
}

/** The missing-digit experiment's numbers for one student. */
export interface BiasAdjustment {
  /** Test images of the missing digit classified correctly, before and after the shift. */
  correctBefore: number;
  correctAfter: number;
  /** Test errors over all digits after the shift. */
  errorsAfter: number;
  /** Added to the missing digit's logit (the output bias). */
  shift: number;
}

/**
 * The paper's bias adjustment, without looking at test labels: find the smallest shift s of the
 * missing digit's logit for which the share of validation images predicted as that digit reaches
 * its prior share `prior` (validation images are used without their labels), then apply s to the
 * test logits. Found by bisection on [0, 50]: the predicted share only grows with s.
 */
export function adjustBias(
  validationLogits: Float32Array,
  testLogits: Float32Array,
  testLabels: ArrayLike<number>,
  digit: number,
  classes: number,
  prior: number,
): BiasAdjustment {
  const predictions = (logits: Float32Array, shift: number) => {
    const shifted = Float32Array.from(logits);
    for (let r = 0; r < shifted.length / classes; r++) shifted[r * classes + digit] += shift;
    return argmaxRows(shifted, classes);
  };
  const share = (shift: number) => {
    const predicted = predictions(validationLogits, shift);
    return predicted.filter((p) => p === digit).length / Math.max(1, predicted.length);
  };
  let [low, high] = [0, 50];
  if (share(0) >= prior) high = 0;
  for (let i = 0; i < 40 && high > 0; i++) {
    const middle = (low + high) / 2;
    if (share(middle) >= prior) high = middle;
    else low = middle;
  }
  const count = (shift: number) => {
    const predicted = predictions(testLogits, shift);
    let correct = 0;
    let errors = 0;
    predicted.forEach((p, i) => {
      if (testLabels[i] === digit && p === digit) correct++;
      if (p !== testLabels[i]) errors++;
    });
    return { correct, errors };
  };
  const after = count(high);
  return {
    correctBefore: count(0).correct,
    correctAfter: after.correct,
    errorsAfter: after.errors,
    shift: high,
  };
}
