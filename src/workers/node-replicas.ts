import { mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { rolldown } from 'rolldown';
import type { WorkerSpawner, WorkerTransport } from '../engine/distributed/cluster';
import type { FromReplica } from '../engine/distributed/protocol';
import type { ReplicaContext } from '../engine/distributed/types';

let bundled: Promise<string> | null = null;

/**
 * The replica entry (replica-node.ts and the engine files it imports) bundled to one ES module
 * file, once per process: Node 20 cannot run TypeScript in a worker thread by itself.
 */
function replicaFile(): Promise<string> {
  bundled ??= (async () => {
    const input = fileURLToPath(new URL('./replica-node.ts', import.meta.url));
    const bundle = await rolldown({ input, platform: 'node', logLevel: 'silent' });
    const { output } = await bundle.generate({ format: 'esm' });
    await bundle.close();
    const file = join(await mkdtemp(join(tmpdir(), 'replica-')), 'replica.mjs');
    await writeFile(file, output[0].code);
    return file;
  })();
  return bundled;
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
