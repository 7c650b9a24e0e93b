import * as tf from '@tensorflow/tfjs-core';

/**
 * A tfjs tensor's values as a GPU buffer on the WebGPU backend: a copy that tfjs tracks as
 * `tensorRef` (dispose it once our kernels are encoded; dataToGPU submits tfjs's pending work
 * first, so queue order holds). Tensors made from CPU values are uploaded lazily and cannot hand
 * out a buffer, so those pass through one GPU op first. The buffer may be longer than the tensor.
 */
export function tensorGpuData(tensor: tf.Tensor): tf.GPUData {
  try {
    return tensor.dataToGPU();
  } catch {
    const resident = tf.mul(tensor, 1);
    const data = resident.dataToGPU();
    resident.dispose();
    return data;
  }
}
