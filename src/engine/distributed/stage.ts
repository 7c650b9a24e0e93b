import { backwardLayers, forwardLayers, gather, lossDelta, sgdStep, type ByteRows } from './mlp';
import type { Endpoint, FromReplica, IntervalKind, ToReplica } from './protocol';
import { chunkBounds, Inbox, wallClock } from './ring';

/** A tensor between stages: micro-batch `micro`'s activations (down) or gradients (up). */
interface StageMessage {
  micro: number;
  data: Float32Array;
  sentAt: number;
}

type StageSetup = Extract<ToReplica, { type: 'stage' }>;
type PipelineStep = Extract<ToReplica, { type: 'pipeline-step' }>;

/** A port to a neighbour stage and the messages that arrived on it. */
function link(port: Endpoint | null) {
  if (!port) return null;
  const inbox = new Inbox<StageMessage>();
  port.onmessage = (event: MessageEvent) => inbox.push(event.data);
  return { port, inbox };
}

/**
 * One pipeline stage of model parallel training (GPipe, Huang et al. 2019): it holds some
 * consecutive layers; each step it runs every micro-batch forward (the first stage from the
 * data, the others from the activations the stage before sends), then every micro-batch backward
 * in reverse order (the last stage from the loss, the others from the gradients the stage after
 * sends), sums the layers' gradients over the micro-batches, and applies SGD to its own layers.
 * Stages wait for each other at the start and end of a step: the pipeline's bubble.
 */
export function createStage(
  setup: StageSetup,
  data: ByteRows,
  mark: (kind: IntervalKind, start: number, end: number) => void,
) {
  const { sizes, index, count } = setup;
  const params = setup.params;
  const [first, last] = [index === 0, index === count - 1];
  const up = link(setup.up);
  const down = link(setup.down);
  let bytesSent = 0;

  const send = (to: { port: Endpoint }, micro: number, tensor: Float32Array) => {
    bytesSent += tensor.byteLength;
    to.port.postMessage({ micro, data: tensor, sentAt: wallClock() } satisfies StageMessage, [
      tensor.buffer,
    ]);
  };
  async function receive(from: { inbox: Inbox<StageMessage> }, micro: number) {
    const start = wallClock();
    const message = await from.inbox.next();
    const arrived = wallClock();
    if (message.micro !== micro)
      throw new Error(`stage ${index} expected micro-batch ${micro}, got ${message.micro}`);
    const ready = Math.max(start, Math.min(message.sentAt, arrived));
    mark('wait', start, ready);
    mark('communicate', ready, arrived);
    return message.data;
  }

  return async function step(message: PipelineStep): Promise<FromReplica> {
    bytesSent = 0;
    const micro = chunkBounds(message.rows.length, message.microBatches)
      .map(([a, b]) => message.rows.subarray(a, b))
      .filter((rows) => rows.length > 0);
    const grad = new Float32Array(params.length);
    const activations: Float32Array[][] = [];
    const stats = { lossSum: 0, correct: 0, rows: 0 };
    for (let m = 0; m < micro.length; m++) {
      const input = first ? gather(data, micro[m]) : await receive(up!, m);
      const started = wallClock();
      activations.push(forwardLayers(params, sizes, input, micro[m].length, last));
      mark('compute', started, wallClock());
      if (down) send(down, m, activations[m][sizes.length - 1].slice());
    }
    for (let m = micro.length - 1; m >= 0; m--) {
      let delta: Float32Array;
      if (last) {
        const labels = Array.from(micro[m], (i) => data.y[i]);
        const out = activations[m][sizes.length - 1];
        const loss = lossDelta(out, sizes[sizes.length - 1], labels, message.scale);
        stats.lossSum += loss.stats.lossSum;
        stats.correct += loss.stats.correct;
        stats.rows += loss.stats.rows;
        delta = loss.delta;
      } else delta = await receive(down!, m);
      const started = wallClock();
      const back = backwardLayers(params, sizes, activations[m], delta, grad, !first);
      mark('compute', started, wallClock());
      if (up && back) send(up, m, back);
    }
    const started = wallClock();
    sgdStep(params, grad, message.learningRate);
    mark('compute', started, wallClock());
    const copy = message.sendParams ? params.slice() : null;
    return {
      type: 'pipeline-done',
      rank: index,
      step: message.step,
      stats,
      intervals: [],
      bytesSent,
      params: copy,
    };
  };
}
