import { describe, expect, it } from 'vitest';
import { backendLabel, chooseBackend } from '../../src/workers/backend-choice';

const hardware = { available: true as const, name: 'NVIDIA H200', isFallbackAdapter: false };
const software = {
  available: true as const,
  name: 'SwiftShader driver 5.0.0',
  isFallbackAdapter: true,
};
const none = { available: false as const, error: 'no WebGPU adapter is available' };

describe('chooseBackend', () => {
  it('auto: WebGPU on a hardware adapter', () => {
    expect(chooseBackend('auto', hardware).order).toEqual(['webgpu', 'wasm', 'cpu']);
  });
  it('auto: WASM when the only adapter is a software fallback, and says why', () => {
    const choice = chooseBackend('auto', software);
    expect(choice.order).toEqual(['wasm', 'cpu']);
    expect(choice.reason).toContain('software fallback');
  });
  it('auto: WASM without WebGPU, with the reason', () => {
    const choice = chooseBackend('auto', none);
    expect(choice.order).toEqual(['wasm', 'cpu']);
    expect(choice.reason).toContain('no WebGPU adapter is available');
  });
  it('an override wins, even on a software adapter', () => {
    expect(chooseBackend('webgpu', software).order[0]).toBe('webgpu');
    expect(chooseBackend('wasm', hardware).order[0]).toBe('wasm');
    expect(chooseBackend('cpu', hardware).order).toEqual(['cpu']);
  });
  it('a WebGPU override without WebGPU falls back to WASM and says so', () => {
    const choice = chooseBackend('webgpu', none);
    expect(choice.order).toEqual(['wasm', 'cpu']);
    expect(choice.reason).toMatch(/requested but is unavailable/);
  });
  it('labels the badge', () => {
    expect(backendLabel('webgpu', 'NVIDIA H200', false)).toBe('WebGPU · NVIDIA H200');
    expect(backendLabel('wasm', null, true)).toBe('WASM (SIMD)');
    expect(backendLabel('cpu', null, false)).toBe('CPU');
  });
});
