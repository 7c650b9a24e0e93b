import { availableParallelism } from 'node:os';
import type { DatasetLoader } from '../src/engine/data/load';
import { runDistributed } from '../src/engine/distributed/run';
import type { Strategy } from '../src/engine/distributed/settings';
import { nodeReplicas } from '../src/workers/node-replicas';
import { printTable } from './timing';

/**
 * A compute-heavy setting: 784 -> 1024 -> 10 (814k parameters), global batches of 256, so each
 * step is ~0.6 GFLOP of gradient against 3.3 MB of gradient to all-reduce.
 */
const HEAVY = { samples: 4000, hidden: 1024, globalBatch: 256, steps: 12, seed: 1 };

/**
 * /distributed's throughput on Node worker threads: one device, then Mirrored and the parameter
 * server on 2 and 4 workers, each one run of HEAVY; the speed-up is samples/s over one device's.
 */
export async function benchDistributed(loader: DatasetLoader) {
  const replicas = await nodeReplicas();
  const cases: [Strategy, number][] = [
    ['one-device', 1],
    ['mirrored', 2],
    ['mirrored', 4],
    ['parameter-server', 2],
    ['parameter-server', 4],
  ];
  const rows = [];
  for (const [strategy, workers] of cases) {
    const result = await runDistributed(
      { ...HEAVY, strategy, workers },
      { data: loader, replicas },
    );
    const run = result.runs[0];
    rows.push({
      strategy,
      workers,
      parameters: result.parameters,
      samplesPerSecond: run.samplesPerSecond,
      bytesPerStep: run.bytesPerStep,
      finalLoss: run.final.loss,
    });
  }
  const base = rows[0].samplesPerSecond;
  const cores = availableParallelism();
  printTable(
    `/distributed: 784-1024-10 MLP, global batch 256, ${HEAVY.steps} steps, Node worker threads on ${cores} cores`,
    ['strategy', 'workers', 'samples/s', 'speed-up', 'MB sent/step', 'held-out loss'],
    rows.map((r) => [
      r.strategy,
      r.workers,
      r.samplesPerSecond.toFixed(0),
      `${(r.samplesPerSecond / base).toFixed(2)}x`,
      (r.bytesPerStep / 1e6).toFixed(2),
      r.finalLoss.toFixed(3),
    ]),
  );
  return {
    cores,
    setting: HEAVY,
    rows: rows.map((r) => ({ ...r, speedup: r.samplesPerSecond / base })),
  };
}
