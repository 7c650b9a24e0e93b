/// <reference lib="webworker" />
import { expose } from 'comlink';
import { abortError, throwIfAborted } from '../engine/abort';
import { DatasetLoader } from '../engine/data/load';
import type { GpuOps, UserFiles } from '../engine/lab';
import { labKernels, runLab } from '../engine/labs';
import { squaredDistancesGpu } from '../kernels/distances/distances';
import { residentMatrix } from '../kernels/matmul/resident';
import { int8MatmulGpu } from '../kernels/int8-matmul/int8-matmul';
import { csrMatmulGpu } from '../kernels/sparse-matmul/csr-matmul';
import { fakeQuantOnGpu } from '../kernels/fake-quant/fake-quant-op';
import { applyMaskOnGpu } from '../kernels/prune-mask/apply-mask-op';
import { distillationLossOnGpu } from '../kernels/distill/distill-op';
import { runKernelSelfTest } from '../kernels/self-test';
import { ComputeRuntime } from './compute-runtime';
import type { ComputeWorkerApi, LabName } from './protocol';
import { fetchSource, idbCache } from './sources';
import { withTransfer } from './transfer';
import { browserMapWorkers } from './browser-map-workers';

const jobs = new Map<number, AbortController>();
let runtime: ComputeRuntime | null = null;
let loader: DatasetLoader | null = null;

function started(): { runtime: ComputeRuntime; loader: DatasetLoader } {
  if (!runtime || !loader) throw new Error('the worker was not initialized');
  return { runtime, loader };
}

/** Our WGSL kernels as tfjs ops, when tfjs runs on WebGPU (on the device our kernels use). */
function gpuOps(runtime: ComputeRuntime): GpuOps | undefined {
  const device = runtime.info?.backend === 'webgpu' ? runtime.gpu?.device : undefined;
  return device
    ? {
        distillationLoss: distillationLossOnGpu(device),
        squaredDistances: (x, n, dim) => squaredDistancesGpu(device, x, n, dim),
        residentMatrix: (a, rows, cols) => residentMatrix(device, a, rows, cols),
        int8Matmul: async (a, b, m, k, n) => (await int8MatmulGpu(device, a, b, m, k, n)).c,
        csrMatmul: (x, batch, wT) => csrMatmulGpu(device, x, batch, wT),
        fakeQuant: fakeQuantOnGpu(device),
        applyMask: applyMaskOnGpu(device),
      }
    : undefined;
}

const api: ComputeWorkerApi = {
  async init(init, onBackendChange) {
    if (!runtime) {
      runtime = new ComputeRuntime({
        gpu: (self.navigator as Navigator & { gpu?: GPU }).gpu,
        wasmPaths: init.wasmPaths,
        onChange: onBackendChange,
      });
      // A lost device fails the running jobs at once instead of leaving them on a dead device.
      runtime.onDeviceLost((why) => {
        for (const controller of jobs.values()) controller.abort(new Error(`${why}; run again`));
      });
    }
    loader = new DatasetLoader(fetchSource(init.dataUrl));
    return runtime.init(init.preference);
  },

  setBackend: (preference) => started().runtime.init(preference),

  async run<L extends LabName>(
    jobId: number,
    lab: L,
    config: Record<string, unknown>,
    onProgress: (event: never) => void | Promise<void>,
    onNotice: (message: string) => void,
    files?: UserFiles,
  ) {
    const { runtime, loader } = started();
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      const result = await runtime.withKernels(labKernels[lab](config), onNotice, () =>
        runLab(lab, config, {
          data: loader,
          files,
          cache: idbCache,
          ops: gpuOps(runtime),
          mapWorkers: browserMapWorkers,
          hardwareConcurrency: self.navigator.hardwareConcurrency || undefined,
          signal: controller.signal,
          onProgress: (event) => onProgress(withTransfer(event) as never),
        }),
      );
      throwIfAborted(controller.signal);
      return withTransfer(result);
    } catch (error) {
      // A lost device aborts with its own message, which says more than the op that failed.
      const reason: unknown = controller.signal.reason;
      throw controller.signal.aborted && reason instanceof Error ? reason : error;
    } finally {
      jobs.delete(jobId);
    }
  },

  cancel(jobId) {
    jobs.get(jobId)?.abort(abortError());
  },

  async selfTest() {
    const gpu = started().runtime.gpu;
    return runKernelSelfTest(gpu?.device ?? null, gpu?.description.name ?? null);
  },

  simulateDeviceLoss: () => started().runtime.simulateDeviceLoss(),
};

expose(api);
