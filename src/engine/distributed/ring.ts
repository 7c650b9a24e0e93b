/**
 * Ring all-reduce (Patarasuk and Yuan, 2009; Baidu's and Horovod's allreduce): K replicas in a
 * ring, each vector cut into K chunks. Reduce-scatter: in step s = 0..K-2 replica r sends chunk
 * (r - s) mod K to replica r + 1, which adds it into its own copy; afterwards replica r holds the
 * full sum of chunk (r + 1) mod K. All-gather: in step s replica r sends chunk (r + 1 - s) mod K,
 * which its successor copies over its own. Each replica sends 2 (K - 1) / K of the vector in all,
 * whatever K, and ends with the same sum bit for bit.
 */

/** [start, end) of each of K chunks of a vector of `length`: the first length mod K get one more. */
export function chunkBounds(length: number, k: number): [number, number][] {
  const base = Math.floor(length / k);
  const extra = length % k;
  const bounds: [number, number][] = [];
  let start = 0;
  for (let c = 0; c < k; c++) {
    const end = start + base + (c < extra ? 1 : 0);
    bounds.push([start, end]);
    start = end;
  }
  return bounds;
}

/** One chunk on its way to the next replica; `sentAt` is the sender's clock (epoch ms). */
export interface RingMessage {
  phase: RingPhase;
  step: number;
  chunk: number;
  data: Float32Array;
  sentAt: number;
}

export type RingPhase = 'reduce-scatter' | 'all-gather';

/** A replica's two neighbours: `send` reaches rank + 1, `receive` the next message of rank - 1. */
export interface RingLink {
  send(message: RingMessage): void;
  receive(): Promise<RingMessage>;
}

/** What one ring step did, with the receiver's clock: waited for the sender, then the transfer. */
export interface RingStep {
  phase: RingPhase;
  step: number;
  sent: number;
  received: number;
  bytes: number;
  /** When this replica began the step, when the sender sent, when the chunk arrived (epoch ms). */
  start: number;
  sentAt: number;
  arrived: number;
}

/** The clock the replicas share: epoch milliseconds (each worker's performance.now has its own origin). */
export const wallClock = (): number => performance.timeOrigin + performance.now();

const mod = (a: number, k: number) => ((a % k) + k) % k;

/**
 * Replaces `vector` (this replica's, rank of k) by the sum of all replicas' vectors, exchanging
 * chunks with the neighbours through `link`; returns the 2 (K - 1) steps it took.
 */
export async function ringAllReduce(
  vector: Float32Array,
  rank: number,
  k: number,
  link: RingLink,
): Promise<RingStep[]> {
  const bounds = chunkBounds(vector.length, k);
  const steps: RingStep[] = [];
  for (const phase of ['reduce-scatter', 'all-gather'] as const) {
    for (let step = 0; step < k - 1; step++) {
      const start = wallClock();
      const sent = phase === 'reduce-scatter' ? mod(rank - step, k) : mod(rank + 1 - step, k);
      const [from, to] = bounds[sent];
      link.send({ phase, step, chunk: sent, data: vector.slice(from, to), sentAt: wallClock() });
      const message = await link.receive();
      const arrived = wallClock();
      const expected = phase === 'reduce-scatter' ? mod(rank - step - 1, k) : mod(rank - step, k);
      if (message.phase !== phase || message.step !== step || message.chunk !== expected)
        throw new Error(
          `ring out of order: replica ${rank} expected ${phase} step ${step} chunk ${expected}, got ${message.phase} step ${message.step} chunk ${message.chunk}`,
        );
      const [lo] = bounds[expected];
      if (phase === 'reduce-scatter')
        for (let i = 0; i < message.data.length; i++) vector[lo + i] += message.data[i];
      else vector.set(message.data, lo);
      steps.push({
        phase,
        step,
        sent,
        received: expected,
        bytes: (to - from) * 4,
        start,
        sentAt: message.sentAt,
        arrived,
      });
    }
  }
  return steps;
}

/** A FIFO of incoming messages that a replica awaits one at a time; `fail` rejects the waiter. */
export class Inbox<T> {
  #queue: T[] = [];
  #waiter: { resolve: (value: T) => void; reject: (error: Error) => void } | null = null;

  push(message: T): void {
    if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = null;
      waiter.resolve(message);
    } else this.#queue.push(message);
  }

  next(): Promise<T> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => (this.#waiter = { resolve, reject }));
  }

  /** Drops what is queued and rejects the pending `next` (the ring was rebuilt). */
  fail(error: Error): void {
    this.#queue = [];
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.reject(error);
  }
}
