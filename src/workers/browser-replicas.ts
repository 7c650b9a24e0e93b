import type { WorkerTransport } from '../engine/distributed/cluster';
import type { FromReplica } from '../engine/distributed/protocol';
import type { ReplicaContext } from '../engine/distributed/types';

/** A module Web Worker running one /distributed replica (replica.worker.ts). */
function webWorkerTransport(): WorkerTransport {
  const worker = new Worker(new URL('./replica.worker.ts', import.meta.url), { type: 'module' });
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    listen(onMessage, onExit) {
      worker.onmessage = (event: MessageEvent<FromReplica>) => onMessage(event.data);
      worker.onerror = (event) => onExit(event.message || 'the worker failed');
    },
    terminate: () => worker.terminate(),
  };
}

/** Web Workers for the /distributed lab in the page. */
export const browserReplicas = (options: Omit<ReplicaContext, 'spawn'> = {}): ReplicaContext => ({
  cores: navigator.hardwareConcurrency || undefined,
  ...options,
  spawn: webWorkerTransport,
});
