import { expose } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { isAbort } from '../../src/engine/abort';
import type { BackendInfo } from '../../src/workers/backend-choice';
import { WorkerCrashError, WorkerPool } from '../../src/workers/pool';

const info: BackendInfo = {
  backend: 'cpu',
  label: 'CPU',
  adapter: null,
  isFallbackAdapter: false,
  reason: 'test',
  deviceLosses: 0,
};

/**
 * A stand-in for a module worker: a MessagePort pair with the compute API exposed on the far end.
 * `run` counts epochs until cancelled or done; `ready` controls when init resolves.
 */
function fakeWorker(log: string[], ready: Promise<void> = Promise.resolve()) {
  const { port1, port2 } = new MessageChannel();
  const controllers = new Map<number, AbortController>();
  expose(
    {
      init: async () => (await ready, info),
      setBackend: async () => info,
      async run(
        id: number,
        _lab: string,
        config: { epochs: number },
        onProgress: (e: unknown) => Promise<void>,
      ) {
        log.push(`run ${id}`);
        const controller = new AbortController();
        controllers.set(id, controller);
        for (let epoch = 1; epoch <= config.epochs; epoch++) {
          await new Promise((r) => setTimeout(r, 5));
          if (controller.signal.aborted) {
            log.push(`cancelled ${id}`);
            throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
          }
          await onProgress({ epoch });
        }
        log.push(`done ${id}`);
        return { epochs: config.epochs };
      },
      cancel: (id: number) => controllers.get(id)?.abort(),
    },
    port2 as never,
  );
  // Node's MessagePort is an EventTarget with postMessage, as a Worker is.
  return Object.assign(port1, {
    terminate: () => port1.close(),
    crash: () => port1.dispatchEvent(new Event('error')),
  }) as unknown as Worker & { crash(): void };
}

const init = { preference: 'cpu' as const, dataUrl: '', wasmPaths: {} };

describe('WorkerPool', () => {
  it('runs a job with progress and returns its result', async () => {
    const log: string[] = [];
    const pool = new WorkerPool({ size: 1, create: () => fakeWorker(log), init });
    const progress: unknown[] = [];
    const job = pool.run('train', { epochs: 3 }, (e) => progress.push(e));
    expect(await job.result).toEqual({ epochs: 3 });
    expect(progress).toEqual([{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }]);
    pool.terminate();
  });

  it('a job cancelled before its worker is ready never starts', async () => {
    const log: string[] = [];
    let release = () => {};
    const ready = new Promise<void>((r) => (release = r));
    const pool = new WorkerPool({ size: 1, create: () => fakeWorker(log, ready), init });
    const first = pool.run('train', { epochs: 1000 }, () => {});
    first.cancel();
    await expect(first.result).rejects.toSatisfy(isAbort);
    release();
    const second = pool.run('train', { epochs: 2 }, () => {});
    expect(await second.result).toEqual({ epochs: 2 });
    expect(log).toEqual([`run ${second.id}`, `done ${second.id}`]);
    pool.terminate();
  });

  it('cancel reaches into the running job, and the next job gets the worker', async () => {
    const log: string[] = [];
    const pool = new WorkerPool({ size: 1, create: () => fakeWorker(log), init });
    const first = pool.run(
      'train',
      { epochs: 1000 },
      (e) => (e as { epoch: number }).epoch === 2 && first.cancel(),
    );
    await expect(first.result).rejects.toSatisfy(isAbort);
    const second = pool.run('train', { epochs: 1 }, () => {});
    await second.result;
    expect(log).toEqual([
      `run ${first.id}`,
      `cancelled ${first.id}`,
      `run ${second.id}`,
      `done ${second.id}`,
    ]);
    pool.terminate();
  });

  it('a crashed worker fails its job with a clear message and is replaced', async () => {
    const workers: (Worker & { crash(): void })[] = [];
    const pool = new WorkerPool({
      size: 1,
      create: () => {
        workers.push(fakeWorker([]));
        return workers.at(-1)!;
      },
      init,
    });
    const job = pool.run('train', { epochs: 1000 }, () => workers[0].crash());
    await expect(job.result).rejects.toThrow(WorkerCrashError);
    await expect(job.result).rejects.toThrow(/stopped unexpectedly/);
    expect(await pool.run('train', { epochs: 1 }, () => {}).result).toEqual({ epochs: 1 });
    expect(workers).toHaveLength(2);
    pool.terminate();
  });
});
