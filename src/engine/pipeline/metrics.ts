import type { Timeline } from './schedule';

/** What a variant's timeline adds up to. */
export interface TimelineSummary {
  /** Samples trained on per second of the whole stream (first request to last step). */
  throughput: number;
  /**
   * Share of the stream the consumer (the accelerator's stand-in) spent waiting for its next
   * batch: sum(start - requested) / duration.
   */
  idleShare: number;
  /** Mean training step, ms. */
  consumerMsPerBatch: number;
  /** Mean map-worker time spent on one batch, summed over its shards, ms. */
  producerMsPerBatch: number;
  /** Share of the stream each map worker was busy. */
  workerBusy: number[];
}

export function summarizeTimeline(timeline: Timeline): TimelineSummary {
  const { consumer, producer, duration, workers } = timeline;
  const samples = consumer.reduce((sum, e) => sum + e.rows, 0);
  const waited = consumer.reduce((sum, e) => sum + (e.start - e.requested), 0);
  const trained = consumer.reduce((sum, e) => sum + (e.end - e.start), 0);
  const busy = Array.from({ length: workers }, (_, w) =>
    producer.filter((e) => e.lane === w).reduce((sum, e) => sum + (e.end - e.start), 0),
  );
  const batches = Math.max(consumer.length, 1);
  return {
    throughput: duration > 0 ? samples / (duration / 1000) : 0,
    idleShare: duration > 0 ? waited / duration : 0,
    consumerMsPerBatch: trained / batches,
    producerMsPerBatch: busy.reduce((a, b) => a + b, 0) / batches,
    workerBusy: busy.map((b) => (duration > 0 ? b / duration : 0)),
  };
}

/** A number that changes when any pixel or label of a batch does (a weighted sum, in float64). */
export function batchFingerprint(x: Float32Array, y: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * ((i % 997) + 1);
  for (let i = 0; i < y.length; i++) sum += y[i] * (i + 1) * 1e-3;
  return sum;
}

/** Mean of the step losses in each epoch (1-based epochs, in order). */
export function epochLosses(timeline: Timeline): number[] {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const e of timeline.consumer) {
    const s = sums.get(e.epoch) ?? { sum: 0, n: 0 };
    sums.set(e.epoch, { sum: s.sum + e.loss, n: s.n + 1 });
  }
  return [...sums.entries()].sort(([a], [b]) => a - b).map(([, s]) => s.sum / s.n);
}
