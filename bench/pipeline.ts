import os from 'node:os';
import type { DatasetLoader } from '../src/engine/data/load';
import { runPipeline, type PipelineResult } from '../src/engine/pipeline/run';
import { pipelineVariants, type PipelineVariantName } from '../src/engine/pipeline/settings';
import type { MapWorkerFactory } from '../src/engine/pipeline/types';
import { nodeMapWorkers } from '../src/workers/node-map-workers';
import { printTable } from './timing';

export interface PipelineBenchRow {
  variant: PipelineVariantName;
  degree: number;
  prefetch: number;
  /** Median over seeds. */
  samplesPerSecond: number;
  speedup: number;
  idleShare: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * How many cores this process really gets now: one map worker maps a batch of 64 alone, then two
 * map the same batch side by side; 2 x alone / side by side is 2 on two free cores and 1 when
 * other processes leave the equivalent of one (median of 5).
 */
async function effectiveCores(mapWorkers: MapWorkerFactory): Promise<number> {
  const workers = [await mapWorkers(), await mapWorkers()];
  try {
    const records = Uint8Array.from({ length: 64 * 784 }, (_, i) => (i * 131) % 256);
    const setup = {
      records,
      labels: new Uint8Array(64),
      scale: 1 / 255,
      augment: { rotation: 12, shift: 2, elasticSigma: 4, elasticAlpha: 34, noise: 0.05 },
      seed: 1,
    };
    await Promise.all(workers.map((w) => w.init(setup)));
    const task = {
      batch: 0,
      shard: 0,
      epoch: 1,
      elements: Int32Array.from({ length: 64 }, (_, i) => i),
      returnDecoded: false,
    };
    const ratios: number[] = [];
    for (let i = 0; i < 6; i++) {
      let t = performance.now();
      await workers[0].map(task);
      const alone = performance.now() - t;
      t = performance.now();
      await Promise.all(workers.map((w) => w.map(task)));
      if (i > 0) ratios.push((2 * alone) / (performance.now() - t));
    }
    return median(ratios);
  } finally {
    workers.forEach((w) => w.terminate());
  }
}

/**
 * The /pipeline lab's five pipelines in Node (worker threads for the map workers, tfjs on the
 * active backend for the training step), as the CLI runs them. First the consumer's hidden width
 * is chosen so that one worker's map time per batch and the training step's time are balanced
 * (measured by short naive runs), then every pipeline runs once per seed; medians are reported.
 * Target: parallel map + prefetch at least 1.8x naive at balanced costs.
 */
export async function benchPipeline(loader: DatasetLoader, seeds: number[]) {
  const mapWorkers = await nodeMapWorkers();
  const cores = os.availableParallelism();
  const context = { data: loader, mapWorkers, hardwareConcurrency: cores };
  const degree = Math.min(2, cores);
  const load = () => os.loadavg()[0].toFixed(2);
  const available = await effectiveCores(mapWorkers);
  console.log(
    `\nPipeline: ${cores} logical cores; 1-minute load average ${load()}; two map workers side by side run ${available.toFixed(2)}x as fast as one (the cores this process gets now)`,
  );

  const calibration: { hidden: number; mapMs: number; stepMs: number }[] = [];
  for (const hidden of [32, 64, 128, 256, 512]) {
    const r = await runPipeline(
      { variants: ['naive'], samples: 512, hidden: [hidden], seed: 1 },
      context,
    );
    const { producerMsPerBatch, consumerMsPerBatch } = r.variants[0].summary;
    calibration.push({ hidden, mapMs: producerMsPerBatch, stepMs: consumerMsPerBatch });
  }
  const balanced = calibration.reduce((best, c) =>
    Math.abs(Math.log(c.mapMs / c.stepMs)) < Math.abs(Math.log(best.mapMs / best.stepMs))
      ? c
      : best,
  );
  printTable(
    'Pipeline costs per batch of 64 in the naive pipeline (one map worker): choosing the balanced width',
    ['hidden units', 'map ms', 'step ms', 'map / step'],
    calibration.map((c) => [
      c.hidden,
      c.mapMs.toFixed(1),
      c.stepMs.toFixed(1),
      (c.mapMs / c.stepMs).toFixed(2),
    ]),
  );

  const runs: PipelineResult[] = [];
  for (const seed of seeds)
    runs.push(await runPipeline({ hidden: [balanced.hidden], degree, seed }, context));
  const rows: PipelineBenchRow[] = pipelineVariants.map((variant) => {
    const of = runs.map((r) => r.variants.find((v) => v.name === variant)!);
    return {
      variant,
      degree: of[0].plan.degree,
      prefetch: of[0].plan.prefetch,
      samplesPerSecond: median(of.map((v) => v.summary.throughput)),
      speedup: median(runs.map((r) => r.speedups[variant] ?? 0)),
      idleShare: median(of.map((v) => v.summary.idleShare)),
    };
  });
  const naive = runs.map((r) => r.variants[0].summary);
  printTable(
    `Pipeline throughput, MNIST 1,024 rows x 2 epochs, batch 64, MLP 784-${balanced.hidden}-10 on ${runs[0].backend}; median of seeds ${seeds.join(', ')}; map ${median(naive.map((s) => s.producerMsPerBatch)).toFixed(1)} ms vs step ${median(naive.map((s) => s.consumerMsPerBatch)).toFixed(1)} ms per batch in naive`,
    ['pipeline', 'workers', 'prefetch', 'samples/s', 'vs naive', 'training idle'],
    rows.map((r) => [
      r.variant,
      r.degree,
      r.prefetch || '-',
      r.samplesPerSecond.toFixed(0),
      `${r.speedup.toFixed(2)}x`,
      `${(100 * r.idleShare).toFixed(0)}%`,
    ]),
  );
  const both = rows.find((r) => r.variant === 'parallel-prefetch')!;
  const after = load();
  console.log(
    `\nParallel map (${degree}) + prefetch over naive at balanced costs: ${both.speedup.toFixed(2)}x (target: at least 1.8x) on ${cores} logical cores, of which this process got about ${available.toFixed(2)} at the start; 1-minute load average ${after} after (other processes share these cores).`,
  );
  return {
    cores,
    cpu: os.cpus()[0]?.model,
    loadAverage: after,
    effectiveCores: available,
    backend: runs[0].backend,
    balancedHidden: balanced.hidden,
    calibration,
    rows,
    target: { speedup: both.speedup, met: both.speedup >= 1.8 },
  };
}
