import type { ConcentrationRow } from '../../engine/dimensionality/concentration';
import type { EmptySpaceRow } from '../../engine/dimensionality/empty-space';
import type { HughesRow } from '../../engine/dimensionality/hughes';
import type { DimensionalityProgress, DimensionalityResult } from '../../engine/dimensionality/run';
import {
  parseDimensionalitySettings,
  type DimensionalitySettings,
} from '../../engine/dimensionality/settings';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import { LabState } from '$lib/runtime/lab-state.svelte';

/** State of the /dimensionality lab: the rows of each section as the worker reports them. */
export class DimensionalityLab extends LabState<'dimensionality', DimensionalitySettings> {
  concentration = $state.raw<(ConcentrationRow & { theory: number | null })[]>([]);
  emptySpace = $state.raw<EmptySpaceRow[]>([]);
  hughes = $state.raw<HughesRow[]>([]);
  hughesRepeats = $state(0);

  constructor(compute: ComputeService, settings: DimensionalitySettings) {
    super(compute, 'dimensionality', parseDimensionalitySettings, settings);
  }

  protected reset(): void {
    this.concentration = [];
    this.emptySpace = [];
    this.hughes = [];
    this.hughesRepeats = 0;
  }

  protected restore(result: DimensionalityResult): void {
    this.concentration = result.concentration;
    this.emptySpace = result.emptySpace;
    this.hughes = result.hughes;
    this.hughesRepeats = result.settings.repeats;
  }

  protected onProgress(event: DimensionalityProgress): void {
    if (event.type === 'concentration') this.concentration = [...this.concentration, event.row];
    else if (event.type === 'empty-space') this.emptySpace = [...this.emptySpace, event.row];
    else {
      this.hughes = event.rows;
      this.hughesRepeats = event.repeatsDone;
    }
  }
}
