import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { DistillationLoss } from '../../engine/distillation/loss';
import { outputBuffer } from '../gpu/buffers';
import { tensorGpuData } from '../gpu/tensor-buffer';
import { runDistill } from './distill';

/**
 * The distillation loss as a tfjs op on the WebGPU backend, computed by our WGSL kernel: the
 * forward pass yields each row's loss and, in the same pass, the gradient with respect to the
 * student logits, which the backward pass scales by dy / rows. tfjs's tensors are read as GPU
 * buffers on tfjs's own device (dataToGPU submits tfjs's pending work first, so order holds).
 * Only for a tfjs backend running on `device`.
 */
export function distillationLossOnGpu(device: GPUDevice): DistillationLoss {
  return (student, teacher, targets, temperature, alpha) => {
    // customGrad's typing lists inputs and the save function as one rest parameter.
    const op = tf.customGrad(((z: tf.Tensor, v: tf.Tensor, y: tf.Tensor, save: tf.GradSaveFunc) => {
      const [rows, classes] = z.shape as [number, number];
      const inputs = [z, v, y].map(tensorGpuData);
      const loss = outputBuffer(device, rows, 'distill loss');
      const gradient = outputBuffer(device, rows * classes, 'distill gradient');
      const softTeacher = outputBuffer(device, rows * classes, 'distill soft teacher');
      runDistill(
        device,
        {
          student: inputs[0].buffer!,
          teacher: inputs[1].buffer!,
          targets: inputs[2].buffer!,
          loss,
          gradient,
          softTeacher,
        },
        { rows, classes, temperature, alpha },
      );
      for (const input of inputs) input.tensorRef.dispose();
      // tfjs copies the buffers into tensors it owns, after our kernel in queue order.
      const lossRows = tf.tensor({ buffer: loss }, [rows], 'float32');
      const gradientRows = tf.tensor({ buffer: gradient }, [rows, classes], 'float32');
      for (const buffer of [loss, gradient, softTeacher]) buffer.destroy();
      save([gradientRows]);
      const value = tf.mean(lossRows) as tf.Scalar;
      lossRows.dispose();
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
          tf.mul(saved[0], tf.div(dy, rows)),
          tf.zerosLike(v),
          tf.zerosLike(y),
        ],
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return op(student, teacher, targets) as tf.Scalar;
  };
}

/** The GPU device of the active tfjs backend, when it is WebGPU. */
export const tfjsGpuDevice = (): GPUDevice | null =>
  tf.getBackend() === 'webgpu' ? (tf.backend() as WebGPUBackend).device : null;
