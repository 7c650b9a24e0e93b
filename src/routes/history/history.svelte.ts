import { labSettings } from '../../engine/lab-settings';
import { downloadFile } from '$lib/download';
import { epochHistories, historiesCsv, keySettings } from '$lib/history/compare';
import { runHistory } from '$lib/history/run-history.svelte';
import { runFromJson, runToJson } from '$lib/history/run-file';
import type { RunRecord, RunSummary } from '$lib/history/store';

/** A lab's title by its name, or the name itself for a lab this app does not have. */
export const labTitle = (lab: string): string =>
  Object.hasOwn(labSettings, lab) ? labSettings[lab as keyof typeof labSettings].title : lab;

const when = (time: number) => new Date(time).toLocaleString();

/** A file name for a run: its lab and finish time, e.g. train-2026-11-30T13-05-22. */
const fileName = (run: RunSummary, extension: string) =>
  `${run.lab}-${new Date(run.finished).toISOString().slice(0, 19).replaceAll(':', '-')}.${extension}`;

/**
 * State of the /history page: the stored runs (summaries only), the search and lab filter, the
 * runs picked, the runs being compared (full records), and what the last action said.
 */
export class HistoryPage {
  runs = $state.raw<RunSummary[]>([]);
  loaded = $state(false);
  usage = $state.raw<{ bytes: number; quota: number | null; estimated: boolean } | null>(null);
  query = $state('');
  /** A lab's name, or '' for every lab. */
  lab = $state('');
  selected = $state.raw<string[]>([]);
  comparing = $state.raw<RunRecord[]>([]);
  error = $state<string | null>(null);

  /** The runs the search and the filter keep; the search reads lab, settings, backend and date. */
  get visible(): RunSummary[] {
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    return this.runs.filter((run) => {
      if (this.lab && run.lab !== this.lab) return false;
      const text = [
        run.lab,
        labTitle(run.lab),
        run.backend,
        when(run.finished),
        ...keySettings(run.lab, run.settings),
      ]
        .join(' ')
        .toLowerCase();
      return words.every((word) => text.includes(word));
    });
  }

  /** The labs that have stored runs, for the filter. */
  get labs(): string[] {
    return this.runs
      .map((run) => run.lab)
      .filter((lab, i, all) => all.indexOf(lab) === i)
      .sort();
  }

  /** Why the picked runs cannot be compared, or null when they can. */
  get cannotCompare(): string | null {
    const picked = this.runs.filter((run) => this.selected.includes(run.id));
    if (picked.length < 2) return 'Pick two or more runs to compare.';
    if (picked.some((run) => run.lab !== picked[0].lab))
      return 'Runs of different labs cannot be compared: pick runs of one lab.';
    return null;
  }

  toggle(id: string, on: boolean): void {
    this.selected = on ? [...this.selected, id] : this.selected.filter((s) => s !== id);
  }

  async refresh(): Promise<void> {
    try {
      const store = runHistory.store;
      this.runs = await store.list();
      this.selected = this.selected.filter((id) => this.runs.some((run) => run.id === id));
      this.usage = await store.usage(
        typeof navigator !== 'undefined' && navigator.storage?.estimate
          ? () => navigator.storage.estimate()
          : undefined,
      );
    } catch (error) {
      this.error = `The history could not be read: ${message(error)}`;
    }
    this.loaded = true;
  }

  async remove(ids: string[]): Promise<void> {
    try {
      for (const id of ids) await runHistory.store.delete(id);
      this.comparing = this.comparing.filter((record) => !ids.includes(record.id));
      this.error = null;
    } catch (error) {
      this.error = `Could not delete: ${message(error)}`;
    }
    await this.refresh();
  }

  /** Loads the picked runs in full, oldest first, for the comparison. */
  async compare(): Promise<void> {
    const ids = this.runs.filter((run) => this.selected.includes(run.id)).reverse();
    const records = await Promise.all(ids.map((run) => runHistory.store.get(run.id)));
    this.comparing = records.filter((record): record is RunRecord => record !== null);
  }

  async exportJson(run: RunSummary): Promise<void> {
    const record = await runHistory.store.get(run.id);
    if (record) downloadFile(fileName(run, 'json'), runToJson(record), 'application/json');
  }

  async exportCsv(run: RunSummary): Promise<void> {
    const record = await runHistory.store.get(run.id);
    const histories = record && epochHistories(run.lab, record.result);
    if (histories) downloadFile(fileName(run, 'csv'), historiesCsv(histories), 'text/csv');
  }

  /** Stores a run file; returns its summary, or null (with `error` set) when the file is not one. */
  async importFile(file: File): Promise<RunSummary | null> {
    try {
      const summary = await runHistory.store.save(runFromJson(await file.text()));
      this.error = null;
      await this.refresh();
      return summary;
    } catch (error) {
      this.error = `${file.name} was not imported. ${message(error)}`;
      return null;
    }
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
