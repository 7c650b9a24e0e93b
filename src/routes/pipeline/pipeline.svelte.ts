import type { PipelineProgress, PipelineResult, VariantResult } from '../../engine/pipeline/run';
import {
  parsePipelineSettings,
  type PipelineLimits,
  type PipelineSettings,
  type PipelineVariantName,
} from '../../engine/pipeline/settings';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import { LabState } from '$lib/runtime/lab-state.svelte';

type SetupEvent = Extract<PipelineProgress, { type: 'setup' }>;

/** What this browser allows: its logical core count bounds the map workers. */
const browserLimits = (): PipelineLimits => ({
  hardwareConcurrency:
    typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || undefined : undefined,
});

const parse = (input: Record<string, unknown>) => parsePipelineSettings(input, browserLimits());

/**
 * State of the /pipeline lab: the run lifecycle, the workers started, the variant running and its
 * steps, and each finished variant's timeline as it arrives.
 */
export class PipelineLab extends LabState<'pipeline', PipelineSettings> {
  setup = $state.raw<SetupEvent | null>(null);
  current = $state.raw<{ name: PipelineVariantName; index: number; count: number } | null>(null);
  step = $state.raw<{ done: number; total: number } | null>(null);
  variants = $state.raw<VariantResult[]>([]);

  constructor(compute: ComputeService, settings: PipelineSettings) {
    super(compute, 'pipeline', parse, settings);
  }

  /** Problems with the settings as they are now, shown beside the form; the run waits for none. */
  get problems(): string[] {
    return parse($state.snapshot(this.settings) as Record<string, unknown>).issues.map(
      (issue) => issue.message,
    );
  }

  protected reset(): void {
    this.setup = null;
    this.current = null;
    this.step = null;
    this.variants = [];
  }

  /** The workers' setup comes only as progress: kept with the run. */
  protected view(): SetupEvent | null {
    return this.setup;
  }

  protected restore(result: PipelineResult, view: unknown): void {
    this.setup = (view as SetupEvent | null | undefined) ?? null;
    this.variants = result.variants;
  }

  protected onProgress(event: PipelineProgress): void {
    switch (event.type) {
      case 'setup':
        this.setup = event;
        break;
      case 'variant':
        this.current = { name: event.name, index: event.index, count: event.count };
        this.step = null;
        break;
      case 'step':
        this.step = { done: event.done, total: event.total };
        break;
      case 'variant-done':
        this.variants = [...this.variants, event.variant];
        break;
    }
  }
}
