import type { ReductionProgress } from '../../engine/reduction/run';
import { parseReductionSettings, type ReductionSettings } from '../../engine/reduction/settings';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import { LabState } from '$lib/runtime/lab-state.svelte';

/** State of the /reduction lab: the run lifecycle plus the stage the worker is at. */
export class ReductionLab extends LabState<'reduction', ReductionSettings> {
  stage = $state<string | null>(null);
  /** The chosen CSV file: its name and text (kept on the page, never in the URL). */
  csv = $state.raw<{ name: string; text: string } | null>(null);

  constructor(compute: ComputeService, settings: ReductionSettings) {
    super(compute, 'reduction', parseReductionSettings, settings);
  }

  protected files(): Record<string, string> | undefined {
    return this.csv ? { csv: this.csv.text } : undefined;
  }

  protected reset(): void {
    this.stage = null;
  }

  protected onProgress(event: ReductionProgress): void {
    this.stage = event.stage;
  }
}
