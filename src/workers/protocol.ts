import type { UserFiles } from '../engine/lab';
import type { LabName, LabTypes } from '../engine/labs';
import type { KernelSelfTest } from '../kernels/self-test';
import type { BackendInfo, BackendPreference } from './backend-choice';

export type { LabName, LabTypes };

export interface WorkerInit {
  preference: BackendPreference;
  /** Absolute URL of the folder holding the packed datasets (the app's base path + /data/). */
  dataUrl: string;
  /**
   * URLs of tfjs's three .wasm binaries by file name. The page imports them, so they are part of
   * the app's build and the service worker precaches them.
   */
  wasmPaths: Record<string, string>;
}

/**
 * The API each compute worker exposes through comlink. Calls are typed end to end; progress
 * arrives through a proxied callback; `cancel` reaches the running loop at its next yield.
 */
export interface ComputeWorkerApi {
  /** Starts the backend; `onBackendChange` hears later changes (device lost, recreated, replaced). */
  init(init: WorkerInit, onBackendChange: (info: BackendInfo) => void): Promise<BackendInfo>;
  /** Re-chooses the backend for a new preference. */
  setBackend(preference: BackendPreference): Promise<BackendInfo>;
  run<L extends LabName>(
    jobId: number,
    lab: L,
    config: Record<string, unknown>,
    onProgress: (event: LabTypes[L]['progress']) => void | Promise<void>,
    /** Hears how the run deviates from the chosen backend, e.g. "runs on CPU: no such kernel". */
    onNotice: (message: string) => void,
    /** The user's files by name (text or bytes), e.g. an uploaded CSV or a saved model. */
    files?: UserFiles,
  ): Promise<LabTypes[L]['result']>;
  cancel(jobId: number): void;
  /** Runs every kernel's case table on this worker's GPU device against the CPU twins. */
  selfTest(): Promise<KernelSelfTest>;
  /** Destroys the GPU device as a real loss would; false when there is none. */
  simulateDeviceLoss(): boolean;
}
