import { accumulateGradient, sgdStep, type ByteRows } from './mlp';
import type { Endpoint, FromReplica, Interval, IntervalKind, ToReplica } from './protocol';
import { Inbox, ringAllReduce, wallClock, type RingMessage } from './ring';
import { createStage } from './stage';

/**
 * One replica of the /distributed lab, behind any Endpoint (a Web Worker's `self`, a Node worker
 * thread's `parentPort`). It holds the training rows and, in synchronous training, its own copy
 * of the parameters; it talks to its ring neighbours directly through MessagePorts, never through
 * the coordinator. Every stretch of its time goes into a timeline: compute, communicate, wait
 * (for a slower peer) and idle (no work from the coordinator).
 */
export function serveReplica(endpoint: Endpoint): void {
  let rank = 0;
  let sizes: number[] = [];
  let data: ByteRows | null = null;
  let params: Float32Array = new Float32Array(0);
  let ring: { generation: number; size: number; next: Endpoint | null; inbox: Inbox<RingMessage> } =
    { generation: -1, size: 1, next: null, inbox: new Inbox() };
  let intervals: Interval[] = [];
  let stage: ReturnType<typeof createStage> | null = null;
  let lastReply = wallClock();

  const mark = (kind: IntervalKind, start: number, end: number) => {
    if (end > start) intervals.push({ kind, start, end });
  };
  const reply = (message: FromReplica, transfer: Transferable[] = []) => {
    endpoint.postMessage(message, transfer);
    lastReply = wallClock();
  };
  const takeIntervals = () => {
    const taken = intervals;
    intervals = [];
    return taken;
  };

  async function syncStep(message: Extract<ToReplica, { type: 'sync-step' }>) {
    if (!data) throw new Error('replica not initialized');
    const grad = new Float32Array(params.length);
    const started = wallClock();
    const stats = accumulateGradient(params, sizes, data, message.rows, message.scale, grad);
    mark('compute', started, wallClock());
    const { generation, next, inbox, size } = ring;
    const steps =
      size > 1 && next
        ? await ringAllReduce(grad, rank, size, {
            send: (chunk) => next.postMessage(chunk, [chunk.data.buffer]),
            receive: () => inbox.next(),
          })
        : [];
    if (generation !== ring.generation) return; // the ring was rebuilt meanwhile: a stale step
    for (const s of steps) {
      const ready = Math.max(s.start, Math.min(s.sentAt, s.arrived));
      mark('wait', s.start, ready);
      mark('communicate', ready, s.arrived);
    }
    const update = wallClock();
    sgdStep(params, grad, message.learningRate);
    let checksum = 0;
    for (let i = 0; i < params.length; i++) checksum += params[i];
    mark('compute', update, wallClock());
    const copy = message.checkpoint ? params.slice() : null;
    reply(
      {
        type: 'sync-done',
        rank,
        generation: message.generation,
        step: message.step,
        stats,
        intervals: takeIntervals(),
        ring: steps,
        bytesSent: steps.reduce((sum, s) => sum + s.bytes, 0),
        checksum,
        params: copy,
      },
      copy ? [copy.buffer] : [],
    );
  }

  function gradient(message: Extract<ToReplica, { type: 'gradient' }>) {
    if (!data) throw new Error('replica not initialized');
    const grad = new Float32Array(message.params.length);
    const started = wallClock();
    const stats = accumulateGradient(
      message.params,
      sizes,
      data,
      message.rows,
      message.scale,
      grad,
    );
    mark('compute', started, wallClock());
    reply(
      {
        type: 'gradient',
        rank,
        version: message.version,
        grad,
        stats,
        intervals: takeIntervals(),
        sentAt: wallClock(),
      },
      [grad.buffer],
    );
  }

  endpoint.onmessage = (event: MessageEvent) => {
    const message = event.data as ToReplica;
    // The server accounts for a parameter server worker's time between tasks (push, wait);
    // the pull lasts from the server's send to now.
    if (message.type === 'gradient') mark('communicate', message.sentAt, wallClock());
    else mark('idle', lastReply, wallClock());
    try {
      switch (message.type) {
        case 'init':
          rank = message.rank;
          sizes = message.sizes;
          data = message.data;
          reply({ type: 'ready', rank });
          break;
        case 'ring': {
          ring.inbox.fail(new Error('ring rebuilt'));
          const inbox = new Inbox<RingMessage>();
          if (message.prev) message.prev.onmessage = (e: MessageEvent) => inbox.push(e.data);
          rank = message.rank;
          ring = { generation: message.generation, size: message.size, next: message.next, inbox };
          reply({ type: 'ready', rank });
          break;
        }
        case 'params':
          params = message.params;
          lastReply = wallClock();
          break;
        case 'sync-step':
          syncStep(message).catch((error: unknown) => {
            // A rebuilt ring rejects the step it interrupted; the coordinator has moved on.
            if (message.generation === ring.generation) fail(error);
          });
          break;
        case 'gradient':
          gradient(message);
          break;
        case 'stage':
          if (!data) throw new Error('replica not initialized');
          stage = createStage(message, data, mark);
          reply({ type: 'ready', rank });
          break;
        case 'pipeline-step': {
          if (!stage) throw new Error('not a pipeline stage');
          stage(message).then((done) => {
            const transfer =
              done.type === 'pipeline-done' && done.params ? [done.params.buffer] : [];
            reply({ ...done, intervals: takeIntervals() } as FromReplica, transfer);
          }, fail);
          break;
        }
      }
    } catch (error) {
      fail(error);
    }
  };

  function fail(error: unknown) {
    reply({
      type: 'failed',
      rank,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}
