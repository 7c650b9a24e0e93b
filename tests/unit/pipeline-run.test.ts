import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPipeline, type PipelineProgress } from '../../src/engine/pipeline/run';
import type { MapWorkerFactory } from '../../src/engine/pipeline/types';
import { nodeMapWorkers } from '../../src/workers/node-map-workers';
import { diskLoader } from './node-data-source';

let factory: MapWorkerFactory;
beforeAll(async () => {
  await tf.setBackend('cpu');
  factory = await nodeMapWorkers();
});

/** Counts the worker threads started and terminated. */
function counted() {
  const counts = { started: 0, terminated: 0 };
  const mapWorkers: MapWorkerFactory = async () => {
    const worker = await factory();
    counts.started++;
    return {
      ...worker,
      terminate: () => {
        counts.terminated++;
        worker.terminate();
      },
    };
  };
  return { counts, mapWorkers };
}

const small = { samples: 256, batchSize: 32, epochs: 2, hidden: [16], elasticSigma: 2 };

describe('pipeline run (real MNIST, Node worker threads, tfjs training)', () => {
  it('every variant trains on the same batches; the same seed gives the same run', async () => {
    const { counts, mapWorkers } = counted();
    const events: PipelineProgress[] = [];
    const context = {
      data: diskLoader(),
      mapWorkers,
      hardwareConcurrency: 2,
      onProgress: (e: PipelineProgress) => void events.push(e),
    };
    const tensors = tf.memory().numTensors;
    const result = await runPipeline(small, context);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(result.variants.map((v) => v.name)).toEqual([
      'naive',
      'prefetch',
      'parallel',
      'parallel-prefetch',
      'cached',
    ]);
    const naive = result.variants[0];
    expect(naive.fingerprints.length).toBe(16);
    for (const v of result.variants) {
      expect(v.fingerprints).toEqual(naive.fingerprints);
      expect(v.epochLosses).toEqual(naive.epochLosses);
      expect(v.timeline.consumer.length).toBe(16);
      expect(v.summary.throughput).toBeGreaterThan(0);
    }
    expect(new Set(result.variants[2].timeline.producer.map((p) => p.lane))).toEqual(
      new Set([0, 1]),
    );
    expect(result.speedups.naive).toBe(1);
    expect(counts).toEqual({ started: 2, terminated: 2 });
    expect(events.filter((e) => e.type === 'variant-done').length).toBe(5);

    const again = await runPipeline({ ...small, variants: ['parallel-prefetch'] }, context);
    expect(again.variants[0].fingerprints).toEqual(naive.fingerprints);
  });

  it('a cache after augment replays epoch 1 in epoch 2; other variants draw anew', async () => {
    const { mapWorkers } = counted();
    const result = await runPipeline(
      { ...small, variants: ['naive', 'cached'], cacheAfter: 'augment' },
      { data: diskLoader(), mapWorkers, hardwareConcurrency: 2 },
    );
    const [naive, cached] = result.variants;
    expect(cached.fingerprints.slice(0, 8)).toEqual(naive.fingerprints.slice(0, 8));
    expect(cached.fingerprints.slice(8)).not.toEqual(naive.fingerprints.slice(8));
    expect(cached.timeline.producer.filter((p) => p.epoch === 2).every((p) => p.lane === -1)).toBe(
      true,
    );
  });

  it('a stuck worker stops the run with a message and every worker is terminated', async () => {
    const { counts, mapWorkers } = counted();
    const run = runPipeline(
      { ...small, stallWorker: true, timeoutMs: 400 },
      { data: diskLoader(), mapWorkers, hardwareConcurrency: 2 },
    );
    await expect(run).rejects.toThrow(
      /map worker 1 did not answer within 400 ms \(it was given shard 1 of batch 3, epoch 1\)\. The naive \(sequential\) pipeline stopped: its 2 map workers were terminated/,
    );
    expect(counts).toEqual({ started: 2, terminated: 2 });
  });

  it('refuses more workers than the cores reported, and a batch smaller than the workers', async () => {
    const { counts, mapWorkers } = counted();
    const context = { data: diskLoader(), mapWorkers, hardwareConcurrency: 2 };
    await expect(runPipeline({ ...small, degree: 3 }, context)).rejects.toThrow(
      /reports 2 logical cores \(navigator.hardwareConcurrency\), so choose 2 or fewer/,
    );
    await expect(runPipeline({ ...small, batchSize: 1 }, context)).rejects.toThrow(
      /a batch of 1 cannot be split across 2 map workers/,
    );
    expect(counts.started).toBe(0);
  });
});
