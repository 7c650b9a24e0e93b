import type { AugmentOptions } from './augment';

/** What every map worker gets once: the stored records of the run's rows and how to augment. */
export interface MapSetup {
  /** Stored pixel bytes of the rows: [rows * 784], as MNIST ships them. */
  records: Uint8Array;
  /** Class of each row: [rows]. */
  labels: Uint8Array;
  /** Stored byte * scale = pixel value (1 / 255). */
  scale: number;
  augment: AugmentOptions;
  seed: number;
}

/** One shard of one batch for one map worker: decode and augment `elements`, in order. */
export interface ShardTask {
  batch: number;
  shard: number;
  epoch: number;
  /** Rows (indices into the records) of this shard, in the batch's order: [n]. */
  elements: Int32Array;
  /** Decoded pixels from the cache, [n * 784]: the worker skips decoding. */
  decoded?: Float32Array;
  /** Send the decoded pixels back too, for the cache to keep. */
  returnDecoded: boolean;
  /** Never answer (the lab's simulated stuck worker). */
  stall?: boolean;
}

/** Clock readings of a shard in the worker, in ms since the epoch (performance.timeOrigin + now). */
export interface ShardTimes {
  start: number;
  /** When decoding ended (equals `start` when the cache supplied decoded pixels). */
  decoded: number;
  end: number;
}

export interface ShardOutput {
  /** Augmented pixels: [n * 784]. */
  x: Float32Array;
  /** Classes: [n]. */
  y: Int32Array;
  /** Decoded pixels before augmentation, when asked for: [n * 784]. */
  decoded?: Float32Array;
  times: ShardTimes;
}

/** What a map worker exposes (through comlink in a web worker or a Node worker thread). */
export interface MapWorkerApi {
  init(setup: MapSetup): void | Promise<void>;
  map(task: ShardTask): ShardOutput | Promise<ShardOutput>;
}

/** A started map worker, as the engine sees it. */
export interface MapWorkerHandle {
  init(setup: MapSetup): Promise<void>;
  map(task: ShardTask): Promise<ShardOutput>;
  /** Stops the worker at once, whatever it is doing. */
  terminate(): void;
}

/** Starts a map worker: a web worker in the browser, a worker thread in Node. */
export type MapWorkerFactory = () => MapWorkerHandle | Promise<MapWorkerHandle>;

/** One batch of the stream: its epoch (1-based) and rows, in order. */
export interface PlannedBatch {
  epoch: number;
  elements: Int32Array;
}

/** Where the producer spent time on one shard; ms since the variant started. */
export interface ProducerEvent {
  /** Map worker (0-based), or -1 for a batch read from the cache on the consumer's thread. */
  lane: number;
  batch: number;
  shard: number;
  epoch: number;
  elements: number;
  /** Sent to the worker. */
  queued: number;
  start: number;
  /** End of decoding (= start when decoding was skipped). */
  decoded: number;
  end: number;
  /** Back on the consumer's thread. */
  received: number;
  /** The cache supplied what the skipped stages would have made. */
  cacheHit: 'none' | 'decode' | 'augment';
}

/** One training step: asked for its batch at `requested`, waited until `start`, trained to `end`. */
export interface ConsumerEvent {
  batch: number;
  epoch: number;
  rows: number;
  requested: number;
  start: number;
  end: number;
  loss: number;
}

export interface Timeline {
  /** Map workers this variant used. */
  workers: number;
  producer: ProducerEvent[];
  consumer: ConsumerEvent[];
  /** From the first request to the last step's end, ms. */
  duration: number;
}

/** A batch put together from its shards: x [rows * 784], y [rows]. */
export interface AssembledBatch {
  index: number;
  epoch: number;
  rows: number;
  x: Float32Array;
  y: Int32Array;
}
