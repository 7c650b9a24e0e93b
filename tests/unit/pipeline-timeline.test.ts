import { describe, expect, it } from 'vitest';
import { summarizeTimeline } from '../../src/engine/pipeline/metrics';
import type { VariantResult } from '../../src/engine/pipeline/run';
import type { Timeline } from '../../src/engine/pipeline/schedule';
import { timelineLanes } from '../../src/routes/pipeline/timeline-segments';

/** Two batches by hand: worker 1 maps 0-10 (decode to 2) and 10-20; steps 10-25 and 25-40. */
const timeline: Timeline = {
  workers: 1,
  duration: 40,
  producer: [
    {
      lane: 0,
      batch: 0,
      shard: 0,
      epoch: 1,
      elements: 4,
      queued: 0,
      start: 0,
      decoded: 2,
      end: 10,
      received: 10,
      cacheHit: 'none',
    },
    {
      lane: 0,
      batch: 1,
      shard: 0,
      epoch: 2,
      elements: 4,
      queued: 10,
      start: 10,
      decoded: 10,
      end: 20,
      received: 20,
      cacheHit: 'decode',
    },
    {
      lane: -1,
      batch: 2,
      shard: 0,
      epoch: 2,
      elements: 2,
      queued: 30,
      start: 30,
      decoded: 30,
      end: 31,
      received: 31,
      cacheHit: 'augment',
    },
  ],
  consumer: [
    { batch: 0, epoch: 1, rows: 4, requested: 0, start: 10, end: 25, loss: 2.3 },
    { batch: 1, epoch: 2, rows: 4, requested: 25, start: 25, end: 40, loss: 2.1 },
  ],
};

describe('pipeline timeline', () => {
  it('throughput, idle share and costs follow from the events', () => {
    const s = summarizeTimeline(timeline);
    expect(s.throughput).toBeCloseTo(8 / 0.04, 6); // 8 samples in 40 ms
    expect(s.idleShare).toBeCloseTo(10 / 40, 6); // waited 0-10 for batch 1
    expect(s.consumerMsPerBatch).toBeCloseTo(15, 6);
    expect(s.producerMsPerBatch).toBeCloseTo(10, 6); // 20 ms of worker time over 2 batches
    expect(s.workerBusy).toEqual([0.5]);
  });

  it('draws a lane per worker, one for the cache and one for training', () => {
    const { lanes, segments } = timelineLanes({ timeline } as VariantResult);
    expect(lanes.map((l) => l.label)).toEqual(['map worker 1', 'cache', 'training (consumer)']);
    expect(segments.map((s) => [s.lane, s.kind, s.start, s.end])).toEqual([
      ['w0', 'decode', 0, 2],
      ['w0', 'augment', 2, 10],
      ['w0', 'augment-cached', 10, 20],
      ['cache', 'cache', 30, 31],
      ['consumer', 'wait', 0, 10],
      ['consumer', 'train', 10, 25],
      ['consumer', 'train', 25, 40],
    ]);
  });
});
