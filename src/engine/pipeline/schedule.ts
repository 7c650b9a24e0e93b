import { abortError } from '../abort';
import { PIXELS } from './augment';
import { wallClock } from './map-stage';
import type {
  AssembledBatch,
  ConsumerEvent,
  PlannedBatch,
  ProducerEvent,
  ShardOutput,
  ShardTask,
  Timeline,
} from './types';

export type { AssembledBatch, ConsumerEvent, PlannedBatch, ProducerEvent, Timeline };

export interface ScheduleOptions {
  /** Map workers that split each batch (parallel map degree). */
  degree: number;
  /** Batches the producer may run ahead of the consumer's request; 0 = none (sequential). */
  prefetch: number;
  /** Stage whose output epoch 1 keeps for later epochs. */
  cacheAfter: 'none' | 'decode' | 'augment';
  /** A worker silent this long with work outstanding fails the run. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Wall clock in ms (the workers report theirs on the same scale). */
  now?: () => number;
  /** The shard of this batch sent to this worker asks it never to answer. */
  stall?: { worker: number; batch: number } | null;
  /** After each training step. */
  onStep?: (done: number, total: number) => void | Promise<void>;
}

/** Runs one shard on map worker `worker`. */
export type ShardRunner = (task: ShardTask) => Promise<ShardOutput>;
/** One training step on a batch; resolves with its loss. */
export type Consumer = (batch: AssembledBatch) => Promise<number>;

/** A pipeline that cannot go on: a silent or failing worker. */
export class PipelineError extends Error {
  override name = 'PipelineError';
}

/** Splits n elements into min(n, degree) contiguous shards whose sizes differ by at most one. */
export function shardBounds(n: number, degree: number): [number, number][] {
  const shards = Math.min(n, degree);
  return Array.from({ length: shards }, (_, s) => [
    Math.floor((s * n) / shards),
    Math.floor(((s + 1) * n) / shards),
  ]);
}

interface BatchState {
  shards: (ShardOutput | null)[];
  left: number;
  ready: boolean;
  resolve?: () => void;
  reject?: (error: Error) => void;
}

/**
 * Feeds `consumer` the planned batches through map workers, as tf.data does: batch b is sent out
 * (split into `degree` shards, shard s to worker s) once the consumer has asked for batch
 * b - prefetch, so with prefetch 0 production and training alternate, and with prefetch k up to k
 * batches are made while the consumer trains. Shards are put back together in order, so every
 * variant gives the consumer the same batches (tf.data's deterministic parallel map). With a
 * cache, epoch 1's decoded or augmented elements are kept and later epochs skip those stages;
 * later epochs wait until epoch 1 has been produced in full, as tf.data's cache does.
 */
