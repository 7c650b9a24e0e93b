import type { EpochMetrics } from '../../engine/models/fit';
import type { PruneEvent } from '../../engine/pruning/masking';
import type {
  MaskSnapshot,
  PruningProgress,
  PruningResult,
  SweepPoint,
} from '../../engine/pruning/types';
import { parsePruningSettings, type PruningSettings } from '../../engine/pruning/settings';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import { LabState } from '$lib/runtime/lab-state.svelte';

export type PruningPhase = Extract<PruningProgress, { type: 'phase' }>['phase'];
export type SparseEpoch = EpochMetrics & { sparsity: number };
type DataEvent = Extract<PruningProgress, { type: 'data' }>;
type BatchEvent = Extract<PruningProgress, { type: 'batch' }>;

const noHistory = (): Record<'dense' | 'pruning', SparseEpoch[]> => ({ dense: [], pruning: [] });

/**
 * State of the /pruning lab: the run lifecycle plus everything that arrives while it runs (epochs
 * of the dense and the pruned model, each pruning step's event and mask snapshot, the sweep's
 * points), so the views fill in before the result.
 */
export class PruningLab extends LabState<'pruning', PruningSettings> {
  /** Counts runs started, so views that hold a choice about the last run can start afresh. */
  runs = $state(0);
  phase = $state<PruningPhase | null>(null);
  data = $state.raw<DataEvent | null>(null);
  batch = $state.raw<BatchEvent | null>(null);
  history = $state.raw(noHistory());
  events = $state.raw<PruneEvent[]>([]);
  snapshots = $state.raw<MaskSnapshot[]>([]);
  sweep = $state.raw<SweepPoint[]>([]);

  constructor(compute: ComputeService, settings: PruningSettings) {
    super(compute, 'pruning', parsePruningSettings, settings);
  }

  /** Problems with the settings as they are now, shown beside the form; the run waits for none. */
  get problems(): string[] {
    const { issues } = parsePruningSettings(
      $state.snapshot(this.settings) as Record<string, unknown>,
    );
    return issues.map((issue) => issue.message);
  }

  protected reset(): void {
    this.runs++;
    this.phase = null;
    this.data = null;
    this.batch = null;
    this.history = noHistory();
    this.events = [];
    this.snapshots = [];
    this.sweep = [];
  }

  /** The data summary comes only as progress: kept with the run. */
  protected view(): DataEvent | null {
    return this.data;
  }

  protected restore(result: PruningResult, view: unknown): void {
    this.data = (view as DataEvent | null) ?? null;
    this.history = {
      dense: result.dense.history.map((m) => ({ ...m, sparsity: 0 })),
      pruning: result.pruned.history,
    };
    this.events = result.events;
    this.snapshots = result.snapshots;
    this.sweep = result.sweep;
  }

  protected onProgress(event: PruningProgress): void {
    switch (event.type) {
      case 'data':
        this.data = event;
        break;
      case 'phase':
        this.phase = event.phase;
        this.batch = null;
        break;
      case 'batch':
        this.batch = event;
        break;
      case 'epochs':
        this.history = {
          ...this.history,
          [event.phase]: [...this.history[event.phase], ...event.metrics],
        };
        break;
      case 'prune':
        this.events = [...this.events, event.event];
        if (event.snapshot) this.snapshots = [...this.snapshots, event.snapshot];
        break;
      case 'sweep':
        this.sweep = [...this.sweep, event.point];
        break;
    }
  }
}
