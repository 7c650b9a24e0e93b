import type { UserFiles } from '../../engine/lab';
import { isAbort } from '../../engine/abort';
import type { Parsed } from '../../engine/settings/schema';
import { runHistory } from '../history/run-history.svelte';
import { runsOnScreen } from '../classroom/runs-on-screen.svelte';
import type { Job } from '../../workers/pool';
import type { LabName, LabTypes } from '../../workers/protocol';
import type { ComputeService } from './compute.svelte';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/**
 * What every lab page holds: its settings (bound to the controls and the URL), the running job
 * and its result. The latest request wins: `run` cancels the job before it, and events of a
 * superseded job are dropped. Subclasses keep the views' data (`$state.raw`, replaced whole) and
 * say how progress events update them.
 */
export abstract class LabState<L extends LabName, Settings extends Record<string, unknown>> {
  settings = $state() as Settings;
  status = $state<RunStatus>('idle');
  error = $state<string | null>(null);
  /** How the run deviates from the chosen backend, from the worker. */
  notice = $state<string | null>(null);
  result = $state.raw<LabTypes[L]['result'] | null>(null);
  /** Settings of the run on screen, to flag edits made since. */
  ranWith = $state.raw<Settings | null>(null);
  /** When the run on screen was taken from the history instead of run now: its finish time. */
  storedAt = $state<number | null>(null);
  readonly #compute: ComputeService;
  readonly #lab: L;
  readonly #parse: (input: Record<string, unknown>) => Parsed<Settings>;
  #job: Job<LabTypes[L]['result']> | null = null;

  constructor(
    compute: ComputeService,
    lab: L,
    parse: (input: Record<string, unknown>) => Parsed<Settings>,
    settings: Settings,
  ) {
    this.#compute = compute;
    this.#lab = lab;
    this.#parse = parse;
    this.settings = settings;
  }

  get stale(): boolean {
    return this.ranWith !== null && JSON.stringify(this.ranWith) !== JSON.stringify(this.settings);
  }

  /** Clears what the views show of the previous run. */
  protected abstract reset(): void;

  /** The user's files this run needs (never part of the settings or the URL). */
  protected files(): UserFiles | undefined {
    return undefined;
  }

  /** What the views show that the result does not hold, kept with the run in the history. */
  protected view(): unknown {
    return undefined;
  }

  /** Fills the views from a stored run's result (and `view()`), as its progress events did. */
  protected restore(_result: LabTypes[L]['result'], _view: unknown): void {}

  /**
   * Shows the stored run that the URL's `run` parameter names, without running it; false when the
   * URL names none (the page then runs). The settings come from the same URL.
   */
  openStored(url: URL): boolean {
    return runHistory.show(
      this,
      url,
      this.#lab,
      () => this.#job === null,
      (record) => {
        this.reset();
        this.ranWith = record.settings as Settings;
        runsOnScreen.show(this.#lab, record.settings);
        this.restore(record.result as LabTypes[L]['result'], record.view);
        this.result = record.result as LabTypes[L]['result'];
      },
    );
  }

  /** Applies one progress event of the current run. */
  protected abstract onProgress(event: LabTypes[L]['progress']): void;

  run(): void {
    this.#job?.cancel();
    const { value: settings, issues } = this.#parse(
      $state.snapshot(this.settings) as Record<string, unknown>,
    );
    if (issues.length > 0) {
      this.status = 'error';
      this.error = issues.map((issue) => issue.message).join('; ');
      return;
    }
    this.status = 'running';
    this.error = null;
    this.notice = null;
    this.result = null;
    this.ranWith = settings;
    runsOnScreen.show(this.#lab, settings);
    this.storedAt = null;
    runHistory.forget();
    this.reset();
    const started = Date.now();
    const job = this.#compute.run(
      this.#lab,
      settings,
      (event) => {
        if (this.#job === job) this.onProgress(event);
      },
      (message) => {
        if (this.#job === job) this.notice = message;
      },
      this.files(),
    );
    this.#job = job;
    job.result.then(
      (result) => {
        if (this.#job !== job) return;
        this.result = result;
        this.status = 'done';
        runHistory.keep({
          lab: this.#lab,
          settings,
          result,
          started,
          backend: this.#compute.info?.backend ?? 'unknown',
          view: this.view(),
        });
      },
      (error: unknown) => {
        if (this.#job !== job) return;
        this.status = isAbort(error) ? 'cancelled' : 'error';
        this.error = isAbort(error) ? null : error instanceof Error ? error.message : String(error);
      },
    );
  }

  stop(): void {
    this.#job?.cancel();
  }
}
