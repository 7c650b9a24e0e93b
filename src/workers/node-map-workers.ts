import { wrap, transfer } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import type { MapWorkerApi, MapWorkerFactory, ShardTask } from '../engine/pipeline/types';
import { bundleForNode } from './node-bundle';

/** Map workers for Node: worker threads running the same map stages as the browser's workers. */
export async function nodeMapWorkers(): Promise<MapWorkerFactory> {
  const code = await bundleForNode(new URL('./pipeline-map.node.ts', import.meta.url), 'cjs');
  return () => {
    const worker = new Worker(code, { eval: true });
    const api = wrap<MapWorkerApi>(nodeEndpoint(worker));
    return {
      init: async (setup) => api.init(setup),
      map: (task: ShardTask) =>
        api.map(task.decoded ? transfer(task, [task.decoded.buffer as ArrayBuffer]) : task),
      terminate: () => void worker.terminate(),
    };
  };
}
