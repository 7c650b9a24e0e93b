import { throwIfAborted } from '../abort';
import { createRng } from '../rng';
import { WorkerLost, type Cluster } from './cluster';
import type { FromReplica } from './protocol';
import { TimelineBook } from './timeline';
import { shards, type FailureEvent, type StepRecord, type StrategySetup } from './types';
import type { DistributedProgress } from './progress';

type SyncDone = Extract<FromReplica, { type: 'sync-done' }>;
type Checkpoint = { step: number; params: Float32Array };

/** What a strategy's training returns: its steps, every worker's time line, the final parameters. */
export interface StrategyOutcome {
  steps: StepRecord[];
  book: TimelineBook;
  params: Float32Array;
}

/** Spawns `count` workers, hands each the training rows, and waits until all are ready. */
export async function startWorkers(
  cluster: Cluster,
  count: number,
  setup: StrategySetup,
): Promise<number[]> {
  const ids = Array.from({ length: count }, () => cluster.spawn());
  ids.forEach((id) =>
    cluster.post(id, { type: 'init', rank: id, sizes: setup.sizes, data: setup.train }),
  );
  await Promise.all(ids.map((id) => cluster.receive(id, (m) => m.type === 'ready')));
  return ids;
}

/** Connects the workers `ids` in a ring (each to the next, the last to the first). */
async function wireRing(cluster: Cluster, ids: number[], generation: number): Promise<void> {
  const channels = ids.map(() => new MessageChannel());
  ids.forEach((id, rank) => {
    const next = ids.length > 1 ? channels[rank].port1 : null;
    const prev = ids.length > 1 ? channels[(rank - 1 + ids.length) % ids.length].port2 : null;
    const ports = [next, prev].filter((p): p is MessagePort => p !== null);
    cluster.post(id, { type: 'ring', generation, rank, size: ids.length, next, prev }, ports);
  });
  await Promise.all(ids.map((id) => cluster.receive(id, (m) => m.type === 'ready')));
}

/**
 * Synchronous data parallel training (tf.distribute's MirroredStrategy; one worker is its
 * OneDeviceStrategy). Each step the global batch of B rows is cut into one shard per replica;
 * each replica adds (1 / B) Σ ∇ over its shard, the ring all-reduce sums those, so every replica
 * holds the batch's mean gradient and applies the same SGD update. Every `checkpointEvery` steps
 * the parameters are kept; when a worker dies the survivors are rewired into a smaller ring,
 * restore the checkpoint and replay the steps since, on the same batches.
 */
export async function trainSynchronous(
  cluster: Cluster,
  setup: StrategySetup,
  workers: number,
  report: (event: DistributedProgress) => Promise<void>,
  bindKill: (kill: (() => string | null) | null) => void,
): Promise<StrategyOutcome & { failures: FailureEvent[]; replicasAgree: boolean }> {
  const strategy = workers === 1 ? 'one-device' : 'mirrored';
  const book = new TimelineBook();
  const faults = createRng(setup.seed ^ 0x5eed);
  let live = await startWorkers(cluster, workers, setup);
  live.forEach((id) => book.open(id));
  let generation = 0;
  await wireRing(cluster, live, generation);
  // One key per run: two runs (two tabs) never read each other's checkpoints.
  const checkpointKey = `distributed-checkpoint-${setup.seed}-${book.origin}`;
  await setup.checkpoints.set(checkpointKey, { step: 0, params: setup.initial.slice() });
  live.forEach((id) => cluster.post(id, { type: 'params', params: setup.initial.slice() }));

  const steps: StepRecord[] = [];
  const failures: FailureEvent[] = [];
  let replicasAgree = true;
  let killTimer: ReturnType<typeof setTimeout> | null = null;
  let lastStepMs = 50;
  const killOne = (pick: number) => {
    if (live.length < 2) return null;
    const id = live[pick % live.length];
    book.lost(id);
    cluster.kill(id, 'terminated mid-step');
    return `worker ${id}`;
  };
  bindKill(() => killOne(faults.int(live.length)));
  let params = setup.initial;
  try {
    for (let step = 0; step < setup.steps;) {
      throwIfAborted(setup.signal);
      const began = performance.now();
      const parts = shards(setup.batchRows(step), live.length);
      const checkpoint = (step + 1) % setup.checkpointEvery === 0 || step + 1 === setup.steps;
      if (live.length > 1 && faults.next() < setup.failureRate) {
        const pick = faults.int(live.length);
        killTimer = setTimeout(() => killOne(pick), faults.next() * lastStepMs);
      }
      live.forEach((id, rank) =>
        cluster.post(id, {
          type: 'sync-step',
          generation,
          step,
          rows: parts[rank],
          scale: 1 / setup.globalBatch,
          learningRate: setup.learningRate,
          checkpoint,
        }),
      );
      let replies: SyncDone[];
      try {
        const atStep = { step, generation };
        replies = await Promise.all(
          live.map((id) =>
            cluster.receive(
              id,
              (m): m is SyncDone =>
                m.type === 'sync-done' &&
                m.step === atStep.step &&
                m.generation === atStep.generation,
            ),
          ),
        );
      } catch (error) {
        if (!(error instanceof WorkerLost)) throw error;
        cluster.forgetWaits();
        live = cluster.live();
        if (live.length === 0) throw new Error('every worker was lost', { cause: error });
        const restored = (await setup.checkpoints.get(checkpointKey)) as Checkpoint;
        generation++;
        await wireRing(cluster, live, generation);
        live.forEach((id) => cluster.post(id, { type: 'params', params: restored.params.slice() }));
        const event: FailureEvent = {
          worker: error.id,
          at: step,
          seconds: book.now(),
          reason: error.reason,
          workersAfter: live.length,
          restoredFrom: restored.step,
          replayedSteps: step - restored.step,
          lostRows: 0,
        };
        failures.push(event);
        steps.length = restored.step;
        await report({ type: 'failure', strategy, event });
        step = restored.step;
        continue;
      } finally {
        if (killTimer !== null) clearTimeout(killTimer);
        killTimer = null;
      }
      const checksums = new Set(replies.map((r) => r.checksum));
      replicasAgree &&= checksums.size === 1;
      replies.forEach((r, i) => book.add(live[i], r.intervals));
      const record: StepRecord = {
        step: step + 1,
        loss: replies.reduce((sum, r) => sum + r.stats.lossSum, 0) / setup.globalBatch,
        seconds: book.now(),
        bytes: replies.reduce((sum, r) => sum + r.bytesSent, 0),
      };
      steps.push(record);
      const kept = replies[0].params;
      if (kept) {
        params = kept;
        await setup.checkpoints.set(checkpointKey, { step: step + 1, params: kept.slice() });
      }
      await report({ type: 'step', strategy, record, intervals: book.take() });
      lastStepMs = performance.now() - began;
      step++;
    }
  } finally {
    bindKill(null);
    if (killTimer !== null) clearTimeout(killTimer);
  }
  return { steps, failures, book, params, replicasAgree };
}