export async function runSchedule(
  plan: PlannedBatch[],
  workers: ShardRunner[],
  consumer: Consumer,
  options: ScheduleOptions,
): Promise<Timeline> {
  const now = options.now ?? wallClock;
  const { degree, prefetch, cacheAfter } = options;
  if (workers.length < degree)
    throw new PipelineError(`${degree} map workers needed, ${workers.length} started`);
  const t0 = now();
  const rel = (t: number) => t - t0;
  const producer: ProducerEvent[] = [];
  const consumed: ConsumerEvent[] = [];
  const states: BatchState[] = plan.map((p) => {
    const shards = shardBounds(p.elements.length, degree).length;
    return { shards: Array<ShardOutput | null>(shards).fill(null), left: shards, ready: false };
  });
  const firstEpoch = plan[0]?.epoch ?? 1;
  let firstEpochLeft = states.reduce(
    (sum, s, b) => sum + (plan[b].epoch === firstEpoch ? s.left : 0),
    0,
  );
  const cache = new Map<number, { pixels: Float32Array; label: number }>();
  const outstanding = workers.map(() => [] as ShardTask[]);
  const lastHeard = workers.map(() => 0);
  let requested = 0;
  let dispatched = 0;
  let failure: Error | null = null;

  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    for (const state of states) state.reject?.(error);
  };
  const markReady = (b: number) => {
    states[b].ready = true;
    states[b].resolve?.();
  };
  const keep = (task: ShardTask, output: ShardOutput) => {
    const source = cacheAfter === 'decode' ? output.decoded : output.x;
    if (!source) return;
    task.elements.forEach((row, i) =>
      cache.set(row, {
        pixels: source.slice(i * PIXELS, (i + 1) * PIXELS),
        label: output.y[i],
      }),
    );
  };
  const onShard = (b: number, worker: number, task: ShardTask, queued: number) => {
    return (output: ShardOutput) => {
      const received = now();
      outstanding[worker].shift();
      lastHeard[worker] = received;
      if (failure) return;
      producer.push({
        lane: worker,
        batch: b,
        shard: task.shard,
        epoch: task.epoch,
        elements: task.elements.length,
        queued: rel(queued),
        start: rel(output.times.start),
        decoded: rel(output.times.decoded),
        end: rel(output.times.end),
        received: rel(received),
        cacheHit: task.decoded ? 'decode' : 'none',
      });
      const state = states[b];
      state.shards[task.shard] = output;
      if (task.epoch === firstEpoch) {
        if (cacheAfter !== 'none') keep(task, output);
        firstEpochLeft--;
      }
      if (--state.left === 0) markReady(b);
      if (firstEpochLeft === 0) pump();
    };
  };
  const fromCache = (b: number) => {
    const start = now();
    const { elements, epoch } = plan[b];
    const x = new Float32Array(elements.length * PIXELS);
    const y = new Int32Array(elements.length);
    elements.forEach((row, i) => {
      const hit = cache.get(row)!;
      x.set(hit.pixels, i * PIXELS);
      y[i] = hit.label;
    });
    const end = now();
    producer.push({
      lane: -1,
      batch: b,
      shard: 0,
      epoch,
      elements: elements.length,
      queued: rel(start),
      start: rel(start),
      decoded: rel(start),
      end: rel(end),
      received: rel(end),
      cacheHit: 'augment',
    });
    states[b].shards = [{ x, y, times: { start, decoded: start, end } }];
    markReady(b);
  };
  const dispatch = (b: number) => {
    const { elements, epoch } = plan[b];
    const cached = cacheAfter !== 'none' && epoch !== firstEpoch;
    if (cached && cacheAfter === 'augment') return fromCache(b);
    shardBounds(elements.length, degree).forEach(([from, to], shard) => {
      const rows = elements.slice(from, to);
      let decoded: Float32Array | undefined;
      if (cached) {
        decoded = new Float32Array(rows.length * PIXELS);
        rows.forEach((row, i) => decoded!.set(cache.get(row)!.pixels, i * PIXELS));
      }
      const task: ShardTask = {
        batch: b,
        shard,
        epoch,
        elements: rows,
        decoded,
        returnDecoded: cacheAfter === 'decode' && epoch === firstEpoch,
        stall: options.stall?.worker === shard && options.stall.batch === b,
      };
      const queued = now();
      if (outstanding[shard].length === 0) lastHeard[shard] = queued;
      outstanding[shard].push(task);
      workers[shard](task).then(onShard(b, shard, task, queued), (error: unknown) =>
        fail(
          new PipelineError(
            `map worker ${shard + 1} failed on batch ${b + 1}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        ),
      );
    });
  };
  function pump() {
    while (!failure && dispatched < plan.length && dispatched < requested + prefetch) {
      const waitsForCache = cacheAfter !== 'none' && plan[dispatched].epoch !== firstEpoch;
      if (waitsForCache && firstEpochLeft > 0) return;
      dispatch(dispatched++);
    }
  }

  // A worker with work outstanding that has said nothing for timeoutMs has stopped. Checked after
  // one more turn of the event loop, so replies queued behind a long training step count first.
  const watchdog = setInterval(
    () =>
      setTimeout(() => {
        const t = now();
        outstanding.forEach((tasks, w) => {
          if (tasks.length > 0 && t - lastHeard[w] > options.timeoutMs)
            fail(
              new PipelineError(
                `map worker ${w + 1} did not answer within ${options.timeoutMs} ms (it was given shard ${tasks[0].shard + 1} of batch ${tasks[0].batch + 1}, epoch ${tasks[0].epoch})`,
              ),
            );
        });
      }, 0),
    Math.max(20, Math.min(options.timeoutMs / 4, 500)),
  );
  const onAbort = () => fail(abortError());
  options.signal?.addEventListener('abort', onAbort);
  try {
    if (options.signal?.aborted) throw abortError();
    for (let b = 0; b < plan.length; b++) {
      requested = b + 1;
      pump();
      const asked = now();
      const state = states[b];
      if (failure) throw failure;
      if (!state.ready)
        await new Promise<void>((resolve, reject) => {
          state.resolve = resolve;
          state.reject = reject;
        });
      const start = now();
      const batch = assemble(b, plan[b].epoch, state.shards as ShardOutput[]);
      state.shards = [];
      const loss = await consumer(batch);
      if (failure) throw failure;
      consumed.push({
        batch: b,
        epoch: plan[b].epoch,
        rows: batch.rows,
        requested: rel(asked),
        start: rel(start),
        end: rel(now()),
        loss,
      });
      await options.onStep?.(b + 1, plan.length);
    }
  } finally {
    clearInterval(watchdog);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const duration = consumed.length > 0 ? consumed[consumed.length - 1].end : 0;
  return { workers: degree, producer, consumer: consumed, duration };
}

/** The batch stage: shards concatenated in order. */
function assemble(index: number, epoch: number, shards: ShardOutput[]): AssembledBatch {
  const rows = shards.reduce((sum, s) => sum + s.y.length, 0);
  const x = new Float32Array(rows * PIXELS);
  const y = new Int32Array(rows);
  let at = 0;
  for (const shard of shards) {
    x.set(shard.x, at * PIXELS);
    y.set(shard.y, at);
    at += shard.y.length;
  }
  return { index, epoch, rows, x, y };
}
