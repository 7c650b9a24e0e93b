import { beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/engine/distributed/cluster';
import { accumulateGradient, initParameters, sgdStep } from '../../src/engine/distributed/mlp';
import { trainPipeline } from '../../src/engine/distributed/pipeline';
import { memoryCache, runDistributed, toByteRows } from '../../src/engine/distributed/run';
import type { ReplicaContext, StrategySetup } from '../../src/engine/distributed/types';
import { createRng, permutation } from '../../src/engine/rng';
import { nodeReplicas } from '../../src/workers/node-replicas';
import { diskLoader } from './node-data-source';

let replicas: ReplicaContext;
beforeAll(async () => {
  replicas = await nodeReplicas({ timeoutMs: 20_000 });
});

/** 300 MNIST rows, a 784 -> 12 -> 12 -> 10 MLP (three layers), batches of 25 rows. */
async function smallSetup(microBatches: number): Promise<StrategySetup> {
  const mnist = await diskLoader().load('mnist', { samples: 300, noise: 0, seed: 1 });
  const train = toByteRows(mnist, mnist.features);
  const sizes = [784, 12, 12, 10];
  const order = permutation(300, createRng(2));
  return {
    sizes,
    train,
    test: train,
    initial: initParameters(sizes, createRng(3)),
    workers: 3,
    globalBatch: 25,
    steps: 4,
    learningRate: 0.2,
    batchRows: (step) => order.slice(step * 25, step * 25 + 25),
    failureRate: 0,
    checkpointEvery: 1,
    stalenessBound: 0,
    microBatches,
    seed: 1,
    checkpoints: memoryCache(),
  };
}

/** The same steps on one thread: the whole batch's mean gradient, then SGD. */
function reference(setup: StrategySetup): { params: Float32Array; losses: number[] } {
  const params = setup.initial.slice();
  const losses = [];
  for (let step = 0; step < setup.steps; step++) {
    const grad = new Float32Array(params.length);
    const rows = setup.batchRows(step);
    const stats = accumulateGradient(params, setup.sizes, setup.train, rows, 1 / rows.length, grad);
    losses.push(stats.lossSum / rows.length);
    sgdStep(params, grad, setup.learningRate);
  }
  return { params, losses };
}

describe('/distributed: model parallel (GPipe)', () => {
  for (const microBatches of [1, 4, 7])
    it(`three stages with ${microBatches} micro-batches match one worker’s forward and backward (1e-5)`, async () => {
      const setup = await smallSetup(microBatches);
      const expected = reference(setup);
      const cluster = new Cluster(replicas.spawn, 20_000);
      try {
        const trained = await trainPipeline(cluster, setup, async () => {});
        trained.steps.forEach((s, i) => expect(s.loss).toBeCloseTo(expected.losses[i], 5));
        const worst = trained.params.reduce(
          (max, v, i) => Math.max(max, Math.abs(v - expected.params[i])),
          0,
        );
        expect(worst).toBeLessThan(1e-5);
        // Activations [rows, 12] down and gradients back, across 2 boundaries: 2 * 2 * 25 * 12 * 4 bytes.
        expect(trained.steps[0].bytes).toBe(2 * 2 * 25 * 12 * 4);
        // The bubble: every stage but the first waits for activations.
        const lines = trained.book.lines();
        for (const line of lines.slice(1))
          expect(line.intervals.some((i) => i.kind === 'wait')).toBe(true);
      } finally {
        cluster.close();
      }
    });

  it('runs as a strategy of the lab: one layer per worker', async () => {
    const result = await runDistributed(
      {
        strategy: 'model-parallel',
        workers: 3,
        samples: 1000,
        hidden: 16,
        steps: 8,
        globalBatch: 32,
      },
      { data: diskLoader(), replicas },
    );
    const run = result.runs[0];
    expect(run.parameters.length).toBe(784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10);
    expect(run.timelines).toHaveLength(3);
    expect(run.steps.at(-1)!.loss).toBeLessThan(run.steps[0].loss);
  });
});
