import { createStore, del, get, getMany, keys, set } from 'idb-keyval';
import type { KeyValueStore } from './store';

/** The history's IndexedDB store: its own database, apart from the workers' cache. */
export function idbStore(): KeyValueStore {
  const store = createStore('ml-playground-history', 'runs');
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
    keys: () => keys<string>(store),
    getMany: (list) => getMany(list, store),
  };
}
