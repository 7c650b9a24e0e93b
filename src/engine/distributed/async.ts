import { throwIfAborted } from '../abort';
import { createRng } from '../rng';
import { WorkerLost, type Cluster } from './cluster';
import { sgdStep } from './mlp';
import type { DistributedProgress } from './progress';
import type { FromReplica } from './protocol';
import { wallClock } from './ring';
import { startWorkers, type StrategyOutcome } from './sync';
import { TimelineBook } from './timeline';
import { shards, type FailureEvent, type StepRecord, type StrategySetup } from './types';

type Gradient = Extract<FromReplica, { type: 'gradient' }>;

/**
 * Asynchronous training with a parameter server (tf.distribute's ParameterServerStrategy, here
 * the coordinator is the server). Each worker pulls the parameters at the server's version v,
 * computes the mean gradient of its share of a global batch and pushes it; the server applies
 * each gradient the moment it arrives, θ ← θ - lr g, so a gradient may be stale: computed at v
 * while the server is at v' > v (staleness v' - v). With a bound s > 0 (stale synchronous
 * parallel, Ho et al. 2013) a worker that has pushed more than s updates beyond the slowest live
 * worker waits. A lost worker's gradient is lost; the others carry on with its share.
 */
export async function trainParameterServer(
  cluster: Cluster,
  setup: StrategySetup,
  report: (event: DistributedProgress) => Promise<void>,
  bindKill: (kill: (() => string | null) | null) => void,
): Promise<StrategyOutcome & { failures: FailureEvent[]; staleness: number[] }> {
  const strategy = 'parameter-server';
  const book = new TimelineBook();
  const faults = createRng(setup.seed ^ 0xa5a5);
  const ids = await startWorkers(cluster, setup.workers, setup);
  ids.forEach((id) => book.open(id));
  const k = setup.workers;
  const total = setup.steps * k;
  const params = setup.initial.slice();
  const clocks = new Map(ids.map((id) => [id, 0]));
  const staleness: number[] = [];
  const steps: StepRecord[] = [];
  const failures: FailureEvent[] = [];
  let [version, handed, inFlight] = [0, 0, 0];
  let pending = { lossSum: 0, rows: 0, staleness: 0, bytes: 0 };
  let [killTimer, lastStep, lastStepMs]: [ReturnType<typeof setTimeout> | null, number, number] = [
    null,
    performance.now(),
    50,
  ];
  const wakers = new Set<() => void>();
  const changed = () => [...wakers].forEach((wake) => wake());
  setup.signal?.addEventListener('abort', changed, { once: true });
  const until = (ok: () => boolean) =>
    ok()
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const wake = () => ok() && (wakers.delete(wake), resolve());
          wakers.add(wake);
        });
  const finished = () => version + inFlight >= total;
  const ahead = (id: number) =>
    setup.stalenessBound > 0 &&
    clocks.get(id)! - Math.min(...[...clocks.values()]) > setup.stalenessBound;
  const killOne = (pick: number) => {
    if (clocks.size < 2) return null;
    const id = [...clocks.keys()][pick % clocks.size];
    book.lost(id);
    cluster.kill(id, 'terminated mid-update');
    return `worker ${id}`;
  };
  bindKill(() => killOne(faults.int(clocks.size)));

  async function serve(id: number): Promise<void> {
    for (;;) {
      const asked = wallClock();
      await until(() => setup.signal?.aborted === true || finished() || !ahead(id));
      throwIfAborted(setup.signal);
      if (finished()) return;
      const task = handed++;
      const rows = shards(setup.batchRows(Math.floor(task / k)), k)[task % k];
      const pulled = params.slice();
      inFlight++;
      const sentAt = wallClock();
      book.mark(id, 'wait', asked, sentAt);
      cluster.post(
        id,
        { type: 'gradient', version, params: pulled, rows, scale: 1 / rows.length, sentAt },
        [pulled.buffer],
      );
      let reply: Gradient;
      try {
        reply = await cluster.receive(id, (m): m is Gradient => m.type === 'gradient');
      } catch (error) {
        inFlight--;
        if (!(error instanceof WorkerLost)) throw error;
        clocks.delete(id);
        book.lost(id);
        const event: FailureEvent = {
          worker: id,
          at: version,
          seconds: book.now(),
          reason: error.reason,
          workersAfter: clocks.size,
          restoredFrom: null,
          replayedSteps: 0,
          lostRows: rows.length,
        };
        failures.push(event);
        changed();
        await report({ type: 'failure', strategy, event });
        if (clocks.size === 0 && !finished())
          throw new Error('every worker was lost', { cause: error });
        return;
      }
      inFlight--;
      book.add(id, reply.intervals);
      book.mark(id, 'communicate', reply.sentAt, wallClock());
      staleness.push(version - reply.version);
      sgdStep(params, reply.grad, setup.learningRate);
      version++;
      clocks.set(id, clocks.get(id)! + 1);
      pending = {
        lossSum: pending.lossSum + reply.stats.lossSum,
        rows: pending.rows + reply.stats.rows,
        staleness: pending.staleness + staleness[staleness.length - 1],
        bytes: pending.bytes + 2 * params.byteLength,
      };
      changed();
      if (version % k === 0) await stepDone();
    }
  }

  async function stepDone() {
    const record: StepRecord = {
      step: version / k,
      loss: pending.lossSum / pending.rows,
      seconds: book.now(),
      bytes: pending.bytes,
      staleness: pending.staleness / k,
    };
    pending = { lossSum: 0, rows: 0, staleness: 0, bytes: 0 };
    steps.push(record);
    lastStepMs = performance.now() - lastStep;
    lastStep = performance.now();
    if (killTimer === null && clocks.size > 1 && faults.next() < setup.failureRate) {
      const pick = faults.int(clocks.size);
      killTimer = setTimeout(() => {
        killTimer = null;
        killOne(pick);
      }, faults.next() * lastStepMs);
    }
    await report({ type: 'step', strategy, record, intervals: book.take() });
  }

  try {
    await Promise.all(ids.map(serve));
  } finally {
    bindKill(null);
    if (killTimer !== null) clearTimeout(killTimer);
    setup.signal?.removeEventListener('abort', changed);
  }
  const end = wallClock();
  for (const id of clocks.keys()) {
    const line = book.lines().find((l) => l.worker === id);
    const last = line?.intervals.at(-1)?.end ?? 0;
    book.mark(id, 'idle', book.origin + last * 1000, end);
  }
  return { steps, failures, book, params, staleness };
}
