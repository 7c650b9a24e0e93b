import { expect } from 'vitest';
import { installNodeWebGpu } from '../../src/kernels/node-gpu';
import { ComputeRuntime } from '../../src/workers/compute-runtime';

/**
 * Starts tfjs on WebGPU in Node (Dawn) and returns the device it runs on, which our kernels then
 * share, as they do in a worker. Fails the suite unless tfjs really is on WebGPU (no CPU fallback).
 */
export async function tfjsWebGpuDevice(): Promise<GPUDevice> {
  const runtime = new ComputeRuntime({ gpu: await installNodeWebGpu() });
  const info = await runtime.init('webgpu');
  expect(info.backend).toBe('webgpu');
  return runtime.gpu!.device;
}
