import type { NasCandidate, NasProgress, NasResult, NasRun } from '../../engine/nas/run';
import type { StrategyComparison } from '../../engine/nas/search-loop';
import { parseNasSettings, type NasSettings } from '../../engine/nas/settings';
import type { NasStrategyName } from '../../engine/nas/strategies';
import type { ComputeService } from '$lib/runtime/compute.svelte';
import { LabState } from '$lib/runtime/lab-state.svelte';

type EpochEvent = Extract<NasProgress, { type: 'epoch' }>;
type CandidateEvent = Extract<NasProgress, { type: 'candidate' }>;

/** A candidate the user picked (a table row, a point) to see its architecture drawn. */
export interface PickedCandidate {
  strategy: NasStrategyName;
  candidate: NasCandidate;
}

/**
 * State of the /nas lab: the run lifecycle plus what arrives while it runs (every strategy's
 * candidates and states as they are evaluated, the epoch being trained in live mode, the
 * comparison over repeats in tabular mode), and the candidate picked to be drawn.
 */
export class NasLab extends LabState<'nas', NasSettings> {
  /** Counts runs started, so views that hold a choice about the last run can start afresh. */
  started = $state(0);
  spaceSize = $state<number | null>(null);
  /** The strategies of the run on screen, in the order they search. */
  strategies = $state.raw<NasStrategyName[]>([]);
  /** Each strategy's detailed run so far (replaced by the result's runs at the end). */
  streamed = $state.raw<NasRun[]>([]);
  /** Live mode: the epoch last trained. */
  epoch = $state.raw<EpochEvent | null>(null);
  comparison = $state.raw<StrategyComparison[] | null>(null);
  picked = $state.raw<PickedCandidate | null>(null);
  /** Candidate events not drawn yet: they come in bursts, and are drawn once per frame. */
  #pending: CandidateEvent[] = [];
  #frame: ReturnType<typeof setTimeout> | null = null;

  constructor(compute: ComputeService, settings: NasSettings) {
    super(compute, 'nas', parseNasSettings, settings);
  }

  /** Problems with the settings as they are now, shown beside the form; the run waits for none. */
  get problems(): string[] {
    const { issues } = parseNasSettings($state.snapshot(this.settings) as Record<string, unknown>);
    return issues.map((issue) => issue.message);
  }

  /**
   * Every strategy's detailed run: the result's once it has come (live mode fills in the true
   * scores of some cheaply estimated candidates at the end), the streamed ones before.
   */
  get runs(): NasRun[] {
    return this.result?.runs ?? this.streamed;
  }

  pick(strategy: NasStrategyName, candidate: NasCandidate): void {
    this.picked = { strategy, candidate };
  }

  protected reset(): void {
    this.started++;
    this.spaceSize = null;
    this.strategies = [];
    this.streamed = [];
    this.epoch = null;
    this.comparison = null;
    this.picked = null;
    this.#pending = [];
    if (this.#frame !== null) clearTimeout(this.#frame);
    this.#frame = null;
  }

  protected restore(result: NasResult): void {
    this.spaceSize = result.spaceSize;
    this.strategies = result.runs.map((run) => run.strategy);
    this.streamed = result.runs;
    this.comparison = result.comparison;
  }

  protected onProgress(event: NasProgress): void {
    switch (event.type) {
      case 'start':
        this.spaceSize = event.spaceSize;
        this.strategies = event.strategies;
        this.streamed = event.strategies.map((strategy) => ({
          strategy,
          candidates: [],
          states: [],
        }));
        break;
      case 'candidate':
        this.#pending.push(event);
        this.#frame ??= setTimeout(() => this.#flush(), 50);
        break;
      case 'epoch':
        this.epoch = event;
        break;
      case 'comparison':
        this.#flush();
        this.comparison = event.comparison;
        break;
    }
  }

  /** Appends the pending candidates to their strategies' runs, in one update. */
  #flush(): void {
    if (this.#frame !== null) clearTimeout(this.#frame);
    this.#frame = null;
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    this.streamed = this.streamed.map((run) => {
      const mine = pending.filter((e) => e.strategy === run.strategy);
      if (mine.length === 0) return run;
      return {
        ...run,
        candidates: [...run.candidates, ...mine.map((e) => e.candidate)],
        states: [...run.states, ...mine.map((e) => e.state)],
      };
    });
  }
}
