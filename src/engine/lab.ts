import type { DatasetLoader } from './data/load';

/**
 * What every lab's `run(config, context)` receives besides its config: a progress callback, a
 * signal that cancels the run at its next yield, and the dataset loader of its environment
 * (fetch in a worker, the disk in Node).
 */
export interface LabContext<Progress> {
  /**
   * Hears progress. A lab awaits what it returns (a worker returns the round trip to the page),
   * so the page has every progress event before the result.
   */
  onProgress?: (event: Progress) => void | Promise<void>;
  signal?: AbortSignal;
  data: DatasetLoader;
}

/** A lab's single entry point: validated config in, plain-data result out. */
export type LabRun<Progress, Result> = (
  config: Record<string, unknown>,
  context: LabContext<Progress>,
) => Promise<Result>;
