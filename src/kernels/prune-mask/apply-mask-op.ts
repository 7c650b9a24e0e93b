import * as tf from '@tensorflow/tfjs-core';
import { tensorGpuData } from '../gpu/tensor-buffer';
import { checkMaskLength } from './apply-mask-cpu';
import { runApplyMask } from './apply-mask';

/** Sets weights <- weights * mask in place; mask has the weights' size, entries in {0, 1}. */
export type ApplyMaskOp = (weights: tf.Variable, mask: tf.Tensor) => void;

/**
 * Pruning as a tfjs update on the WebGPU backend: our WGSL kernel masks a GPU copy of the
 * variable's values (dataToGPU), tfjs copies the result into a tensor of its own, and the
 * variable is assigned it. No values leave the GPU. Only for a tfjs backend running on `device`.
 */
export function applyMaskOnGpu(device: GPUDevice): ApplyMaskOp {
  return (weights, mask) => {
    checkMaskLength(weights.size, mask.size);
    if (weights.dtype !== 'float32')
      throw new Error(`applyMask needs float32, got ${weights.dtype}`);
    const maskFloats = mask.dtype === 'float32' ? mask : tf.cast(mask, 'float32');
    const values = tensorGpuData(weights);
    const keep = tensorGpuData(maskFloats);
    if (maskFloats !== mask) maskFloats.dispose();
    runApplyMask(device, { weights: values.buffer!, mask: keep.buffer! }, weights.size);
    // tfjs copies the buffer into a tensor it owns, after our kernel in queue order.
    const masked = tf.tensor({ buffer: values.buffer! }, weights.shape, 'float32');
    values.tensorRef.dispose();
    keep.tensorRef.dispose();
    weights.assign(masked);
    masked.dispose();
  };
}
