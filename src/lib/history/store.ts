/**
 * The experiment history: every finished run of every lab, with its full settings, seed, backend,
 * result and timings. Each run is two entries in a key-value store: its light summary (listed
 * without loading any result) and the full record. The store is injected: IndexedDB in the page
 * (idb.ts), a Map in tests.
 */

/** The few operations the history needs from a key-value store (idb-keyval's shape). */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
  getMany(keys: string[]): Promise<unknown[]>;
}

/** What is listed and searched: everything but the result. */
export interface RunSummary {
  id: string;
  /** The lab's name (LabName), which is also its route. */
  lab: string;
  settings: Record<string, unknown>;
  seed: number | null;
  /** The backend the run ran on: 'webgpu', 'wasm', 'cpu' or the lab's own word. */
  backend: string;
  /** Epoch milliseconds. */
  started: number;
  finished: number;
  seconds: number;
  /** Approximate size of the stored record in bytes (its result as JSON). */
  bytes: number;
}

export interface RunRecord extends RunSummary {
  result: unknown;
  /** What the lab's views showed that the result does not hold (e.g. /train's last surface). */
  view?: unknown;
}

export type NewRun = Omit<RunRecord, 'id' | 'bytes'>;

const SUMMARY = 'summary/';
const RECORD = 'record/';

/** Thrown when a run cannot be written; earlier runs are untouched. */
export class HistoryWriteError extends Error {
  constructor(
    readonly full: boolean,
    cause: unknown,
  ) {
    super(
      full
        ? 'This run was not saved: storage is full; delete runs in History.'
        : `This run was not saved: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'HistoryWriteError';
  }
}

/** Whether an error from a write means the storage quota is used up. */
export const isQuotaError = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'QuotaExceededError' ||
    error.name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    /quota/i.test(error.message));

/** A size estimate: typed arrays count their bytes, other values their JSON length. */
export function approximateBytes(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null).length;
  let total = 2;
  for (const [key, item] of Object.entries(value)) total += key.length + 4 + approximateBytes(item);
  return total;
}

const newId = (now: number): string =>
  `${now.toString(36)}-${Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0')}`;

export class HistoryStore {
  constructor(readonly store: KeyValueStore) {}

  /**
   * Saves a finished run under a new id and returns its summary. The record is written before its
   * summary, and removed again if the summary cannot be written, so a failed save leaves no
   * half-saved run and nothing saved before it changes. Throws HistoryWriteError.
   */
  async save(run: NewRun): Promise<RunSummary> {
    const id = newId(run.finished);
    const record: RunRecord = { ...run, id, bytes: approximateBytes(run) };
    const summary = summaryOf(record);
    try {
      await this.store.set(RECORD + id, record);
    } catch (error) {
      throw new HistoryWriteError(isQuotaError(error), error);
    }
    try {
      await this.store.set(SUMMARY + id, summary);
    } catch (error) {
      await this.store.del(RECORD + id).catch(() => undefined);
      throw new HistoryWriteError(isQuotaError(error), error);
    }
    return summary;
  }

  /** Every run's summary, newest first; no result is read. */
  async list(): Promise<RunSummary[]> {
    const keys = (await this.store.keys()).filter((key) => key.startsWith(SUMMARY));
    const summaries = (await this.store.getMany(keys)) as (RunSummary | undefined)[];
    return summaries
      .filter((s): s is RunSummary => s !== undefined)
      .sort((a, b) => b.finished - a.finished || (a.id < b.id ? 1 : -1));
  }

  async get(id: string): Promise<RunRecord | null> {
    return ((await this.store.get(RECORD + id)) as RunRecord | undefined) ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.store.del(SUMMARY + id);
    await this.store.del(RECORD + id);
  }

  /**
   * Bytes this origin uses, from the browser's estimate where it has one (with the quota), else
   * the sum of the runs' approximate sizes.
   */
  async usage(
    estimate?: () => Promise<{ usage?: number; quota?: number }>,
  ): Promise<{ bytes: number; quota: number | null; estimated: boolean }> {
    if (estimate) {
      try {
        const { usage, quota } = await estimate();
        if (usage !== undefined) return { bytes: usage, quota: quota ?? null, estimated: true };
      } catch {
        // fall through to our own sum
      }
    }
    const runs = await this.list();
    return { bytes: runs.reduce((sum, r) => sum + r.bytes, 0), quota: null, estimated: false };
  }
}

export function summaryOf(record: RunRecord): RunSummary {
  const { id, lab, settings, seed, backend, started, finished, seconds, bytes } = record;
  return { id, lab, settings, seed, backend, started, finished, seconds, bytes };
}

/** A key-value store in memory, for tests and where IndexedDB is unavailable. */
export function memoryStore(map = new Map<string, unknown>()): KeyValueStore {
  return {
    get: async (key) => map.get(key),
    set: async (key, value) => void map.set(key, value),
    del: async (key) => void map.delete(key),
    keys: async () => [...map.keys()],
    getMany: async (keys) => keys.map((key) => map.get(key)),
  };
}
