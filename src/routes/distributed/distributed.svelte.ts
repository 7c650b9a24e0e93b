import { abortError, isAbort } from '../../engine/abort';
import { DatasetLoader } from '../../engine/data/load';
import type { DistributedProgress } from '../../engine/distributed/progress';
import type { Interval } from '../../engine/distributed/protocol';
import { runDistributed, type DistributedResult } from '../../engine/distributed/run';
import {
  parseDistributedSettings,
  type DistributedSettings,
  type Strategy,
} from '../../engine/distributed/settings';
import { FaultSwitch, type FailureEvent, type StepRecord } from '../../engine/distributed/types';
import type { RunStatus } from '$lib/runtime/lab-state.svelte';
import { runHistory } from '$lib/history/run-history.svelte';
import { dataUrl } from '$lib/runtime/worker-init';
import { runsOnScreen } from '$lib/classroom/runs-on-screen.svelte';
import { browserReplicas } from '../../workers/browser-replicas';
import { fetchSource, idbCache } from '../../workers/sources';

/** What one strategy has shown so far: steps, each worker's intervals, failures. */
export interface StrategyView {
  strategy: Strategy;
  workers: number;
  steps: StepRecord[];
  timelines: Record<number, Interval[]>;
  /** When each lost worker died (s since the strategy began). */
  lost: Record<number, number>;
  failures: FailureEvent[];
}

/**
 * State of the /distributed lab. Unlike the other labs it runs its engine on the page's thread:
 * the engine here only coordinates (it hands out batches and, as parameter server, adds
 * gradients), and it must start its own Web Workers and kill one on demand. The heavy work,
 * every gradient and the ring all-reduce, happens in those workers. The latest run wins.
 */
export class DistributedLab {
  settings = $state() as DistributedSettings;
  status = $state<RunStatus>('idle');
  error = $state<string | null>(null);
  result = $state.raw<DistributedResult | null>(null);
  ranWith = $state.raw<DistributedSettings | null>(null);
  planned = $state.raw<Strategy[]>([]);
  parameters = $state(0);
  views = $state.raw<StrategyView[]>([]);
  /** When the run on screen was taken from the history instead of run now: its finish time. */
  storedAt = $state<number | null>(null);
  /** What the last "Kill worker" did. */
  killed = $state<string | null>(null);
  #controller: AbortController | null = null;
  #faults: FaultSwitch | null = null;
  /** Views updated since the last redraw; steps arrive faster than the page needs to redraw. */
  #pending: StrategyView[] | null = null;
  #flush: ReturnType<typeof setTimeout> | null = null;

  constructor(settings: DistributedSettings) {
    this.settings = settings;
  }

  /** Problems with the settings as they are now, shown beside the form. */
  get problems(): string[] {
    const { issues } = parseDistributedSettings(
      $state.snapshot(this.settings) as Record<string, unknown>,
    );
    return issues.map((issue) => issue.message);
  }

  get stale(): boolean {
    return this.ranWith !== null && JSON.stringify(this.ranWith) !== JSON.stringify(this.settings);
  }

  run(): void {
    this.#controller?.abort(abortError());
    const { value: settings, issues } = parseDistributedSettings(
      $state.snapshot(this.settings) as Record<string, unknown>,
    );
    if (issues.length > 0) {
      this.status = 'error';
      this.error = issues.map((issue) => issue.message).join('; ');
      return;
    }
    const controller = new AbortController();
    const faults = new FaultSwitch();
    this.#controller = controller;
    this.#faults = faults;
    this.status = 'running';
    this.error = null;
    this.result = null;
    this.killed = null;
    this.ranWith = settings;
    this.storedAt = null;
    runHistory.forget();
    runsOnScreen.show('distributed', settings);
    this.#pending = null;
    this.views = [];
    const current = () => this.#controller === controller;
    const started = Date.now();
    runDistributed(settings, {
      data: new DatasetLoader(fetchSource(dataUrl())),
      cache: idbCache,
      signal: controller.signal,
      replicas: browserReplicas({ faults }),
      onProgress: (event) => {
        if (current()) this.#apply(event);
      },
    }).then(
      (result) => {
        if (!current()) return;
        this.result = result;
        this.status = 'done';
        // The timelines and steps come only as progress: kept with the run as its view.
        runHistory.keep({
          lab: 'distributed',
          settings,
          result,
          started,
          backend: 'web workers',
          view: this.views,
        });
      },
      (error: unknown) => {
        if (!current()) return;
        this.status = isAbort(error) ? 'cancelled' : 'error';
        this.error = isAbort(error) ? null : error instanceof Error ? error.message : String(error);
      },
    );
  }

