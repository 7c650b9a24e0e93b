import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ComputeRuntime } from '../../src/workers/compute-runtime';

describe('ComputeRuntime.withKernels', () => {
  it('runs work that needs a kernel WASM lacks on CPU, says why, and restores WASM', async () => {
    const runtime = new ComputeRuntime({ gpu: undefined });
    expect((await runtime.init('wasm')).backend).toBe('wasm');
    const notices: string[] = [];
    const inside = await runtime.withKernels(
      ['Conv2DBackpropFilter'],
      (m) => notices.push(m),
      async () => tf.getBackend(),
    );
    expect(inside).toBe('cpu');
    expect(notices[0]).toContain('no Conv2DBackpropFilter kernel');
    expect(tf.getBackend()).toBe('wasm');
    const plain = await runtime.withKernels(
      ['BatchMatMul'],
      (m) => notices.push(m),
      async () => tf.getBackend(),
    );
    expect(plain).toBe('wasm');
    expect(notices).toHaveLength(1);
  });
});
