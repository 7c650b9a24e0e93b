import { describe, expect, it } from 'vitest';
import { PIXELS } from '../../src/engine/pipeline/augment';
import { summarizeTimeline } from '../../src/engine/pipeline/metrics';
import {
  PipelineError,
  runSchedule,
  shardBounds,
  type AssembledBatch,
  type PlannedBatch,
  type ScheduleOptions,
  type ShardRunner,
} from '../../src/engine/pipeline/schedule';
import type { ShardTask } from '../../src/engine/pipeline/types';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 2 epochs of `batches` batches of `size` rows: rows 0..n-1 in order, reversed in epoch 2. */
function plan(batches: number, size: number, epochs = 1): PlannedBatch[] {
  const out: PlannedBatch[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++)
    for (let b = 0; b < batches; b++) {
      const rows = Int32Array.from({ length: size }, (_, i) => b * size + i);
      out.push({ epoch, elements: epoch % 2 ? rows : rows.reverse() });
    }
  return out;
}

/**
 * Fake map workers: a shard of n rows "costs" msPerRow * n of waiting (a sleep, so fake workers
 * overlap as real threads do); pixel 0 of each output row is its row id + 1000 * epoch and the
 * label is row % 10. `delay(task)` can add per-shard jitter. Records every task it got.
 */
function fakeWorkers(count: number, msPerRow: number, delay: (t: ShardTask) => number = () => 0) {
  const tasks: ShardTask[][] = Array.from({ length: count }, () => []);
  const runners: ShardRunner[] = tasks.map((log) => async (task) => {
    log.push(task);
    const start = now();
    if (!task.decoded) await sleep((msPerRow * task.elements.length) / 2);
    const decoded = task.decoded ? start : now();
    await sleep((msPerRow * task.elements.length) / 2 + delay(task));
    const x = new Float32Array(task.elements.length * PIXELS);
    task.elements.forEach((row, i) => (x[i * PIXELS] = row + 1000 * task.epoch));
    return {
      x,
      y: Int32Array.from(task.elements, (row) => row % 10),
      decoded: task.returnDecoded ? new Float32Array(task.elements.length * PIXELS) : undefined,
      times: { start, decoded, end: now() },
    };
  });
  return { runners, tasks };
}

/** A consumer that "trains" for stepMs and keeps each batch's pixel 0 of every row. */
function fakeConsumer(stepMs: number) {
  const seen: number[][] = [];
  const consume = async (batch: AssembledBatch) => {
    seen.push(Array.from({ length: batch.rows }, (_, i) => batch.x[i * PIXELS]));
    await sleep(stepMs);
    return 0;
  };
  return { consume, seen };
}

const base: ScheduleOptions = { degree: 1, prefetch: 0, cacheAfter: 'none', timeoutMs: 5000, now };

