import type { EpochMetrics } from '../../engine/models/fit';
import type {
  QuantizationProgress,
  QuantizationResult,
  VariantReport,
} from '../../engine/quantization/run';
import {
  parseQuantizationSettings,
  type QuantizationSettings,
} from '../../engine/quantization/settings';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import { LabState } from '$lib/runtime/lab-state.svelte';

/** State of the /quantization lab: the run lifecycle, each phase's curve and the variants so far. */
export class QuantizationLab extends LabState<'quantization', QuantizationSettings> {
  /** 'float', 'calibration', 'post-training' or `qat-${bits}`. */
  phase = $state<string | null>(null);
  /** Validation curves by phase ('float', 'qat-8', ...). */
  history = $state.raw<Record<string, EpochMetrics[]>>({});
  batch = $state.raw<{ epoch: number; batch: number; batches: number } | null>(null);
  data = $state.raw<Extract<QuantizationProgress, { type: 'data' }> | null>(null);
  variants = $state.raw<VariantReport[]>([]);

  constructor(compute: ComputeService, settings: QuantizationSettings) {
    super(compute, 'quantization', parseQuantizationSettings, settings);
  }

  protected reset(): void {
    this.phase = null;
    this.history = {};
    this.batch = null;
    this.variants = [];
  }

  /** The data summary comes only as progress: kept with the run. */
  protected view(): QuantizationLab['data'] {
    return this.data;
  }

  protected restore(result: QuantizationResult, view: unknown): void {
    this.history = Object.fromEntries([
      ['float', result.history.float],
      ...result.history.qat.map(({ bits, metrics }) => [`qat-${bits}`, metrics]),
    ]);
    this.variants = result.variants;
    this.data = (view as QuantizationLab['data']) ?? null;
  }

  protected onProgress(event: QuantizationProgress): void {
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
          [event.phase]: [...(this.history[event.phase] ?? []), ...event.metrics],
        };
        break;
      case 'variant':
        this.variants = [...this.variants, event.variant];
        break;
    }
  }
}
