import { beforeAll, describe, expect, it } from 'vitest';
import type { DistributedProgress } from '../../src/engine/distributed/progress';
import { runDistributed } from '../../src/engine/distributed/run';
import { FaultSwitch, type ReplicaContext } from '../../src/engine/distributed/types';
import { nodeReplicas } from '../../src/workers/node-replicas';
import { diskLoader } from './node-data-source';

const small = { samples: 1000, hidden: 16, globalBatch: 32, learningRate: 0.1, seed: 3 };

let replicas: ReplicaContext;
beforeAll(async () => {
  replicas = await nodeReplicas({ timeoutMs: 20_000 });
});

const run = (
  config: Record<string, unknown>,
  onProgress?: (event: DistributedProgress) => void,
  faults?: FaultSwitch,
) =>
  runDistributed(
    { ...small, ...config },
    {
      data: diskLoader(),
      replicas: { ...replicas, faults },
      onProgress,
    },
  );

describe('/distributed: a worker killed mid-run', () => {
  it('Mirrored restores the last checkpoint, replays on the survivors, and ends where an uninterrupted run does', async () => {
    const config = { strategy: 'mirrored', workers: 4, steps: 12, checkpointEvery: 4 };
    const clean = (await run(config)).runs[0];
    const faults = new FaultSwitch();
    let killed: string | null = null;
    const interrupted = (
      await run(
        config,
        (event) => {
          // Kill a worker once step 6 is done: the next step is interrupted at the latest.
          if (event.type === 'step' && event.record.step === 6 && !killed) killed = faults.kill();
        },
        faults,
      )
    ).runs[0];
    expect(killed).toMatch(/^worker \d$/);
    expect(interrupted.failures).toHaveLength(1);
    const [failure] = interrupted.failures;
    expect(failure.workersAfter).toBe(3);
    expect(failure.restoredFrom).toBe(4);
    expect(failure.replayedSteps).toBeGreaterThanOrEqual(2);
    expect(interrupted.steps.map((s) => s.step)).toEqual(clean.steps.map((s) => s.step));
    expect(interrupted.timelines.filter((t) => t.lostAt !== null)).toHaveLength(1);
    // The same batches from the same checkpoint: the same model, up to float rounding.
    expect(Math.abs(interrupted.final.loss - clean.final.loss)).toBeLessThan(1e-4);
  });

  it('Mirrored survives random failures at the failure rate', async () => {
    const config = { strategy: 'mirrored', workers: 4, steps: 10, checkpointEvery: 3 };
    const clean = (await run(config)).runs[0];
    const failing = (await run({ ...config, failureRate: 0.3 })).runs[0];
    expect(failing.failures.length).toBeGreaterThan(0);
    expect(failing.steps).toHaveLength(10);
    expect(Math.abs(failing.final.loss - clean.final.loss)).toBeLessThan(1e-4);
  });

  it('the parameter server carries on with fewer workers and reports the lost gradient', async () => {
    const config = { strategy: 'parameter-server', workers: 3, steps: 60 };
    const clean = (await run(config)).runs[0];
    const faults = new FaultSwitch();
    let killed: string | null = null;
    const interrupted = (
      await run(
        config,
        (event) => {
          if (event.type === 'step' && event.record.step === 5 && !killed) killed = faults.kill();
        },
        faults,
      )
    ).runs[0];
    expect(killed).not.toBeNull();
    expect(interrupted.failures).toHaveLength(1);
    expect(interrupted.failures[0].workersAfter).toBe(2);
    expect(interrupted.failures[0].lostRows).toBeGreaterThan(0);
    expect(interrupted.steps).toHaveLength(60);
    expect(interrupted.staleness).toHaveLength(180);
    // Asynchronous updates arrive in a different order each run: close, not equal.
    expect(Math.abs(interrupted.final.loss - clean.final.loss)).toBeLessThan(0.25);
  });
});
