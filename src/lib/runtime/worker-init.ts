import { base } from '$app/paths';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendPreference } from '../../workers/backend-choice';
import type { WorkerInit } from '../../workers/protocol';

const absolute = (path: string) => new URL(path, location.href).href;

/** Absolute URL of the folder holding the packed datasets (the app's base path + /data/). */
export const dataUrl = (): string => absolute(`${base}/data/`);

/**
 * What each compute worker needs to start: the backend preference, where the datasets are, and
 * the URLs the bundler gave tfjs's .wasm files (imported here, in the page's build, so the
 * service worker precaches them).
 */
export const workerInit = (preference: BackendPreference): WorkerInit => ({
  preference,
  dataUrl: dataUrl(),
  wasmPaths: {
    'tfjs-backend-wasm.wasm': absolute(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreaded),
  },
});

/** A module worker running the compute API (src/workers/compute.worker.ts). */
export const createComputeWorker = (): Worker =>
  new Worker(new URL('../../workers/compute.worker.ts', import.meta.url), { type: 'module' });
