import { mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerSpawner, WorkerTransport } from '../engine/distributed/cluster';
import type { FromReplica } from '../engine/distributed/protocol';
import type { ReplicaContext } from '../engine/distributed/types';
import { bundleForNode } from './node-bundle';

let replicaPath: Promise<string> | null = null;

/** The replica entry (replica-node.ts and what it imports) as one ES module file, once per process. */
function replicaFile(): Promise<string> {
  replicaPath ??= (async () => {
    const code = await bundleForNode(new URL('./replica-node.ts', import.meta.url), 'esm');
    const file = join(await mkdtemp(join(tmpdir(), 'replica-')), 'replica.mjs');
    await writeFile(file, code);
    return file;
  })();
  return replicaPath;
}

/** A Node worker thread behind the engine's transport. */
function nodeTransport(file: string): WorkerTransport {
  const worker = new Worker(file);
  let terminated = false;
  return {
    post: (message, transfer = []) =>
      worker.postMessage(
        message,
        transfer as unknown as readonly import('node:worker_threads').Transferable[],
      ),
    listen(onMessage, onExit) {
      worker.on('message', (message: FromReplica) => onMessage(message));
      worker.on('error', (error) => onExit(error.message));
      worker.on('exit', (code) => !terminated && onExit(`exited with code ${code}`));
    },
    terminate() {
      terminated = true;
      void worker.terminate();
    },
  };
}

/** Worker threads for the /distributed lab in Node (the CLI, the tests, the bench). */
export async function nodeReplicas(
  options: Omit<ReplicaContext, 'spawn'> = {},
): Promise<ReplicaContext> {
  const file = await replicaFile();
  const spawn: WorkerSpawner = () => nodeTransport(file);
  return { cores: availableParallelism(), ...options, spawn };
}