  stop(): void {
    this.#controller?.abort(abortError());
  }

  /**
   * Shows the stored run that the URL's `run` parameter names, without running it; false when the
   * URL names none (the page then runs).
   */
  openStored(url: URL): boolean {
    const controller = new AbortController();
    this.#controller = controller;
    return runHistory.show(
      this,
      url,
      'distributed',
      () => this.#controller === controller,
      (record) => {
        const result = record.result as DistributedResult;
        this.views = (record.view as StrategyView[] | undefined) ?? [];
        this.planned = this.views.map((view) => view.strategy);
        this.parameters = result.parameters;
        this.ranWith = record.settings as DistributedSettings;
        runsOnScreen.show('distributed', record.settings);
        this.result = result;
      },
    );
  }

  /** Terminates a random worker of the strategy running now. */
  kill(): void {
    this.killed =
      this.#faults?.kill() ??
      'none: one worker is left, or the strategy (model parallel) does not recover';
  }

  #apply(event: DistributedProgress): void {
    if (event.type === 'step') {
      // Steps pile up and redraw at most every 150 ms; anything else redraws at once.
      this.#pending ??= this.views;
      this.#pending = this.#withStep(this.#pending, event);
      this.#flush ??= setTimeout(() => this.#redraw(), 150);
      return;
    }
    this.#redraw();
    const last = this.views.at(-1);
    switch (event.type) {
      case 'data':
        this.planned = event.strategies;
        this.parameters = event.parameters;
        break;
      case 'strategy':
        this.views = [
          ...this.views,
          {
            strategy: event.strategy,
            workers: event.workers,
            steps: [],
            timelines: {},
            lost: {},
            failures: [],
          },
        ];
        break;
      case 'failure': {
        if (!last) return;
        const { event: failure } = event;
        const lost = { ...last.lost, [failure.worker]: failure.seconds };
        // Mirrored replays from the checkpoint: the steps after it are trained again.
        const restored = failure.restoredFrom;
        const steps = restored === null ? last.steps : last.steps.filter((s) => s.step <= restored);
        this.#replaceLast({ ...last, lost, steps, failures: [...last.failures, failure] });
        break;
      }
      case 'finished': {
        if (!last) return;
        const timelines = Object.fromEntries(
          event.run.timelines.map((line) => [line.worker, line.intervals]),
        );
        this.#replaceLast({ ...last, steps: event.run.steps, timelines });
        break;
      }
    }
  }

  /** The views with one more step of the strategy running now. */
  #withStep(
    views: StrategyView[],
    event: Extract<DistributedProgress, { type: 'step' }>,
  ): StrategyView[] {
    const last = views.at(-1);
    if (!last) return views;
    // A new object over the same (growing) arrays: views redraw without copying every interval.
    const timelines = { ...last.timelines };
    for (const { worker, interval } of event.intervals) (timelines[worker] ??= []).push(interval);
    return [...views.slice(0, -1), { ...last, steps: [...last.steps, event.record], timelines }];
  }

  /** Shows the steps that piled up. */
  #redraw(): void {
    if (this.#flush !== null) clearTimeout(this.#flush);
    this.#flush = null;
    if (this.#pending) this.views = this.#pending;
    this.#pending = null;
  }

  #replaceLast(view: StrategyView): void {
    this.views = [...this.views.slice(0, -1), view];
  }
}
