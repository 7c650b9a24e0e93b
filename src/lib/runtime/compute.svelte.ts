import type { UserFiles } from '../../engine/lab';
import { getContext, setContext } from 'svelte';
import {
  backendPreferences,
  type BackendInfo,
  type BackendPreference,
} from '../../workers/backend-choice';
import { WorkerPool, type Job } from '../../workers/pool';
import type { LabName, LabTypes } from '../../workers/protocol';
import { createComputeWorker, workerInit } from './worker-init';

const KEY = Symbol('compute');
const PREFERENCE_KEY = 'backend-preference';

function savedPreference(): BackendPreference {
  try {
    const saved = localStorage.getItem(PREFERENCE_KEY);
    return backendPreferences.includes(saved as BackendPreference)
      ? (saved as BackendPreference)
      : 'auto';
  } catch {
    return 'auto';
  }
}

/**
 * The page's handle on the compute workers: which backend runs (for the badge), the user's
 * override, and `run` for labs. One instance for the app, shared through context.
 */
export class ComputeService {
  /** The active backend of the workers; null until the first worker reports. */
  info = $state.raw<BackendInfo | null>(null);
  /** Why the workers could not start, if they could not. */
  error = $state<string | null>(null);
  preference = $state<BackendPreference>('auto');
  /** A change the user should hear about (device lost, fallback), shown until dismissed. */
  notice = $state<string | null>(null);
  readonly #pool: WorkerPool;

  constructor() {
    this.preference = savedPreference();
    this.#pool = new WorkerPool({
      // At least two workers, so /tuning's trials run in parallel even on a two-core machine.
      size: Math.max(2, Math.min(4, (navigator.hardwareConcurrency || 2) - 1)),
      create: createComputeWorker,
      init: workerInit(this.preference),
      onBackendChange: (info) => {
        this.info = info;
        this.notice = info.reason;
      },
      onWorkerReady: (info) => {
        this.info = info;
        this.error = null;
      },
    });
  }

  /** Starts the first worker so the badge can show the backend. */
  async start(): Promise<void> {
    try {
      this.info = await this.#pool.start();
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  async setPreference(preference: BackendPreference): Promise<void> {
    this.preference = preference;
    try {
      localStorage.setItem(PREFERENCE_KEY, preference);
    } catch {
      // private mode: the choice lasts for this page only
    }
    try {
      this.info = await this.#pool.setPreference(preference);
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  run<L extends LabName>(
    lab: L,
    config: Record<string, unknown>,
    onProgress: (event: LabTypes[L]['progress']) => void,
    onNotice?: (message: string) => void,
    files?: UserFiles,
  ): Job<LabTypes[L]['result']> {
    return this.#pool.run(lab, config, onProgress, onNotice, files);
  }

  selfTest() {
    return this.#pool.selfTest();
  }

  simulateDeviceLoss() {
    return this.#pool.simulateDeviceLoss();
  }
}

export const provideCompute = (service: ComputeService) => setContext(KEY, service);
export const useCompute = (): ComputeService => getContext<ComputeService>(KEY);
