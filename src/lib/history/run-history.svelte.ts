import { HistoryStore, HistoryWriteError, type NewRun, type RunSummary } from './store';
import { idbStore } from './idb';

/**
 * The app's experiment history (IndexedDB), and what the user must hear about it: a run that
 * could not be saved. One instance for the app; LabState saves every finished run through it.
 */
class RunHistory {
  /** Why the last run was not saved, shown on the lab page until dismissed or the next save. */
  unsaved = $state<string | null>(null);
  #store: HistoryStore | null = null;

  get store(): HistoryStore {
    this.#store ??= new HistoryStore(idbStore());
    return this.#store;
  }

  async save(run: NewRun): Promise<RunSummary | null> {
    try {
      const summary = await this.store.save(run);
      this.unsaved = null;
      return summary;
    } catch (error) {
      this.unsaved =
        error instanceof HistoryWriteError
          ? error.message
          : `This run was not saved: ${error instanceof Error ? error.message : String(error)}`;
      return null;
    }
  }
}

export const runHistory = new RunHistory();
