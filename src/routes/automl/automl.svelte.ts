import type { AutomlProgress } from '../../engine/automl/run';
import { parseAutomlSettings, type AutomlSettings } from '../../engine/automl/settings';
import type { Trial } from '../../engine/tuning/search';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import { LabState } from '$lib/runtime/lab-state.svelte';

/** State of the /automl lab: the run lifecycle, the stage, the live trials, the chosen CSV. */
export class AutomlLab extends LabState<'automl', AutomlSettings> {
  stage = $state<string | null>(null);
  trials = $state.raw<Trial[]>([]);
  /** The chosen CSV file: its name and text (kept on the page, never in the URL). */
  csv = $state.raw<{ name: string; text: string } | null>(null);

  constructor(compute: ComputeService, settings: AutomlSettings) {
    super(compute, 'automl', parseAutomlSettings, settings);
  }

  protected files(): Record<string, string> | undefined {
    return this.csv ? { csv: this.csv.text } : undefined;
  }

  protected reset(): void {
    this.stage = null;
    this.trials = [];
  }

  protected onProgress(event: AutomlProgress): void {
    if (event.type === 'stage') this.stage = event.stage;
    else this.trials = event.trials;
  }
}
