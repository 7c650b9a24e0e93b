import type { DatasetLoader } from './data/load';
import type { ResidentMatrix } from '../kernels/matmul/resident';
import type { DistillationLoss } from './distillation/loss';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Csr } from './pruning/csr';
import type { FakeQuantOp } from '../kernels/fake-quant/fake-quant-op';
import type { ReplicaContext } from './distributed/types';
import type { MapWorkerFactory } from './pipeline/types';

/**
 * What every lab's `run(config, context)` receives besides its config: a progress callback, a
 * signal that cancels the run at its next yield, and the dataset loader of its environment
 * (fetch in a worker, the disk in Node).
 */
export interface LabContext<Progress> {
  /**
   * Hears progress. A lab awaits what it returns (a worker returns the round trip to the page),
   * so the page has every progress event before the result.
   */
  onProgress?: (event: Progress) => void | Promise<void>;
  signal?: AbortSignal;
  data: DatasetLoader;
  /** Files the user chose, by name, which never go into the URL: a CSV to reduce, a saved model. */
  files?: UserFiles;
  /** Keeps results between runs (IndexedDB in a worker), e.g. a trained teacher's weights. */
  cache?: KeyValueCache;
  /** Our GPU kernels as tfjs ops, where tfjs runs on the device they run on. */
  ops?: GpuOps;
  /** Worker threads a lab starts itself (/distributed): Web Workers or Node worker threads. */
  replicas?: ReplicaContext;
  /** Starts an input pipeline's map worker (a nested web worker, or a Node worker thread). */
  mapWorkers?: MapWorkerFactory;
  /** Logical cores the environment reports (navigator.hardwareConcurrency). */
  hardwareConcurrency?: number;
}

/** The user's files by name: text (a CSV, a model.json) or bytes (a model's weights). */
export type UserFiles = Record<string, string | Uint8Array>;

/** A text file among the user's files, or undefined; throws when the file is bytes. */
export function textFile(files: UserFiles | undefined, name: string): string | undefined {
  const file = files?.[name];
  if (file !== undefined && typeof file !== 'string') throw new Error(`'${name}' must be text`);
  return file;
}

export interface KeyValueCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** Engine operations that have a WGSL implementation; the engine falls back to tfjs ops. */
export interface GpuOps {
  distillationLoss?: DistillationLoss;
  /** Squared distances between all rows of x [n, dim]: [n, n] (the distances kernel). */
  squaredDistances?: (x: Float32Array, n: number, dim: number) => Promise<Float32Array>;
  /** A [rows, cols] kept on the GPU for repeated products by thin matrices (our matmul kernel). */
  residentMatrix?: (a: Float32Array, rows: number, cols: number) => ResidentMatrix;
  /** Exact int8 x int8 -> int32 product of A [m, k] and B [k, n] (the int8 matmul kernel). */
  int8Matmul?: (a: Int8Array, b: Int8Array, m: number, k: number, n: number) => Promise<Int32Array>;
  /** W <- W * mask in place for a pruned kernel (the mask kernel). */
  applyMask?: (weights: Variable, mask: Tensor) => void;
  /** Y = X W with W as the CSR of W^T (the sparse matmul kernel): [batch, units]. */
  csrMatmul?: (x: Float32Array, batch: number, wT: Csr) => Promise<Float32Array>;
  /** Fake quantization of activations for quantization-aware training (the fake-quant kernel). */
  fakeQuant?: FakeQuantOp;
}

/** A lab's single entry point: validated config in, plain-data result out. */
export type LabRun<Progress, Result> = (
  config: Record<string, unknown>,
  context: LabContext<Progress>,
) => Promise<Result>;
