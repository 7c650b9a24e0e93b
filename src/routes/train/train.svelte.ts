import type { EpochMetrics } from '../../engine/models/fit';
import type { ScatterPoints, TrainProgress, TrainResult } from '../../engine/train/run';
import { parseTrainSettings, type TrainSettings } from '../../engine/train/settings';
import type { Surface } from '../../engine/train/surface';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import { LabState } from '$lib/runtime/lab-state.svelte';
import type { UserFiles } from '../../engine/lab';

interface TrainView {
  surface: Surface | null;
  points: ScatterPoints | null;
  data: Extract<TrainProgress, { type: 'data' }> | null;
}

/** State of the /train lab: the shared run lifecycle plus curves, surface and scatter. */
export class TrainLab extends LabState<'train', TrainSettings> {
  history = $state.raw<EpochMetrics[]>([]);
  surface = $state.raw<Surface | null>(null);
  points = $state.raw<ScatterPoints | null>(null);
  data = $state.raw<Extract<TrainProgress, { type: 'data' }> | null>(null);
  batch = $state.raw<{ epoch: number; batch: number; batches: number } | null>(null);

  /** The run on screen evaluates a saved model instead of training one. */
  evaluatingSaved = $state(false);
  /** A saved model for the next run to evaluate instead of training (read by `files`). */
  #saved: UserFiles | undefined;

  constructor(compute: ComputeService, settings: TrainSettings) {
    super(compute, 'train', parseTrainSettings, settings);
  }

  protected files(): UserFiles | undefined {
    return this.#saved;
  }

  /**
   * Evaluates a saved model (model.json's text under MODEL_JSON_FILE, its joined weights under
   * MODEL_WEIGHTS_FILE) on this page's data and test rows, as a run kept in the history.
   */
  evaluateSaved(files: UserFiles): void {
    this.#saved = files;
    try {
      this.run();
      this.evaluatingSaved = true;
    } finally {
      this.#saved = undefined;
    }
  }

  protected reset(): void {
    this.evaluatingSaved = false;
    this.history = [];
    this.surface = null;
    this.batch = null;
  }

  /** The surface, scatter and data summary come only as progress: kept with the run. */
  protected view(): TrainView {
    return { surface: this.surface, points: this.points, data: this.data };
  }

  protected restore(result: TrainResult, view: unknown): void {
    const kept = (view ?? {}) as Partial<TrainView>;
    this.history = result.history;
    this.surface = kept.surface ?? null;
    this.points = kept.points ?? null;
    this.data = kept.data ?? null;
  }

  protected onProgress(event: TrainProgress): void {
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
