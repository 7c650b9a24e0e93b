import * as tf from '@tensorflow/tfjs-core';

/**
 * Knowledge-distillation loss (Hinton, Vinyals and Dean 2015), averaged over the batch:
 *
 *   L = (1 - a) * CE(y, softmax(z)) + a * T^2 * KL(softmax(v / T) || softmax(z / T))
 *
 * z: student logits [rows, classes]; v: teacher logits [rows, classes] (no gradient flows into
 * the teacher); y: one-hot targets [rows, classes]. The T^2 factor keeps the soft term's gradient,
 * a T (softmax(z/T) - softmax(v/T)) per logit, about as large as the hard term's whatever T is.
 * The WGSL kernel in src/kernels/distill computes the same loss and its gradient in one pass.
 */
export type DistillationLoss = (
  student: tf.Tensor2D,
  teacher: tf.Tensor2D,
  targets: tf.Tensor2D,
  temperature: number,
  alpha: number,
) => tf.Scalar;

/** The loss in tfjs ops; tfjs's autodiff gives its gradient. Works on every backend. */
export const distillationLoss: DistillationLoss = (student, teacher, targets, temperature, alpha) =>
  tf.tidy(() => {
    const hard = tf.losses.softmaxCrossEntropy(targets, student);
    const logSoftTeacher = tf.logSoftmax(tf.div(teacher, temperature));
    const logSoftStudent = tf.logSoftmax(tf.div(student, temperature));
    const kl = tf.mean(
      tf.sum(tf.mul(tf.exp(logSoftTeacher), tf.sub(logSoftTeacher, logSoftStudent)), 1),
    );
    return tf.add(
      tf.mul(1 - alpha, hard),
      tf.mul(alpha * temperature * temperature, kl),
    ) as tf.Scalar;
  });