describe('pipeline schedule', () => {
  it('splits a batch into contiguous shards that differ by at most one element', () => {
    expect(shardBounds(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(shardBounds(2, 4)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it('naive alternates producer and consumer; prefetch overlaps them', async () => {
    // Balanced costs: 40 ms to map a batch of 8, 40 ms to train on it; 8 batches.
    const batches = plan(8, 8);
    const naiveWorkers = fakeWorkers(1, 5);
    const naive = await runSchedule(batches, naiveWorkers.runners, fakeConsumer(40).consume, base);
    const prefetchWorkers = fakeWorkers(1, 5);
    const prefetched = await runSchedule(
      batches,
      prefetchWorkers.runners,
      fakeConsumer(40).consume,
      { ...base, prefetch: 2 },
    );
    const overlap = (t: typeof naive) =>
      t.producer.some((p) => t.consumer.some((c) => p.start < c.end - 2 && c.start < p.end - 2));
    expect(overlap(naive)).toBe(false);
    expect(overlap(prefetched)).toBe(true);
    // Naive: about 8 x (40 + 40) ms; prefetch: about 40 + 8 x 40 ms.
    expect(naive.duration).toBeGreaterThan(8 * 80 * 0.95);
    expect(prefetched.duration).toBeLessThan(naive.duration * 0.75);
    expect(summarizeTimeline(naive).idleShare).toBeGreaterThan(0.4);
    expect(summarizeTimeline(prefetched).idleShare).toBeLessThan(0.2);
  });

  it('parallel map divides the map time of a batch between the workers', async () => {
    const batches = plan(6, 8);
    const one = await runSchedule(
      batches,
      fakeWorkers(1, 10).runners,
      fakeConsumer(5).consume,
      base,
    );
    const two = fakeWorkers(2, 10);
    const parallel = await runSchedule(batches, two.runners, fakeConsumer(5).consume, {
      ...base,
      degree: 2,
    });
    const mapWall = (t: typeof one) =>
      t.consumer.reduce((sum, c) => sum + (c.start - c.requested), 0) / t.consumer.length;
    // 80 ms of mapping per batch on one worker, 2 x 40 ms side by side on two.
    expect(mapWall(one)).toBeGreaterThan(75);
    expect(mapWall(parallel)).toBeLessThan(mapWall(one) * 0.7);
    expect(two.tasks.map((t) => t.length)).toEqual([6, 6]);
    expect(new Set(parallel.producer.map((p) => p.lane))).toEqual(new Set([0, 1]));
  });

  it('keeps the order of elements when later shards finish first', async () => {
    const batches = plan(5, 9);
    // Shard 0 is always the slowest, so shards 1 and 2 come back before it.
    const workers = fakeWorkers(3, 1, (t) => (t.shard === 0 ? 30 : 0));
    const consumer = fakeConsumer(1);
    await runSchedule(batches, workers.runners, consumer.consume, {
      ...base,
      degree: 3,
      prefetch: 2,
    });
    expect(consumer.seen).toEqual(batches.map((b) => Array.from(b.elements, (r) => r + 1000)));
  });

  it('a cache after decode skips decoding from epoch 2; after augment it skips the workers', async () => {
    const batches = plan(4, 6, 2);
    const decode = fakeWorkers(2, 2);
    const decodeRun = await runSchedule(batches, decode.runners, fakeConsumer(1).consume, {
      ...base,
      degree: 2,
      prefetch: 1,
      cacheAfter: 'decode',
    });
    const tasks = decode.tasks.flat();
    expect(tasks.filter((t) => t.epoch === 1).every((t) => t.returnDecoded && !t.decoded)).toBe(
      true,
    );
    expect(tasks.filter((t) => t.epoch === 2).every((t) => t.decoded && !t.returnDecoded)).toBe(
      true,
    );
    for (const event of decodeRun.producer.filter((p) => p.epoch === 2)) {
      expect(event.cacheHit).toBe('decode');
      expect(event.decoded).toBe(event.start);
    }
    // Epoch 2 starts only once epoch 1 has been produced in full.
    const lastEpoch1 = Math.max(
      ...decodeRun.producer.filter((p) => p.epoch === 1).map((p) => p.received),
    );
    const firstEpoch2 = Math.min(
      ...decodeRun.producer.filter((p) => p.epoch === 2).map((p) => p.queued),
    );
    expect(firstEpoch2).toBeGreaterThanOrEqual(lastEpoch1);

    const augment = fakeWorkers(2, 2);
    const consumer = fakeConsumer(1);
    const augmentRun = await runSchedule(batches, augment.runners, consumer.consume, {
      ...base,
      degree: 2,
      prefetch: 1,
      cacheAfter: 'augment',
    });
    expect(augment.tasks.flat().every((t) => t.epoch === 1)).toBe(true);
    const epoch2 = augmentRun.producer.filter((p) => p.epoch === 2);
    expect(epoch2.length).toBe(4);
    expect(epoch2.every((p) => p.lane === -1 && p.cacheHit === 'augment')).toBe(true);
    // Epoch 2 replays epoch 1's augmented elements (pixel 0 = row + 1000 * epoch 1).
    expect(consumer.seen.slice(4)).toEqual(
      batches.slice(4).map((b) => Array.from(b.elements, (r) => r + 1000)),
    );
  });

  it('stops with a clear message when a worker never answers', async () => {
    const workers = fakeWorkers(2, 1);
    const silent: ShardRunner = (task) => {
      workers.tasks[1].push(task);
      return new Promise(() => {});
    };
    const started = performance.now();
    const run = runSchedule(plan(5, 4), [workers.runners[0], silent], fakeConsumer(1).consume, {
      ...base,
      degree: 2,
      prefetch: 1,
      timeoutMs: 300,
    });
    await expect(run).rejects.toThrow(PipelineError);
    await expect(run).rejects.toThrow(/map worker 2 did not answer within 300 ms/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a cancelled run rejects with an AbortError', async () => {
    const controller = new AbortController();
    const run = runSchedule(plan(20, 4), fakeWorkers(1, 5).runners, fakeConsumer(5).consume, {
      ...base,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 60);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
