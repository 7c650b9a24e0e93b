import { isAbort } from '../../engine/abort';
import {
  bestSoFar,
  epochReporter,
  searchAll,
  type StrategyRun,
  type TuningAnalysis,
} from '../../engine/tuning/results';
import type { Evaluate, Strategy, Suggest, Trial } from '../../engine/tuning/search';
import {
  buildSpace,
  parseTuningSettings,
  trialConfig,
  type TuningSettings,
} from '../../engine/tuning/settings';
import type { TuningResult } from '../../engine/tuning/run';
import type { Params, SearchSpace } from '../../engine/tuning/space';
import { runHistory } from '$lib/history/run-history.svelte';
import { runsOnScreen } from '$lib/classroom/runs-on-screen.svelte';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import type { RunStatus } from '$lib/runtime/lab-state.svelte';

/** What the history keeps of a /tuning run: what the page shows, as the CLI's TuningResult has it. */
type StoredTuning = Pick<TuningResult, 'space' | 'fixed' | 'runs' | 'analysis' | 'seconds'>;

/**
 * The /tuning lab's coordinator, on the page: it runs the engine's search loop (runSearch, the
 * same code as the CLI) and sends every trial to the worker pool as a /train job, so trials run
 * in parallel in separate workers; Bayesian optimization's GP and the final analysis run as
 * worker jobs too. The page thread only keeps the bookkeeping.
 */
export class TuningLab {
  settings = $state() as TuningSettings;
  status = $state<RunStatus>('idle');
  error = $state<string | null>(null);
  /** Every strategy's trials, updated live; the one running last. */
  runs = $state.raw<StrategyRun[]>([]);
  space = $state.raw<SearchSpace>([]);
  fixed = $state.raw<Params>({});
  analysis = $state.raw<TuningAnalysis | null>(null);
  ranWith = $state.raw<TuningSettings | null>(null);
  seconds = $state(0);
  /** When the run on screen was taken from the history instead of run now: its finish time. */
  storedAt = $state<number | null>(null);
  readonly #compute: ComputeService;
  #controller: AbortController | null = null;

  constructor(compute: ComputeService, settings: TuningSettings) {
    this.#compute = compute;
    this.settings = settings;
  }

  /** Problems that keep the run from starting, shown next to the controls. */
  get problems(): string[] {
    const { value, issues } = parseTuningSettings(
      $state.snapshot(this.settings) as Record<string, unknown>,
    );
    return [...issues.map((i) => i.message), ...buildSpace(value).problems];
  }

  /**
   * Shows the stored run that the URL's `run` parameter names, without running it; false when the
   * URL names none (the page then runs).
   */
  openStored(url: URL): boolean {
    return runHistory.show(
      this,
      url,
      'tuning',
      () => this.#controller === null,
      (record) => {
        const result = record.result as StoredTuning;
        this.ranWith = record.settings as TuningSettings;
        runsOnScreen.show('tuning', record.settings);
        this.space = result.space;
        this.fixed = result.fixed;
        this.runs = result.runs;
        this.analysis = result.analysis;
        this.seconds = result.seconds;
      },
    );
  }

  async run(): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const { value: settings, issues } = parseTuningSettings(
      $state.snapshot(this.settings) as Record<string, unknown>,
    );
    const { space, fixed, problems } = buildSpace(settings);
    const messages = [...issues.map((i) => i.message), ...problems];
    if (messages.length > 0) {
      this.status = 'error';
      this.error = messages.join('; ');
      return;
    }
    this.status = 'running';
    this.error = null;
    this.analysis = null;
    this.runs = [];
    this.space = space;
    this.fixed = fixed;
    this.ranWith = settings;
    runsOnScreen.show('tuning', settings);
    this.storedAt = null;
    runHistory.forget();
    const startedAt = Date.now();
    const started = performance.now();
    const compute = this.#compute;
    const evaluate: Evaluate = (params, epochs, report, signal) => {
      const epochsOf = epochReporter(report, settings.objective);
      const config = trialConfig(settings, { ...fixed, ...params }, epochs);
      const job = compute.run('train', config, epochsOf.progress);
      signal.addEventListener('abort', () => job.cancel());
      return job.result.then(epochsOf.finish);
    };
    const suggest: Suggest = (s, observations, seed, pending) =>
      compute.run('tuning-suggest', { space: s, observations, seed, pending }, () => {}).result;
    // Each strategy's latest snapshot, in the order the strategies ran.
    const byStrategy: Partial<Record<Strategy, StrategyRun>> = {};
    const show = (strategy: Strategy, trials: Trial[]) => {
      if (this.#controller !== controller) return;
      byStrategy[strategy] = { strategy, trials, bestSoFar: bestSoFar(trials, settings.maxEpochs) };
      this.runs = settings.strategies.flatMap((s) => byStrategy[s] ?? []);
      this.seconds = (performance.now() - started) / 1000;
    };
    try {
      const runs = await searchAll(
        settings,
        space,
        evaluate,
        {
          signal: controller.signal,
          onProgress: (event) => show(event.strategy, event.trials),
        },
        suggest,
      );
      if (this.#controller !== controller) return;
      this.runs = runs;
      const analysis = await compute.run(
        'tuning-analysis',
        {
          space,
          trials: runs.flatMap((r) => r.trials),
          maxEpochs: settings.maxEpochs,
          seed: settings.seed,
        },
        () => {},
      ).result;
      if (this.#controller !== controller) return;
      this.analysis = analysis;
      this.seconds = (performance.now() - started) / 1000;
      this.status = 'done';
      const result: StoredTuning = { space, fixed, runs, analysis, seconds: this.seconds };
      runHistory.keep({
        lab: 'tuning',
        settings,
        result,
        started: startedAt,
        backend: compute.info?.backend ?? 'unknown',
      });
    } catch (error) {
      if (this.#controller !== controller) return;
      this.status = isAbort(error) ? 'cancelled' : 'error';
      this.error = isAbort(error) ? null : error instanceof Error ? error.message : String(error);
    }
  }

  stop(): void {
    this.#controller?.abort();
  }
}
