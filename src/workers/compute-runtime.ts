import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { messageOf } from '../engine/data/load';
import { requestGpu, type GpuContext } from '../kernels/gpu/device';
import {
  backendLabel,
  chooseBackend,
  type AdapterProbe,
  type BackendInfo,
  type BackendName,
  type BackendPreference,
} from './backend-choice';

export interface ComputeRuntimeOptions {
  /** `navigator.gpu` in a worker; the `webgpu` package's GPU in Node; undefined where absent. */
  gpu: GPU | undefined;
  /** URLs of tfjs's .wasm files, by file name, where the bundler moved them (browser only). */
  wasmPaths?: Record<string, string>;
  /** Called when the backend changes on its own (device lost, then recreated or replaced). */
  onChange?: (info: BackendInfo) => void;
}

/**
 * The compute backend of one worker (or Node process): picks tfjs's backend per `chooseBackend`,
 * owns the one GPU device that tfjs's WebGPU backend and our kernels share, and survives device
 * loss: the first loss recreates the device, the next one falls back to WASM.
 */
export class ComputeRuntime {
  readonly #options: ComputeRuntimeOptions;
  #gpu: GpuContext | null = null;
  #info: BackendInfo | null = null;
  #deviceLosses = 0;
  #lossListeners = new Set<(message: string) => void>();

  constructor(options: ComputeRuntimeOptions) {
    this.#options = options;
    // Threaded WASM hangs in minified builds (PLATFORM.md); SIMD alone is the fast path.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (options.wasmPaths) setWasmPaths(options.wasmPaths);
  }

  get info(): BackendInfo | null {
    return this.#info;
  }

  /**
   * This worker's GPU device, or null without one. When the backend is WebGPU it is the device
   * tfjs runs on; our kernels run on it whatever tfjs's backend is.
   */
  get gpu(): GpuContext | null {
    return this.#gpu;
  }

  /** Registers a callback for device loss (the worker cancels running jobs with it). */
  onDeviceLost(listener: (message: string) => void): () => void {
    this.#lossListeners.add(listener);
    return () => this.#lossListeners.delete(listener);
  }

  /** Chooses and initializes the backend; resolves with what runs and why. */
  async init(preference: BackendPreference): Promise<BackendInfo> {
    const probe = await this.#probe();
    const choice = chooseBackend(preference, probe);
    const failures: string[] = [];
    for (const backend of choice.order) {
      try {
        await this.#activate(backend);
        const reason =
          failures.length > 0 ? `${choice.reason}; ${failures.join('; ')}` : choice.reason;
        return this.#setInfo(backend, reason);
      } catch (error) {
        failures.push(`${backend} failed to start (${messageOf(error)})`);
      }
    }
    throw new Error(`No compute backend could start: ${failures.join('; ')}`);
  }

  /**
   * Runs `work` on a backend that has every kernel in `kernels`. When the active backend lacks one
   * (tfjs's WASM backend has no Conv2DBackpropFilter, so it cannot train a CNN), the work runs on
   * the CPU backend instead and `onNotice` says why; the active backend is restored afterwards.
   */
  async withKernels<T>(
    kernels: string[],
    onNotice: (message: string) => void,
    work: () => Promise<T>,
  ): Promise<T> {
    const active = tf.getBackend();
    const missing = kernels.filter((name) => !tf.getKernel(name, active));
    if (missing.length === 0) return work();
    onNotice(
      `tfjs's ${this.#info?.label ?? active} backend has no ${missing.join(', ')} kernel, which this run needs, so it runs on the CPU backend (slower).`,
    );
    await this.#activate('cpu');
    try {
      return await work();
    } finally {
      if (tf.getBackend() === 'cpu' && this.#info?.backend === active) await tf.setBackend(active);
    }
  }

  /** Destroys the GPU device as a real loss would (the diagnostics page's "simulate" button). */
  simulateDeviceLoss(): boolean {
    if (!this.gpu) return false;
    this.gpu.device.destroy();
    return true;
  }

  async #probe(): Promise<AdapterProbe> {
    if (this.#gpu)
      return {
        available: true,
        name: this.#gpu.description.name,
        isFallbackAdapter: this.#gpu.description.isFallbackAdapter,
      };
    try {
      this.#gpu = await requestGpu(this.#options.gpu);
      this.#watchDevice(this.#gpu.device);
      const { name, isFallbackAdapter } = this.#gpu.description;
      return { available: true, name, isFallbackAdapter };
    } catch (error) {
      return { available: false, error: messageOf(error) };
    }
  }

  async #activate(backend: BackendName): Promise<void> {
    if (backend === 'webgpu') {
      const gpu = this.#gpu;
      if (!gpu) throw new Error('no GPU device');
      if (tf.findBackend('webgpu') || tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
      tf.registerBackend('webgpu', () => new WebGPUBackend(gpu.device, gpu.adapter.info));
      // Keep small ops on the GPU too: our kernels read tfjs tensors as GPU buffers, which
      // tfjs cannot hand out for results it forwarded to the CPU.
      tf.env().set('WEBGPU_CPU_FORWARD', false);
    }
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not initialize ${backend}`);
    await tf.ready();
  }

  #setInfo(backend: BackendName, reason: string): BackendInfo {
    const simd = backend === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    const adapter = backend === 'webgpu' ? (this.#gpu?.description.name ?? null) : null;
    this.#info = {
      backend,
      label: backendLabel(backend, adapter, simd),
      adapter,
      isFallbackAdapter: backend === 'webgpu' && Boolean(this.#gpu?.description.isFallbackAdapter),
      reason,
      deviceLosses: this.#deviceLosses,
    };
    return this.#info;
  }

  #watchDevice(device: GPUDevice): void {
    void device.lost.then(async (lost) => {
      if (this.#gpu?.device !== device) return; // replaced on purpose
      this.#deviceLosses++;
      const why = `the GPU device was lost (${lost.reason}${lost.message ? `: ${lost.message}` : ''})`;
      for (const listener of this.#lossListeners) listener(why);
      this.#gpu = null;
      const usedWebGpu = this.#info?.backend === 'webgpu';
      let info: BackendInfo;
      if (this.#deviceLosses === 1) {
        try {
          const probe = await this.#probe();
          if (!probe.available) throw new Error(probe.error);
          if (usedWebGpu) await this.#activate('webgpu');
          info = this.#setInfo(this.#info?.backend ?? 'webgpu', `${why}; recreated it once`);
        } catch (error) {
          info = await this.#fallBackToWasm(
            `${why} and could not be recreated (${messageOf(error)})`,
          );
        }
      } else {
        info = await this.#fallBackToWasm(`${why} again (${this.#deviceLosses} losses)`);
      }
      this.#options.onChange?.(info);
    });
  }

  async #fallBackToWasm(why: string): Promise<BackendInfo> {
    this.#gpu = null;
    for (const backend of ['wasm', 'cpu'] as const) {
      try {
        await this.#activate(backend);
        return this.#setInfo(backend, `${why}; switched to ${backend === 'wasm' ? 'WASM' : 'CPU'}`);
      } catch {
        // try the next one
      }
    }
    return this.#setInfo('cpu', `${why}; no backend could start`);
  }
}
