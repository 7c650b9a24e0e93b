import type { BatchStats, ByteRows } from './mlp';
import type { RingStep } from './ring';

/** What a worker was doing over one stretch of time (epoch ms). */
export type IntervalKind = 'compute' | 'communicate' | 'wait' | 'idle';

export interface Interval {
  kind: IntervalKind;
  start: number;
  end: number;
}

/**
 * The port a replica talks through: `self` in a Web Worker, `parentPort` in a Node worker thread,
 * or one end of a MessageChannel (both are web MessagePorts in Node 20 and in browsers).
 */
export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** Messages from the coordinator to a replica. */
export type ToReplica =
  | { type: 'init'; rank: number; sizes: number[]; data: ByteRows }
  /** (Re)builds the ring: ports to the next and from the previous replica; null for one replica. */
  | {
      type: 'ring';
      generation: number;
      rank: number;
      size: number;
      next: Endpoint | null;
      prev: Endpoint | null;
    }
  | { type: 'params'; params: Float32Array }
  /** One synchronous step: gradient of the shard scaled by 1 / B, all-reduce, SGD. */
  | {
      type: 'sync-step';
      generation: number;
      step: number;
      rows: Int32Array;
      scale: number;
      learningRate: number;
      /** Send the parameters back after the update (a checkpoint). */
      checkpoint: boolean;
    }
  /** Model parallel: this worker is stage `index` of `count`, holding layers `sizes`. */
  | {
      type: 'stage';
      index: number;
      count: number;
      sizes: number[];
      params: Float32Array;
      /** The port to the previous stage (activations in, gradients out); null for the first. */
      up: Endpoint | null;
      /** The port to the next stage (activations out, gradients in); null for the last. */
      down: Endpoint | null;
    }
  /** One GPipe step: every micro-batch forward, then backward in reverse order, then SGD. */
  | {
      type: 'pipeline-step';
      step: number;
      rows: Int32Array;
      microBatches: number;
      scale: number;
      learningRate: number;
      /** Send this stage's parameters back after the update. */
      sendParams: boolean;
    }
  /** One asynchronous task: the gradient of the shard at the server's parameters `version`. */
  | {
      type: 'gradient';
      version: number;
      params: Float32Array;
      rows: Int32Array;
      scale: number;
      /** The server's clock when it sent the task: the pull lasts from then to its arrival. */
      sentAt: number;
    };

/** Messages from a replica to the coordinator. */
export type FromReplica =
  | { type: 'ready'; rank: number }
  | {
      type: 'sync-done';
      rank: number;
      generation: number;
      step: number;
      stats: BatchStats;
      intervals: Interval[];
      ring: RingStep[];
      bytesSent: number;
      /** Σ θ after the update, to show every replica holds the same parameters. */
      checksum: number;
      params: Float32Array | null;
    }
  | {
      type: 'gradient';
      rank: number;
      version: number;
      grad: Float32Array;
      stats: BatchStats;
      intervals: Interval[];
      /** The worker's clock when it pushed the gradient. */
      sentAt: number;
    }
  | {
      type: 'pipeline-done';
      rank: number;
      step: number;
      /** The last stage's loss over the batch; zero rows elsewhere. */
      stats: BatchStats;
      intervals: Interval[];
      bytesSent: number;
      params: Float32Array | null;
    }
  | { type: 'failed'; rank: number; message: string };
