import { loadMnistSplit, splitRows } from '../data/mnist';
import type { Subset } from '../data/types';
import type { KeyValueCache, LabContext } from '../lab';
import { createRng, permutation } from '../rng';
import { validOrThrow } from '../settings/schema';
import { trainParameterServer } from './async';
import { Cluster } from './cluster';
import { evaluate, initParameters, parameterCount, type ByteRows } from './mlp';
import type { DistributedProgress } from './progress';
import { trainPipeline } from './pipeline';
import {
  networkSizes,
  parseDistributedSettings,
  plannedStrategies,
  type DistributedSettings,
  type Strategy,
} from './settings';
import { trainSynchronous } from './sync';
import type { ReplicaContext, StrategyRun, StrategySetup } from './types';

export interface DistributedResult {
  settings: DistributedSettings;
  runs: StrategyRun[];
  /** Parameters of the network trained (of the first strategy's, when all three run). */
  parameters: number;
  /** Logical cores the environment reports (navigator.hardwareConcurrency, os.availableParallelism). */
  cores: number | null;
  seconds: number;
}

/** Pixels back to the bytes they came from (MNIST's values are k / 255), labels to bytes. */
export const toByteRows = (subset: Subset, features: number): ByteRows => ({
  x: Uint8Array.from(subset.x, (v) => Math.round(v * 255)),
  y: Uint8Array.from(subset.y),
  features,
});

/** A key-value store in memory, where checkpoints go when there is no IndexedDB (Node). */
export function memoryCache(): KeyValueCache {
  const map = new Map<string, unknown>();
  return { get: async (key) => map.get(key), set: async (key, value) => void map.set(key, value) };
}

/** Global batch `step`: the next B rows of a stream of seeded permutations of the rows. */
function batchStream(rows: number, batch: number, seed: number): (step: number) => Int32Array {
  const rng = createRng(seed);
  const epochs: Int32Array[] = [];
  return (step) => {
    const out = new Int32Array(batch);
    for (let i = 0; i < batch; i++) {
      const n = step * batch + i;
      const epoch = Math.floor(n / rows);
      while (epochs.length <= epoch) epochs.push(permutation(rows, rng));
      out[i] = epochs[epoch][n % rows];
    }
    return out;
  };
}

/**
 * The /distributed lab: one ReLU MLP (784 → hidden → 10, flat parameters) trained on MNIST by
 * real worker threads with each strategy in turn, from the same initial parameters on the same
 * batches: One device, Mirrored (ring all-reduce), Parameter server (asynchronous). Reports every
 * step, every worker's time line and every failure; returns the final held-out loss of each.
 */
export async function runDistributed(
  config: Record<string, unknown>,
  context: LabContext<DistributedProgress>,
): Promise<DistributedResult> {
  const settings = validOrThrow(parseDistributedSettings(config));
  const replicas = context.replicas;
  if (!replicas)
    throw new Error(
      'the /distributed lab needs worker threads, which this environment does not offer',
    );
  const started = performance.now();
  const { signal, onProgress } = context;
  const report = async (event: DistributedProgress) => void (await onProgress?.(event));
  const rng = createRng(settings.seed);
  const { mnist, split } = await loadMnistSplit(context.data, settings.samples, rng, signal);
  const rows = splitRows(mnist, split);
  const train = toByteRows(rows.train, mnist.features);
  const test = toByteRows(rows.test, mnist.features);
  const sizesOf = (strategy: Strategy) =>
    networkSizes(settings, strategy, mnist.features, mnist.classes.length);
  const initial = initParameters(sizesOf('one-device'), createRng(rng.seed()));
  const batchRows = batchStream(rows.train.rows, settings.globalBatch, rng.seed());
  const faultSeed = rng.seed();
  const deepSeed = rng.seed();
  const planned = plannedStrategies(settings);
  await report({
    type: 'data',
    rows: { train: rows.train.rows, test: rows.test.rows },
    parameters: parameterCount(sizesOf(planned[0])),
    strategies: planned,
  });
  const runs: StrategyRun[] = [];
  for (const strategy of planned) {
    const workers = strategy === 'one-device' ? 1 : settings.workers;
    const deep = strategy === 'model-parallel';
    const setup: StrategySetup = {
      ...settings,
      sizes: sizesOf(strategy),
      train,
      test,
      initial: deep ? initParameters(sizesOf(strategy), createRng(deepSeed)) : initial,
      workers,
      batchRows,
      seed: faultSeed,
      checkpoints: context.cache ?? memoryCache(),
      signal,
    };
    await report({ type: 'strategy', strategy, workers });
    const run = await trainStrategy(strategy, setup, replicas, report);
    runs.push(run);
    const { parameters: _, ...summary } = run;
    await report({ type: 'finished', run: summary });
  }
  return {
    settings,
    runs,
    parameters: parameterCount(sizesOf(planned[0])),
    cores: replicas.cores ?? null,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Trains one strategy on its own workers, closed afterwards whatever happens. */
async function trainStrategy(
  strategy: Strategy,
  setup: StrategySetup,
  replicas: ReplicaContext,
  report: (event: DistributedProgress) => Promise<void>,
): Promise<StrategyRun> {
  const cluster = new Cluster(replicas.spawn, replicas.timeoutMs ?? 60_000, setup.signal);
  const bindKill = (kill: (() => string | null) | null) => replicas.faults?.bind(kill);
  try {
    const trained =
      strategy === 'model-parallel'
        ? {
            ...(await trainPipeline(cluster, setup, report)),
            failures: [],
            staleness: [],
            replicasAgree: null,
          }
        : strategy === 'parameter-server'
          ? {
              ...(await trainParameterServer(cluster, setup, report, bindKill)),
              replicasAgree: null,
            }
          : {
              ...(await trainSynchronous(cluster, setup, setup.workers, report, bindKill)),
              staleness: [],
            };
    const seconds = trained.steps.at(-1)?.seconds ?? trained.book.now();
    return {
      strategy,
      workers: setup.workers,
      steps: trained.steps,
      timelines: trained.book.lines(),
      failures: trained.failures,
      staleness: trained.staleness,
      final: evaluate(trained.params, setup.sizes, setup.test),
      samplesPerSecond: (setup.steps * setup.globalBatch) / Math.max(seconds, 1e-9),
      bytesPerStep:
        trained.steps.reduce((sum, s) => sum + s.bytes, 0) / Math.max(1, trained.steps.length),
      seconds,
      replicasAgree: trained.replicasAgree,
      parameters: trained.params,
    };
  } finally {
    cluster.close();
  }
}
