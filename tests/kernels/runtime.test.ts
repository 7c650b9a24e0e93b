import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { matmulGpu } from '../../src/kernels/matmul/matmul';
import { installNodeWebGpu } from '../../src/kernels/node-gpu';
import type { BackendInfo } from '../../src/workers/backend-choice';
import { ComputeRuntime } from '../../src/workers/compute-runtime';

let gpu: GPU;
beforeAll(async () => {
  gpu = await installNodeWebGpu();
});

/** Waits for the runtime's next backend change. */
function nextChange(changes: BackendInfo[]): Promise<BackendInfo> {
  const seen = changes.length;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (changes.length > seen) resolve(changes[seen]);
      else if (Date.now() - started > 30_000) reject(new Error('no backend change'));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

describe('ComputeRuntime on real WebGPU', () => {
  it('shares one device between tfjs and our kernels, survives one device loss, then falls back to WASM', async () => {
    const changes: BackendInfo[] = [];
    const runtime = new ComputeRuntime({ gpu, onChange: (info) => changes.push(info) });

    const info = await runtime.init('webgpu');
    expect(info.backend).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    const device = runtime.gpu!.device;
    expect((tf.backend() as WebGPUBackend).device).toBe(device);

    // tfjs's matMul and our kernel, on the same device, agree.
    const a = Float32Array.from({ length: 12 }, (_, i) => i / 7 - 0.5);
    const b = Float32Array.from({ length: 8 }, (_, i) => 1 - i / 5);
    const theirs = await tf.matMul(tf.tensor2d(a, [3, 4]), tf.tensor2d(b, [4, 2])).data();
    const ours = await matmulGpu(device, a, b, null, { m: 3, k: 4, n: 2 });
    ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i], 5));

    // First loss: the device is recreated and tfjs moves onto it.
    expect(runtime.simulateDeviceLoss()).toBe(true);
    const first = await nextChange(changes);
    expect(first.backend).toBe('webgpu');
    expect(first.deviceLosses).toBe(1);
    expect(first.reason).toContain('recreated');
    const recreated = runtime.gpu!.device;
    expect(recreated).not.toBe(device);
    expect((tf.backend() as WebGPUBackend).device).toBe(recreated);
    expect(await tf.add(tf.scalar(2), tf.scalar(3)).data()).toEqual(new Float32Array([5]));

    // Second loss: the worker gives up on WebGPU and says so.
    runtime.simulateDeviceLoss();
    const second = await nextChange(changes);
    expect(second.backend).toBe('wasm');
    expect(second.deviceLosses).toBe(2);
    expect(second.reason).toMatch(/switched to WASM/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('auto picks WASM on a software adapter and reports why', async () => {
    const runtime = new ComputeRuntime({ gpu });
    const info = await runtime.init('auto');
    const adapter = runtime.gpu!.description;
    if (adapter.isFallbackAdapter) {
      expect(info.backend).toBe('wasm');
      expect(info.reason).toContain('software fallback');
    } else {
      expect(info.backend).toBe('webgpu');
    }
  });

  it('without WebGPU, a WebGPU request falls back to WASM with the reason', async () => {
    const runtime = new ComputeRuntime({ gpu: undefined });
    const info = await runtime.init('webgpu');
    expect(info.backend).toBe('wasm');
    expect(info.reason).toContain('navigator.gpu is missing');
  });
});
