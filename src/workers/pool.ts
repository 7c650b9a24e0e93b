import type { UserFiles } from '../engine/lab';
import { proxy, wrap, type Remote } from 'comlink';
import { abortError } from '../engine/abort';
import type { BackendInfo, BackendPreference } from './backend-choice';
import type { ComputeWorkerApi, LabName, LabTypes, WorkerInit } from './protocol';

export interface PoolOptions {
  /** Most workers alive at once. */
  size: number;
  /** Makes a module worker (the page passes `new Worker(new URL(...), { type: 'module' })`). */
  create: () => Worker;
  init: WorkerInit;
  /** Hears a worker's backend change after init (device lost, then recreated or replaced). */
  onBackendChange?: (info: BackendInfo) => void;
  /** Hears each worker that starts, with its backend (a replacement after a crash too). */
  onWorkerReady?: (info: BackendInfo) => void;
}

/** A running job: its result, and a cancel that reaches into the worker. */
export interface Job<R> {
  id: number;
  result: Promise<R>;
  cancel(): void;
}

interface Slot {
  worker: Worker;
  api: Remote<ComputeWorkerApi>;
  ready: Promise<BackendInfo>;
  /** Rejects when the worker dies (script failed to load, uncaught error, out of memory). */
  crashed: Promise<never>;
  busy: boolean;
}

/** Error for a worker that stopped; the pool replaces it on the next job. */
export class WorkerCrashError extends Error {
  override name = 'WorkerCrashError';
}

/**
 * A pool of module web workers wrapped with comlink. Workers start lazily, up to `size`; a job
 * waits for an idle one. A worker that crashes fails its job with a clear message and is replaced.
 */
export class WorkerPool {
  readonly #options: PoolOptions;
  #slots: Slot[] = [];
  #waiting: Array<() => void> = [];
  #nextJob = 1;
  #preference: BackendPreference;

  constructor(options: PoolOptions) {
    this.#options = options;
    this.#preference = options.init.preference;
  }

  get size(): number {
    return this.#options.size;
  }

  /** Starts the first worker if none runs, and resolves with its backend. */
  async start(): Promise<BackendInfo> {
    const slot = this.#slots[0] ?? this.#spawn();
    return Promise.race([slot.ready, slot.crashed]);
  }

  /** Re-chooses every live worker's backend; resolves with the first worker's. */
  async setPreference(preference: BackendPreference): Promise<BackendInfo> {
    this.#preference = preference;
    const slot = this.#slots[0] ?? this.#spawn();
    const infos = await Promise.all(
      this.#slots.map(async (s) => {
        await s.ready;
        return Promise.race([s.api.setBackend(preference), s.crashed]);
      }),
    );
    return infos[this.#slots.indexOf(slot)] ?? infos[0];
  }

  /** Runs a lab's entry point in a worker. */
  run<L extends LabName>(
    lab: L,
    config: Record<string, unknown>,
    onProgress: (event: LabTypes[L]['progress']) => void,
    onNotice: (message: string) => void = () => {},
    files?: UserFiles,
  ): Job<LabTypes[L]['result']> {
    const id = this.#nextJob++;
    let cancelled = false;
    let slot: Slot | null = null;
    let rejectEarly: (error: Error) => void = () => {};
    const early = new Promise<never>((_, reject) => (rejectEarly = reject));
    const work = (async () => {
      slot = await this.#acquire();
      try {
        await Promise.race([slot.ready, slot.crashed]);
        // Checked after every await: a cancel before the call starts must not start it, and one
        // after reaches the worker behind the call's own message.
        if (cancelled) throw abortError();
        const call = slot.api.run(
          id,
          lab,
          config,
          proxy(onProgress) as never,
          proxy(onNotice),
          files,
        ) as Promise<LabTypes[L]['result']>;
        return await Promise.race([call, slot.crashed]);
      } finally {
        this.#release(slot);
      }
    })();
    work.catch(() => {});
    return {
      id,
      result: Promise.race([work, early]),
      cancel: () => {
        cancelled = true;
        if (slot) void slot.api.cancel(id);
        rejectEarly(abortError());
      },
    };
  }

  /** Runs the kernel self-test in the first worker. */
  async selfTest() {
    await this.start();
    return this.#slots[0].api.selfTest();
  }

  /** Destroys the first worker's GPU device, as a real loss would. */
  async simulateDeviceLoss(): Promise<boolean> {
    await this.start();
    return this.#slots[0].api.simulateDeviceLoss();
  }

  terminate(): void {
    for (const slot of this.#slots) slot.worker.terminate();
    this.#slots = [];
  }

  #spawn(): Slot {
    const worker = this.#options.create();
    const api = wrap<ComputeWorkerApi>(worker);
    let crash: (error: Error) => void = () => {};
    const crashed = new Promise<never>((_, reject) => (crash = reject));
    crashed.catch(() => {});
    const slot: Slot = { worker, api, crashed, busy: false, ready: Promise.resolve(null as never) };
    const onCrash = (event: Event) => {
      event.preventDefault();
      const message = (event as Partial<ErrorEvent>).message;
      const detail = message ? `: ${message}` : '';
      crash(
        new WorkerCrashError(
          `The compute worker stopped unexpectedly${detail}. It failed to load or crashed; a new one starts with the next run.`,
        ),
      );
      worker.terminate();
      this.#slots = this.#slots.filter((s) => s !== slot);
      this.#wakeOne();
    };
    worker.addEventListener('error', onCrash);
    worker.addEventListener('messageerror', onCrash);
    const init = { ...this.#options.init, preference: this.#preference };
    slot.ready = api.init(
      init,
      proxy((info: BackendInfo) => this.#options.onBackendChange?.(info)),
    );
    slot.ready.then((info) => this.#options.onWorkerReady?.(info)).catch(() => {});
    this.#slots.push(slot);
    return slot;
  }

  async #acquire(): Promise<Slot> {
    for (;;) {
      const idle = this.#slots.find((s) => !s.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.#slots.length < this.#options.size) {
        const slot = this.#spawn();
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  #release(slot: Slot): void {
    slot.busy = false;
    this.#wakeOne();
  }

  #wakeOne(): void {
    this.#waiting.shift()?.();
  }
}
