import { get as idbGet, set as idbSet } from 'idb-keyval';
import type { DataSource } from '../engine/data/load';
import type { KeyValueCache } from '../engine/lab';

/** Results kept between runs and reloads (a trained teacher's weights, checkpoints), in IndexedDB. */
export const idbCache: KeyValueCache = {
  get: (key: string) => idbGet(key),
  set: (key: string, value: unknown) => idbSet(key, value),
};

/** Reads a packed dataset file from the app's static folder. */
export function fetchSource(dataUrl: string): DataSource {
  return {
    async read(file: string): Promise<Uint8Array> {
      const response = await fetch(new URL(file, dataUrl));
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}
