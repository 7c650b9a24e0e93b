import * as tf from '@tensorflow/tfjs-core';
import { throwIfAborted } from '../abort';
import type { LabContext } from '../lab';
import { buildModel } from '../models/build';
import { createOptimizer, trainStep } from '../models/fit';
import { createRng, permutation } from '../rng';
import { PIXELS } from './augment';
import { wallClock } from './map-stage';
import { batchFingerprint, epochLosses, summarizeTimeline, type TimelineSummary } from './metrics';
import { PipelineError, runSchedule, type PlannedBatch, type Timeline } from './schedule';
import {
  parsePipelineSettings,
  variantLabels,
  variantPlan,
  workersNeeded,
  type PipelineSettings,
  type PipelineVariantName,
  type VariantPlan,
} from './settings';
import type { MapSetup, MapWorkerHandle } from './types';

export interface VariantResult {
  name: PipelineVariantName;
  label: string;
  plan: VariantPlan;
  timeline: Timeline;
  summary: TimelineSummary;
  /** Mean training loss of each epoch. */
  epochLosses: number[];
  /** batchFingerprint of every batch the consumer trained on, in order. */
  fingerprints: number[];
}

export type PipelineProgress =
  | {
      type: 'setup';
      rows: number;
      batchesPerEpoch: number;
      workers: number;
      cores: number | null;
      workerStartMs: number;
    }
  | { type: 'variant'; name: PipelineVariantName; index: number; count: number }
  | { type: 'step'; name: PipelineVariantName; done: number; total: number }
  | { type: 'variant-done'; variant: VariantResult };

export interface PipelineResult {
  settings: PipelineSettings;
  backend: string;
  /** Logical cores the environment reports (navigator.hardwareConcurrency), if known. */
  cores: number | null;
  /** Map workers started, and the ms it took to start them and hand them the records. */
  workers: number;
  workerStartMs: number;
  variants: VariantResult[];
  /** Each variant's throughput over the naive pipeline's, when naive ran. */
  speedups: Partial<Record<PipelineVariantName, number>>;
  seconds: number;
}

const CLASSES = 10;

/** The batches of every epoch: a fresh seeded shuffle per epoch, cut into batches in order. */
export function planBatches(
  rows: number,
  batchSize: number,
  epochs: number,
  seed: number,
): PlannedBatch[] {
  const rng = createRng(seed);
  const plan: PlannedBatch[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = permutation(rows, rng);
    for (let start = 0; start < rows; start += batchSize)
      plan.push({ epoch, elements: order.slice(start, Math.min(start + batchSize, rows)) });
  }
  return plan;
}

/**
 * The /pipeline lab: MNIST's stored bytes streamed through decode -> augment -> batch by map
 * workers into a training loop (an MLP, one Adam step per batch), once per chosen pipeline
 * (naive, prefetch, parallel map, both, and cache + both), each from the same seed, so every
 * variant trains on the same batches. Records when every shard and step ran.
 */
export async function runPipeline(
  config: Record<string, unknown>,
  context: LabContext<PipelineProgress>,
): Promise<PipelineResult> {
  const cores = context.hardwareConcurrency ?? null;
  const { value: settings, issues } = parsePipelineSettings(config, {
    hardwareConcurrency: cores ?? undefined,
  });
  if (issues.length > 0)
    throw new Error(`Invalid settings: ${issues.map((i) => i.message).join('; ')}`);
  if (!context.mapWorkers)
    throw new Error('This environment cannot start map workers, which the pipeline lab needs.');
  const started = performance.now();
  const { signal, onProgress } = context;
  const rng = createRng(settings.seed);
  const mnist = await context.data.load('mnist', {
    samples: settings.samples,
    noise: 0,
    seed: rng.seed(),
  });
  throwIfAborted(signal);
  // The bytes as stored (pixel k / 255 was decoded from k: rounding recovers k exactly).
  const records = Uint8Array.from(mnist.x, (v) => Math.round(v * 255));
  const labels = Uint8Array.from(mnist.y);
  const setup: MapSetup = {
    records,
    labels,
    scale: 1 / 255,
    augment: {
      rotation: settings.rotation,
      shift: settings.shift,
      elasticSigma: settings.elasticSigma,
      elasticAlpha: settings.elasticAlpha,
      noise: settings.noise,
    },
    seed: rng.seed(),
  };
  const plan = planBatches(mnist.rows, settings.batchSize, settings.epochs, rng.seed());
  const modelSeed = rng.seed();
  const count = workersNeeded(settings);
  const workers: MapWorkerHandle[] = [];
  try {
    const startAt = performance.now();
    for (let w = 0; w < count; w++) workers.push(await context.mapWorkers());
    await Promise.all(workers.map((w) => w.init(setup)));
    const workerStartMs = performance.now() - startAt;
    await onProgress?.({
      type: 'setup',
      rows: mnist.rows,
      batchesPerEpoch: Math.ceil(mnist.rows / settings.batchSize),
      workers: count,
      cores,
      workerStartMs,
    });
    await warmUp(workers, plan[0], settings, modelSeed);
    const variants: VariantResult[] = [];
    for (const [index, name] of settings.variants.entries()) {
      throwIfAborted(signal);
      await onProgress?.({ type: 'variant', name, index, count: settings.variants.length });
      const variant = await runVariant(name, settings, plan, workers, modelSeed, context);
      variants.push(variant);
      await onProgress?.({ type: 'variant-done', variant: structuredClone(variant) });
    }
    const naive = variants.find((v) => v.name === 'naive');
    const speedups: PipelineResult['speedups'] = {};
    if (naive)
      for (const v of variants) speedups[v.name] = v.summary.throughput / naive.summary.throughput;
    return {
      settings,
      backend: tf.getBackend(),
      cores,
      workers: count,
      workerStartMs,
      variants,
      speedups,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const worker of workers) worker.terminate();
  }
}

