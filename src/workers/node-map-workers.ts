import { wrap, transfer } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MapWorkerApi, MapWorkerFactory, ShardTask } from '../engine/pipeline/types';

let bundled: Promise<string> | null = null;

/** pipeline-map.node.ts and what it imports as one CommonJS script (Node runs no TypeScript). */
function bundle(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import('rolldown');
    const input = fileURLToPath(new URL('./pipeline-map.node.ts', import.meta.url));
    const out = await build({
      input,
      write: false,
      platform: 'node',
      logLevel: 'silent',
      output: { format: 'cjs' },
    });
    return out.output[0].code;
  })();
  return bundled;
}

/** Map workers for Node: worker threads running the same map stages as the browser's workers. */
export async function nodeMapWorkers(): Promise<MapWorkerFactory> {
  const code = await bundle();
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
