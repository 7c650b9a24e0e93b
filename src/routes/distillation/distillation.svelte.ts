import type {
  DarkKnowledge,
  DistillationPhase,
  DistillationProgress,
  DistillationResult,
} from '../../engine/distillation/run';
import {
  parseDistillationSettings,
  type DistillationSettings,
} from '../../engine/distillation/settings';
import type { EpochMetrics } from '../../engine/models/fit';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import { LabState } from '$lib/runtime/lab-state.svelte';

const noHistory = (): Record<DistillationPhase, EpochMetrics[]> => ({
  teacher: [],
  scratch: [],
  distilled: [],
});

/** State of the /distillation lab: the run lifecycle plus each model's curve and the dark knowledge. */
export class DistillationLab extends LabState<'distillation', DistillationSettings> {
  phase = $state<DistillationPhase | null>(null);
  teacherCached = $state(false);
  history = $state.raw(noHistory());
  batch = $state.raw<{ epoch: number; batch: number; batches: number } | null>(null);
  data = $state.raw<Extract<DistillationProgress, { type: 'data' }> | null>(null);
  darkKnowledge = $state.raw<DarkKnowledge | null>(null);

  constructor(compute: ComputeService, settings: DistillationSettings) {
    super(compute, 'distillation', parseDistillationSettings, settings);
  }

  protected reset(): void {
    this.phase = null;
    this.teacherCached = false;
    this.history = noHistory();
    this.batch = null;
  }

  /** The data summary comes only as progress: kept with the run. */
  protected view(): DistillationLab['data'] {
    return this.data;
  }

  protected restore(result: DistillationResult, view: unknown): void {
    this.teacherCached = result.teacher.cached;
    this.history = {
      teacher: result.teacher.history,
      scratch: result.scratch.history,
      distilled: result.distilled.history,
    };
    this.darkKnowledge = result.darkKnowledge;
    this.data = (view as DistillationLab['data']) ?? null;
  }

  protected onProgress(event: DistillationProgress): void {
    switch (event.type) {
      case 'data':
        this.data = event;
        break;
      case 'phase':
        this.phase = event.phase;
        this.batch = null;
        if (event.phase === 'teacher') this.teacherCached = event.cached;
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
      case 'dark-knowledge':
        this.darkKnowledge = event.darkKnowledge;
        break;
    }
  }
}