/** The consumer's model and optimizer, the same for every variant (same seed). */
function consumerModel(settings: PipelineSettings, seed: number) {
  const model = buildModel({
    kind: 'mlp',
    inputs: PIXELS,
    hidden: settings.hidden,
    activation: 'relu',
    outputs: CLASSES,
    dropout: 0,
    seed,
  });
  const optimizer = createOptimizer('adam', settings.learningRate);
  return { model, optimizer, dispose: () => (model.dispose(), optimizer.dispose()) };
}

/** One training step on a batch; resolves once its loss is read back (the step has run). */
async function step(
  { model, optimizer }: ReturnType<typeof consumerModel>,
  x: Float32Array,
  y: Int32Array,
  rows: number,
): Promise<number> {
  const xs = tf.tensor2d(x, [rows, PIXELS]);
  const ys = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), CLASSES), 'float32'));
  const { loss, correct } = trainStep(model, optimizer, xs, ys, { task: 'classification', l2: 0 });
  const [value] = await loss.data();
  tf.dispose([xs, ys, loss, ...(correct ? [correct] : [])]);
  return value;
}

/** Untimed: each worker maps one shard and the consumer takes one step, so JIT and kernel setup stay out of the timelines. */
async function warmUp(
  workers: MapWorkerHandle[],
  first: PlannedBatch,
  settings: PipelineSettings,
  seed: number,
): Promise<void> {
  const outputs = await Promise.all(
    workers.map((w, i) =>
      w.map({ batch: -1, shard: i, epoch: 0, elements: first.elements, returnDecoded: false }),
    ),
  );
  const consumer = consumerModel(settings, seed);
  try {
    await step(consumer, outputs[0].x, outputs[0].y, outputs[0].y.length);
  } finally {
    consumer.dispose();
  }
}

async function runVariant(
  name: PipelineVariantName,
  settings: PipelineSettings,
  plan: PlannedBatch[],
  workers: MapWorkerHandle[],
  modelSeed: number,
  context: LabContext<PipelineProgress>,
): Promise<VariantResult> {
  const variantPlanned = variantPlan(name, settings);
  const consumer = consumerModel(settings, modelSeed);
  const fingerprints: number[] = [];
  let reported = 0;
  try {
    const timeline = await runSchedule(
      plan,
      workers.map((w) => (task) => w.map(task)),
      async (batch) => {
        fingerprints.push(batchFingerprint(batch.x, batch.y));
        return step(consumer, batch.x, batch.y, batch.rows);
      },
      {
        ...variantPlanned,
        timeoutMs: settings.timeoutMs,
        signal: context.signal,
        now: wallClock,
        stall: settings.stallWorker ? { worker: variantPlanned.degree - 1, batch: 2 } : null,
        onStep: (done, total) => {
          if (done < total && performance.now() - reported < 100) return;
          reported = performance.now();
          // Not awaited: a round trip to the page would show up as time between steps.
          void context.onProgress?.({ type: 'step', name, done, total });
        },
      },
    );
    return {
      name,
      label: variantLabels[name],
      plan: variantPlanned,
      timeline,
      summary: summarizeTimeline(timeline),
      epochLosses: epochLosses(timeline),
      fingerprints,
    };
  } catch (error) {
    if (error instanceof PipelineError)
      throw new PipelineError(
        `${error.message}. The ${variantLabels[name].toLowerCase()} pipeline stopped: its ${workers.length} map worker${workers.length > 1 ? 's were' : ' was'} terminated and no further batch was trained.`,
      );
    throw error;
  } finally {
    consumer.dispose();
  }
}
