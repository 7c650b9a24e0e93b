import { replaceState } from '$app/navigation';
import { page } from '$app/state';
import {
  HistoryStore,
  HistoryWriteError,
  type NewRun,
  type RunRecord,
  type RunSummary,
} from './store';
import { idbStore } from './idb';
import type { RunStatus } from '../runtime/lab-state.svelte';

/** What a lab page's state shows of its run: the fields a stored run sets. */
export interface StoredRunView {
  status: RunStatus;
  error: string | null;
  storedAt: number | null;
}

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

  /**
   * Keeps a run that has just finished: the finish time is now; the seed is the settings' seed;
   * the backend is the result's own word for it where it has one, else `backend`.
   */
  keep(run: {
    lab: string;
    settings: Record<string, unknown>;
    result: unknown;
    started: number;
    backend: string;
    view?: unknown;
  }): void {
    const finished = Date.now();
    const fromResult = (run.result as { backend?: unknown }).backend;
    void this.save({
      ...run,
      seed: typeof run.settings.seed === 'number' ? run.settings.seed : null,
      backend: typeof fromResult === 'string' ? fromResult : run.backend,
      finished,
      seconds: (finished - run.started) / 1000,
    });
  }

  /**
   * The stored run of `lab` that the URL's `run` parameter names: null when it names none,
   * else a promise of the record that rejects with a message for the page when it is gone.
   */
  open(url: URL, lab: string): Promise<RunRecord> | null {
    const id = url.searchParams.get('run');
    if (id === null) return null;
    // Through a promise, so a store that cannot even open (no IndexedDB) rejects too.
    return Promise.resolve(id)
      .then((key) => this.store.get(key))
      .then(
        (record) => {
          if (record === null || record.lab !== lab)
            throw new Error(`No stored ${lab} run ${id}: it may have been deleted.`);
          return record;
        },
        (error: unknown) => {
          throw new Error(
            `The stored run could not be read: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        },
      );
  }

  /**
   * Shows on `view` the stored run of `lab` that the URL's `run` parameter names, without running
   * it: status 'running' while it is read, then `apply(record)`, its finish time and 'done' (or
   * 'error' with the message). Dropped when `wanted()` turns false (a run started since). False
   * when the URL names no run (the page then runs).
   */
  show(
    view: StoredRunView,
    url: URL,
    lab: string,
    wanted: () => boolean,
    apply: (record: RunRecord) => void,
  ): boolean {
    const stored = this.open(url, lab);
    if (stored === null) return false;
    view.status = 'running';
    stored.then(
      (record) => {
        if (!wanted()) return;
        apply(record);
        view.storedAt = record.finished;
        view.status = 'done';
      },
      (error: Error) => {
        if (!wanted()) return;
        view.status = 'error';
        view.error = error.message;
      },
    );
    return true;
  }

  /**
   * Takes `run` out of the address when a new run replaces the stored one on screen, so a reload
   * runs the settings instead of reopening the old run.
   */
  forget(): void {
    if (typeof location === 'undefined' || !new URLSearchParams(location.search).has('run')) return;
    const url = new URL(location.href);
    url.searchParams.delete('run');
    // The page's own address with one parameter less; no route to resolve.
    // eslint-disable-next-line svelte/no-navigation-without-resolve
    replaceState(url, page.state);
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
