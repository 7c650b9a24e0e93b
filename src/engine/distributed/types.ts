import type { KeyValueCache } from '../lab';
import type { WorkerSpawner } from './cluster';
import type { ByteRows } from './mlp';
import type { Interval } from './protocol';
import { chunkBounds } from './ring';
import type { Strategy } from './settings';

/** One global batch done: its mean training loss, when (s since the strategy began) and bytes. */
export interface StepRecord {
  step: number;
  loss: number;
  seconds: number;
  /** Bytes the workers sent to each other (or to and from the server) for this step. */
  bytes: number;
  /** Parameter server: mean staleness of the step's updates. */
  staleness?: number;
}

/** A worker's time line, seconds since the strategy began; `lostAt` when it died. */
export interface WorkerTimeline {
  worker: number;
  intervals: Interval[];
  lostAt: number | null;
}

/** What a failure cost: the worker, when, and the work lost and done again. */
export interface FailureEvent {
  worker: number;
  /** The step (Mirrored) or server version (Parameter server) at the failure. */
  at: number;
  seconds: number;
  reason: string;
  workersAfter: number;
  /** Mirrored: the checkpoint's step restored, and how many steps were trained again. */
  restoredFrom: number | null;
  replayedSteps: number;
  /** Parameter server: rows of the gradient that never arrived. */
  lostRows: number;
}

export interface StrategyRun {
  strategy: Strategy;
  workers: number;
  steps: StepRecord[];
  timelines: WorkerTimeline[];
  failures: FailureEvent[];
  /** Parameter server: server version minus the gradient's version, per update. */
  staleness: number[];
  /** Mean loss and accuracy on the held-out rows with the final parameters. */
  final: { loss: number; accuracy: number };
  samplesPerSecond: number;
  /** Mean bytes communicated per step, all workers together. */
  bytesPerStep: number;
  seconds: number;
  /** Mirrored: whether every replica held the same parameters (checksums) after every step. */
  replicasAgree: boolean | null;
  parameters: Float32Array;
}

/** Lets the page kill a worker of the running strategy (the "Kill worker" button). */
export class FaultSwitch {
  #kill: (() => string | null) | null = null;
  /** Kills a random live worker of the running strategy; says which, or null if none can go. */
  kill(): string | null {
    return this.#kill?.() ?? null;
  }
  bind(kill: (() => string | null) | null): void {
    this.#kill = kill;
  }
}

/** What the lab needs of its environment to run workers. */
export interface ReplicaContext {
  spawn: WorkerSpawner;
  /** How long a worker may take to answer (default 60 s). */
  timeoutMs?: number;
  faults?: FaultSwitch;
  /** Logical cores of the machine, for the report. */
  cores?: number;
}

/** Everything a strategy trains with. */
export interface StrategySetup {
  sizes: number[];
  train: ByteRows;
  test: ByteRows;
  initial: Float32Array;
  workers: number;
  globalBatch: number;
  steps: number;
  learningRate: number;
  /** Rows of global batch `step` (the same for every strategy). */
  batchRows: (step: number) => Int32Array;
  failureRate: number;
  checkpointEvery: number;
  stalenessBound: number;
  /** Model parallel: micro-batches per global batch. */
  microBatches: number;
  seed: number;
  checkpoints: KeyValueCache;
  signal?: AbortSignal;
}

/** Splits rows into `parts` contiguous shards, the first rows.length mod parts one longer. */
export const shards = (rows: Int32Array, parts: number): Int32Array[] =>
  chunkBounds(rows.length, parts).map(([start, end]) => rows.slice(start, end));
