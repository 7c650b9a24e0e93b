import { describe, expect, it } from 'vitest';
import {
  HistoryStore,
  HistoryWriteError,
  memoryStore,
  type KeyValueStore,
  type NewRun,
} from '../../src/lib/history/store';

const run = (finished: number, lab = 'train', result: unknown = { loss: finished }): NewRun => ({
  lab,
  settings: { seed: 7, epochs: 3 },
  seed: 7,
  backend: 'wasm',
  started: finished - 2000,
  finished,
  seconds: 2,
  result,
});

/** A store whose writes fail once `failing` is set, as IndexedDB does when the quota is used up. */
function fullStore(map: Map<string, unknown>, error: Error) {
  const inner = memoryStore(map);
  const state = { failing: false };
  const store: KeyValueStore = {
    ...inner,
    set: (key, value) => (state.failing ? Promise.reject(error) : inner.set(key, value)),
  };
  return { store, state };
}

const quotaError = () =>
  Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });

describe('HistoryStore', () => {
  it('saves runs and lists them newest first, as summaries without results', async () => {
    const history = new HistoryStore(memoryStore());
    const a = await history.save(run(1000));
    const b = await history.save(run(3000, 'pruning'));
    const c = await history.save(run(2000));
    const list = await history.list();
    expect(list.map((s) => s.id)).toEqual([b.id, c.id, a.id]);
    expect(list[0]).not.toHaveProperty('result');
    expect(list[0]).toMatchObject({ lab: 'pruning', seed: 7, backend: 'wasm', seconds: 2 });
    expect(new Set(list.map((s) => s.id)).size).toBe(3);
  });

  it('gets the full record, typed arrays intact, and deletes it', async () => {
    const history = new HistoryStore(memoryStore());
    const weights = new Float32Array([1.5, NaN, -2]);
    const saved = await history.save(run(1000, 'train', { weights }));
    const record = await history.get(saved.id);
    expect(record?.result).toEqual({ weights });
    expect(record?.settings).toEqual({ seed: 7, epochs: 3 });
    await history.delete(saved.id);
    expect(await history.get(saved.id)).toBeNull();
    expect(await history.list()).toEqual([]);
  });

  it('reports the storage used: the browser estimate where there is one, else the runs summed', async () => {
    const history = new HistoryStore(memoryStore());
    await history.save(run(1000, 'train', { weights: new Float32Array(1000) }));
    await history.save(run(2000));
    const summed = await history.usage();
    expect(summed.estimated).toBe(false);
    // 4000 bytes of weights plus the small JSON parts of both runs.
    expect(summed.bytes).toBeGreaterThan(4000);
    expect(summed.bytes).toBeLessThan(4600);
    expect(await history.usage(async () => ({ usage: 123, quota: 456 }))).toEqual({
      bytes: 123,
      quota: 456,
      estimated: true,
    });
    const failing = await history.usage(() => Promise.reject(new Error('no estimate')));
    expect(failing.bytes).toBe(summed.bytes);
  });

  it('when storage is full, keeps every earlier run and says what to do', async () => {
    const map = new Map<string, unknown>();
    const { store, state } = fullStore(map, quotaError());
    const history = new HistoryStore(store);
    const first = await history.save(run(1000));
    const second = await history.save(run(2000));
    const before = new Map(map);
    state.failing = true;
    const failure = history.save(run(3000));
    await expect(failure).rejects.toBeInstanceOf(HistoryWriteError);
    await expect(failure).rejects.toThrow(
      'This run was not saved: storage is full; delete runs in History.',
    );
    expect(map).toEqual(before);
    expect((await history.list()).map((s) => s.id)).toEqual([second.id, first.id]);
    expect((await history.get(first.id))?.result).toEqual({ loss: 1000 });
  });

  it('removes the record again when only its summary cannot be written', async () => {
    const map = new Map<string, unknown>();
    const inner = memoryStore(map);
    const store: KeyValueStore = {
      ...inner,
      set: (key, value) =>
        key.startsWith('summary/') ? Promise.reject(quotaError()) : inner.set(key, value),
    };
    const history = new HistoryStore(store);
    await expect(history.save(run(1000))).rejects.toThrow('storage is full');
    expect(map.size).toBe(0);
  });

  it('names the cause of a failed write that is not the quota', async () => {
    const { store, state } = fullStore(new Map(), new Error('the database connection is closing'));
    state.failing = true;
    await expect(new HistoryStore(store).save(run(1000))).rejects.toThrow(
      'This run was not saved: the database connection is closing',
    );
  });
});
