import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerSpawner } from '../../src/engine/distributed/cluster';
import { runDistributed, type DistributedResult } from '../../src/engine/distributed/run';
import type { ReplicaContext } from '../../src/engine/distributed/types';
import { nodeReplicas } from '../../src/workers/node-replicas';
import { diskLoader } from './node-data-source';

// A small problem: 1000 MNIST rows (800 to train), 784 -> 16 -> 10, global batches of 30 (shards
// of 8, 8, 7 and 7 rows over four workers: uneven on purpose).
const small = { samples: 1000, hidden: 16, globalBatch: 30, learningRate: 0.1, seed: 7 };

let replicas: ReplicaContext;
beforeAll(async () => {
  replicas = await nodeReplicas({ timeoutMs: 20_000 });
});

const run = (config: Record<string, unknown>, context: Partial<ReplicaContext> = {}) =>
  runDistributed(
    { ...small, ...config },
    { data: diskLoader(), replicas: { ...replicas, ...context } },
  );

const maxDifference = (a: Float32Array, b: Float32Array) =>
  a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0);

describe('/distributed: synchronous data parallel', () => {
  let one: DistributedResult;
  beforeAll(async () => {
    one = await run({ strategy: 'one-device', steps: 6 });
  });

  for (const workers of [2, 4])
    it(`Mirrored on ${workers} workers ends with the one-device parameters (to 1e-5)`, async () => {
      const mirrored = await run({ strategy: 'mirrored', steps: 6, workers });
      const [a, b] = [one.runs[0], mirrored.runs[0]];
      expect(b.workers).toBe(workers);
      expect(b.replicasAgree).toBe(true);
      expect(maxDifference(a.parameters, b.parameters)).toBeLessThan(1e-5);
      b.steps.forEach((s, i) => expect(s.loss).toBeCloseTo(a.steps[i].loss, 5));
      // The ring sends 2 (K - 1) / K of the gradient per worker per step, 4 bytes a number.
      expect(b.bytesPerStep).toBe(2 * (workers - 1) * one.parameters * 4);
      // Each worker's time line holds compute and communication.
      for (const line of b.timelines) {
        const kinds = new Set(line.intervals.map((i) => i.kind));
        expect(kinds.has('compute') && kinds.has('communicate')).toBe(true);
      }
    });
});

describe('/distributed: parameter server', () => {
  it('converges asynchronously and reports each update’s staleness', async () => {
    const result = await run({ strategy: 'parameter-server', steps: 25, workers: 3 });
    const ps = result.runs[0];
    expect(ps.steps).toHaveLength(25);
    expect(ps.staleness).toHaveLength(75);
    expect(Math.max(...ps.staleness)).toBeGreaterThanOrEqual(1);
    expect(ps.steps.at(-1)!.loss).toBeLessThan(ps.steps[0].loss * 0.7);
    expect(ps.final.accuracy).toBeGreaterThan(0.5);
  });

  it('holds staleness down with a bound', async () => {
    const result = await run({
      strategy: 'parameter-server',
      steps: 12,
      workers: 3,
      stalenessBound: 1,
    });
    // No worker starts a task while more than s = 1 updates ahead of the slowest, so while one
    // worker (at clock c) computes, each of the K - 1 others goes from at least c - s to at most
    // c + s + 1: staleness <= (K - 1)(2 s + 1) = 6.
    const staleness = result.runs[0].staleness;
    expect(staleness).toHaveLength(36);
    expect(Math.max(...staleness)).toBeLessThanOrEqual(2 * 3);
  });
});

describe('/distributed: bad input', () => {
  it('refuses more workers than allowed', async () => {
    await expect(run({ workers: 9 })).rejects.toThrow(/Invalid settings: .*Workers/i);
  });

  it('refuses a global batch smaller than the worker count', async () => {
    await expect(run({ workers: 4, globalBatch: 3 })).rejects.toThrow(
      /global batch of 3 cannot be split across 4 workers/,
    );
  });

  it('cancels at the next step and terminates every worker', async () => {
    const terminated: number[] = [];
    const spawn: WorkerSpawner = (id) => {
      const transport = replicas.spawn(id);
      return { ...transport, terminate: () => (terminated.push(id), transport.terminate()) };
    };
    const controller = new AbortController();
    const run = runDistributed(
      { ...small, strategy: 'mirrored', workers: 3, steps: 500 },
      {
        data: diskLoader(),
        replicas: { ...replicas, spawn },
        signal: controller.signal,
        onProgress: (event) => {
          if (event.type === 'step' && event.record.step === 3) controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(terminated.sort()).toEqual([0, 1, 2]);
  });

  it('stops cleanly with a message when a worker never answers', async () => {
    // Worker 1 takes messages and never replies.
    const spawn: WorkerSpawner = (id) =>
      id === 1 ? { post: () => {}, listen: () => {}, terminate: () => {} } : replicas.spawn(id);
    await expect(
      run({ strategy: 'mirrored', workers: 2, steps: 2 }, { spawn, timeoutMs: 1500 }),
    ).rejects.toThrow('worker 1 did not answer within 1.5 s: the run was stopped');
  });
});
