import { transfer, wrap } from 'comlink';
import type { MapWorkerApi, MapWorkerFactory, ShardTask } from '../engine/pipeline/types';

/** Map workers for the browser: module workers started from the compute worker (nested workers). */
export const browserMapWorkers: MapWorkerFactory = () => {
  const worker = new Worker(new URL('./pipeline-map.worker.ts', import.meta.url), {
    type: 'module',
  });
  const api = wrap<MapWorkerApi>(worker);
  return {
    init: async (setup) => api.init(setup),
    map: (task: ShardTask) =>
      api.map(task.decoded ? transfer(task, [task.decoded.buffer as ArrayBuffer]) : task),
    terminate: () => worker.terminate(),
  };
};
