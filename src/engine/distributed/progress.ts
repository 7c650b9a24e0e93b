import type { Interval } from './protocol';
import type { Strategy } from './settings';
import type { FailureEvent, StepRecord, StrategyRun } from './types';

/** What the /distributed lab reports while it runs, so the charts fill in step by step. */
export type DistributedProgress =
  | {
      type: 'data';
      rows: { train: number; test: number };
      parameters: number;
      strategies: Strategy[];
    }
  | { type: 'strategy'; strategy: Strategy; workers: number }
  /** A step done, with the time line intervals the workers reported since the last one. */
  | {
      type: 'step';
      strategy: Strategy;
      record: StepRecord;
      intervals: { worker: number; interval: Interval }[];
    }
  | { type: 'failure'; strategy: Strategy; event: FailureEvent }
  | { type: 'finished'; run: Omit<StrategyRun, 'parameters'> };
