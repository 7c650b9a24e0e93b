import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import { narrativeFor } from './narratives';
import { nextStep, presentStep, type Narrative, type StepAction } from './steps';

/**
 * Classroom mode of the lab on screen: its narrative and, while presenting, the step shown. The
 * step lives in the address as `present=k` (1-based), so a bookmark or a reload comes back to it;
 * the router's `page.url` misses replaceState, so the step is held here too.
 */
export class Classroom {
  narrative = $state.raw<Narrative | null>(null);
  /** Index of the step shown; null when not presenting. */
  step = $state<number | null>(null);

  get presenting(): boolean {
    return this.narrative !== null && this.step !== null;
  }

  /** Reads the lab (its route from `labs.ts`, null off the labs) and the step of a new page. */
  load(route: string | null, url: URL): void {
    this.narrative = route === null ? null : narrativeFor(route);
    this.step =
      this.narrative && presentStep(url.searchParams.get('present'), this.narrative.steps.length);
  }

  /** Starts presenting at the first step. */
  enter(): void {
    if (this.narrative) this.#show(0);
  }

  /** Moves through the narrative while presenting. */
  go(action: StepAction): void {
    if (this.narrative && this.step !== null)
      this.#show(nextStep(this.step, action, this.narrative.steps.length));
  }

  /** Leaves presenter view and takes `present` out of the address. */
  exit(): void {
    this.#show(null);
  }

  #show(step: number | null): void {
    if (step === this.step) return;
    this.step = step;
    // A throwaway copy of the address to edit, not state.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const url = new URL(location.href);
    if (step === null) url.searchParams.delete('present');
    else url.searchParams.set('present', String(step + 1));
    // The same page's own address with one parameter changed; no route to resolve.
    // eslint-disable-next-line svelte/no-navigation-without-resolve
    replaceState(url, page.state);
  }
}
