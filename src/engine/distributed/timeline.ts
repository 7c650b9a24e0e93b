import type { Interval, IntervalKind } from './protocol';
import { wallClock } from './ring';
import type { WorkerTimeline } from './types';

/**
 * The per-worker time lines of one strategy, in seconds since it began (the workers report epoch
 * milliseconds from their own clocks). Hands out what arrived since the last `take`, for progress.
 */
export class TimelineBook {
  readonly origin = wallClock();
  readonly #lines = new Map<number, WorkerTimeline>();
  #fresh: { worker: number; interval: Interval }[] = [];

  /** Seconds since the strategy began. */
  now(): number {
    return (wallClock() - this.origin) / 1000;
  }

  open(worker: number): void {
    if (!this.#lines.has(worker)) this.#lines.set(worker, { worker, intervals: [], lostAt: null });
  }

  /** Adds intervals in epoch ms. */
  add(worker: number, intervals: Interval[]): void {
    this.open(worker);
    const line = this.#lines.get(worker)!;
    for (const { kind, start, end } of intervals) {
      const interval = {
        kind,
        start: Math.max(0, (start - this.origin) / 1000),
        end: (end - this.origin) / 1000,
      };
      if (interval.end <= interval.start) continue;
      line.intervals.push(interval);
      this.#fresh.push({ worker, interval });
    }
  }

  mark(worker: number, kind: IntervalKind, start: number, end: number): void {
    this.add(worker, [{ kind, start, end }]);
  }

  lost(worker: number): void {
    this.open(worker);
    this.#lines.get(worker)!.lostAt = this.now();
  }

  /** Intervals added since the last call. */
  take(): { worker: number; interval: Interval }[] {
    const fresh = this.#fresh;
    this.#fresh = [];
    return fresh;
  }

  lines(): WorkerTimeline[] {
    return [...this.#lines.values()];
  }
}
