import { augmentImage, decodeRecord, elementRng, gaussianTaps, PIXELS } from './augment';
import type { MapSetup, MapWorkerApi, ShardOutput, ShardTask } from './types';

/** Wall-clock ms since the epoch, comparable between threads (each has its own timeOrigin). */
export const wallClock = (): number => performance.timeOrigin + performance.now();

/**
 * The map stages on a shard: decode each element's stored bytes (unless the cache supplied
 * decoded pixels), then augment it with its own seeded draw. Pure apart from the clock readings.
 */
export function mapShard(setup: MapSetup, task: ShardTask, now = wallClock): ShardOutput {
  const start = now();
  const n = task.elements.length;
  let decoded = task.decoded;
  if (!decoded) {
    decoded = new Float32Array(n * PIXELS);
    for (let i = 0; i < n; i++) {
      const row = task.elements[i];
      decodeRecord(
        setup.records.subarray(row * PIXELS, (row + 1) * PIXELS),
        setup.scale,
        decoded.subarray(i * PIXELS, (i + 1) * PIXELS),
      );
    }
  }
  const decodedAt = now();
  const x = new Float32Array(n * PIXELS);
  const y = new Int32Array(n);
  const taps = setup.augment.elasticSigma > 0 ? gaussianTaps(setup.augment.elasticSigma) : null;
  for (let i = 0; i < n; i++) {
    const row = task.elements[i];
    augmentImage(
      decoded.subarray(i * PIXELS, (i + 1) * PIXELS),
      setup.augment,
      elementRng(setup.seed, task.epoch, row),
      x.subarray(i * PIXELS, (i + 1) * PIXELS),
      taps,
    );
    y[i] = setup.labels[row];
  }
  return {
    x,
    y,
    decoded: task.returnDecoded ? decoded : undefined,
    times: { start, decoded: task.decoded ? start : decodedAt, end: now() },
  };
}

/** A map worker's API: keeps the setup, answers shards (or never, when told to stall). */
export function createMapWorkerApi(): MapWorkerApi {
  let setup: MapSetup | null = null;
  return {
    init(value) {
      setup = value;
    },
    map(task) {
      if (!setup) throw new Error('the map worker was not initialized');
      if (task.stall) return new Promise<never>(() => {});
      return mapShard(setup, task);
    },
  };
}

/** The buffers of a shard's output, to transfer rather than copy. */
export const outputBuffers = (output: ShardOutput): ArrayBuffer[] =>
  [output.x, output.y, output.decoded]
    .filter((a) => a !== undefined)
    .map((a) => a.buffer as ArrayBuffer);
