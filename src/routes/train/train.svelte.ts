import { isAbort } from '../../engine/abort';
import type { EpochMetrics } from '../../engine/models/fit';
import type { ScatterPoints, TrainProgress, TrainResult } from '../../engine/train/run';
import { parseTrainSettings, type TrainSettings } from '../../engine/train/settings';
import type { Surface } from '../../engine/train/surface';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import type { Job } from '../../workers/pool';

type Status = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/**
 * State of the /train lab: settings (bound to controls and the URL), the running job, and what
 * the worker reported. Results are `$state.raw`: replaced whole, never deeply proxied.
 * The latest request wins: starting a run cancels the one before.
 */
export class TrainLab {
  settings = $state<TrainSettings>() as TrainSettings;
  status = $state<Status>('idle');
  error = $state<string | null>(null);
  /** How the run deviates from the chosen backend, from the worker. */
  notice = $state<string | null>(null);
  history = $state.raw<EpochMetrics[]>([]);
  surface = $state.raw<Surface | null>(null);
  points = $state.raw<ScatterPoints | null>(null);
  data = $state.raw<Extract<TrainProgress, { type: 'data' }> | null>(null);
  batch = $state.raw<{ epoch: number; batch: number; batches: number } | null>(null);
  result = $state.raw<TrainResult | null>(null);
  /** Settings of the run on screen, to flag edits made since. */
  ranWith = $state.raw<TrainSettings | null>(null);
  readonly #compute: ComputeService;
  #job: Job<TrainResult> | null = null;

  constructor(compute: ComputeService, settings: TrainSettings) {
    this.#compute = compute;
    this.settings = settings;
  }

  get stale(): boolean {
    return this.ranWith !== null && JSON.stringify(this.ranWith) !== JSON.stringify(this.settings);
  }

  train(): void {
    this.#job?.cancel();
    const { value: settings, issues } = parseTrainSettings($state.snapshot(this.settings));
    if (issues.length > 0) {
      this.status = 'error';
      this.error = issues.map((issue) => issue.message).join('; ');
      return;
    }
    this.status = 'running';
    this.error = null;
    this.notice = null;
    this.history = [];
    this.surface = null;
    this.result = null;
    this.batch = null;
    this.ranWith = settings;
    const job = this.#compute.run(
      'train',
      settings,
      (event) => {
        if (this.#job === job) this.#onProgress(event);
      },
      (message) => {
        if (this.#job === job) this.notice = message;
      },
    );
    this.#job = job;
    job.result.then(
      (result) => {
        if (this.#job !== job) return;
        this.result = result;
        this.status = 'done';
      },
      (error: unknown) => {
        if (this.#job !== job) return;
        this.status = isAbort(error) ? 'cancelled' : 'error';
        this.error = isAbort(error) ? null : error instanceof Error ? error.message : String(error);
      },
    );
  }

  stop(): void {
    this.#job?.cancel();
  }

  #onProgress(event: TrainProgress): void {
    if (event.type === 'data') {
      this.data = event;
      this.points = event.points;
    } else if (event.type === 'batch') {
      this.batch = event;
    } else {
      if (event.metrics.length > 0) this.history = [...this.history, ...event.metrics];
      if (event.surface) this.surface = event.surface;
    }
  }
}
