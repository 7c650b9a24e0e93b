import { throwIfAborted } from '../abort';
import type { Cluster } from './cluster';
import type { DistributedProgress } from './progress';
import type { StrategyOutcome } from './sync';
import type { FromReplica } from './protocol';
import { chunkBounds } from './ring';
import { startWorkers } from './sync';
import { TimelineBook } from './timeline';
import type { StepRecord, StrategySetup } from './types';

type PipelineDone = Extract<FromReplica, { type: 'pipeline-done' }>;

/** Where each layer's W and b start in the flat parameters of `sizes`, and where they end. */
function layerOffsets(sizes: number[]): number[] {
  const offsets = [0];
  for (let l = 0; l + 1 < sizes.length; l++)
    offsets.push(offsets[l] + sizes[l] * sizes[l + 1] + sizes[l + 1]);
  return offsets;
}

/**
 * Model parallel training with GPipe's schedule: the network's layers are cut into K
 * consecutive stages, one per worker (chunkBounds over the layers); each step the global batch is
 * cut into micro-batches that flow forward through the stages and back, activations and
 * gradients passed between neighbouring workers, and each stage updates its own layers. The sum
 * over micro-batches of their gradients scaled by 1 / B is the batch's mean gradient, so the
 * update is one device's, exactly.
 */
export async function trainPipeline(
  cluster: Cluster,
  setup: StrategySetup,
  report: (event: DistributedProgress) => Promise<void>,
): Promise<StrategyOutcome> {
  const layers = setup.sizes.length - 1;
  if (setup.workers > layers)
    throw new Error(
      `model parallel needs a layer per worker: ${setup.workers} workers, ${layers} layers`,
    );
  const book = new TimelineBook();
  const ids = await startWorkers(cluster, setup.workers, setup);
  ids.forEach((id) => book.open(id));
  const offsets = layerOffsets(setup.sizes);
  const stages = chunkBounds(layers, setup.workers);
  const channels = stages.slice(1).map(() => new MessageChannel());
  ids.forEach((id, index) => {
    const [from, to] = stages[index];
    const up = index > 0 ? channels[index - 1].port2 : null;
    const down = index < ids.length - 1 ? channels[index].port1 : null;
    cluster.post(
      id,
      {
        type: 'stage',
        index,
        count: ids.length,
        sizes: setup.sizes.slice(from, to + 1),
        params: setup.initial.slice(offsets[from], offsets[to]),
        up,
        down,
      },
      [up, down].filter((p): p is MessagePort => p !== null),
    );
  });
  await Promise.all(ids.map((id) => cluster.receive(id, (m) => m.type === 'ready')));

  const steps: StepRecord[] = [];
  const params = setup.initial.slice();
  for (let step = 0; step < setup.steps; step++) {
    throwIfAborted(setup.signal);
    const last = step + 1 === setup.steps;
    ids.forEach((id) =>
      cluster.post(id, {
        type: 'pipeline-step',
        step,
        rows: setup.batchRows(step),
        microBatches: setup.microBatches,
        scale: 1 / setup.globalBatch,
        learningRate: setup.learningRate,
        sendParams: last,
      }),
    );
    const replies = await Promise.all(
      ids.map((id) =>
        cluster.receive(
          id,
          (m): m is PipelineDone => m.type === 'pipeline-done' && m.step === step,
        ),
      ),
    );
    replies.forEach((r, i) => {
      book.add(ids[i], r.intervals);
      if (r.params) params.set(r.params, offsets[stages[i][0]]);
    });
    const record: StepRecord = {
      step: step + 1,
      loss: replies[replies.length - 1].stats.lossSum / setup.globalBatch,
      seconds: book.now(),
      bytes: replies.reduce((sum, r) => sum + r.bytesSent, 0),
    };
    steps.push(record);
    await report({ type: 'step', strategy: 'model-parallel', record, intervals: book.take() });
  }
  return { steps, book, params };
}
