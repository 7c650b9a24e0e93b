import { abortError } from '../abort';
import type { FromReplica, ToReplica } from './protocol';

/**
 * The one thing the engine needs of a worker, whatever runs it (a Web Worker, a Node worker
 * thread, a test double): post a message, hear its messages and its exit, terminate it.
 */
export interface WorkerTransport {
  post(message: ToReplica, transfer?: Transferable[]): void;
  /** `onExit` fires once if the worker dies on its own (a crash); terminate() does not call it. */
  listen(onMessage: (message: FromReplica) => void, onExit: (reason: string) => void): void;
  terminate(): void;
}

/** Starts worker number `id` (ids count up over a run, respawns included). */
export type WorkerSpawner = (id: number) => WorkerTransport;

/** A worker died (killed, crashed or failed): the run recovers or stops. */
export class WorkerLost extends Error {
  override name = 'WorkerLost';
  constructor(
    readonly id: number,
    readonly reason: string,
  ) {
    super(`worker ${id} was lost: ${reason}`);
  }
}

type Waiter = {
  accept: (message: FromReplica) => boolean;
  resolve: (message: FromReplica) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
};

interface Member {
  transport: WorkerTransport;
  mail: FromReplica[];
  waiters: Waiter[];
  dead: string | null;
}

/**
 * The coordinator's view of its workers: each worker's mailbox, replies awaited with a timeout
 * (a worker that never answers stops the run with a message naming it), and deaths (killed here
 * or crashed) that reject what was awaited of that worker with WorkerLost.
 */
export class Cluster {
  readonly #members = new Map<number, Member>();
  readonly #spawn: WorkerSpawner;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal | undefined;
  #nextId = 0;

  constructor(spawn: WorkerSpawner, timeoutMs: number, signal?: AbortSignal) {
    this.#spawn = spawn;
    this.#timeoutMs = timeoutMs;
    this.#signal = signal;
    signal?.addEventListener('abort', () => this.#rejectAll(abortError()), { once: true });
  }

  /** Starts a worker; returns its id. */
  spawn(): number {
    const id = this.#nextId++;
    const member: Member = { transport: this.#spawn(id), mail: [], waiters: [], dead: null };
    this.#members.set(id, member);
    member.transport.listen(
      (message) => {
        if (message.type === 'failed') return this.#lose(id, message.message);
        const index = member.waiters.findIndex((w) => w.accept(message));
        if (index < 0) return void member.mail.push(message);
        const [waiter] = member.waiters.splice(index, 1);
        clearTimeout(waiter.timer);
        waiter.resolve(message);
      },
      (reason) => this.#lose(id, reason),
    );
    return id;
  }

  /** Ids of the workers still alive, in spawn order. */
  live(): number[] {
    return [...this.#members].filter(([, m]) => !m.dead).map(([id]) => id);
  }

  post(id: number, message: ToReplica, transfer: Transferable[] = []): void {
    const member = this.#members.get(id);
    if (member && !member.dead) member.transport.post(message, transfer);
  }

  /** The next message of worker `id` that `accept`s; rejects if it dies, or after the timeout. */
  receive<T extends FromReplica>(id: number, accept: (m: FromReplica) => m is T): Promise<T> {
    const member = this.#members.get(id);
    if (!member) return Promise.reject(new Error(`no worker ${id}`));
    if (member.dead) return Promise.reject(new WorkerLost(id, member.dead));
    if (this.#signal?.aborted) return Promise.reject(abortError());
    const index = member.mail.findIndex(accept);
    if (index >= 0) return Promise.resolve(member.mail.splice(index, 1)[0] as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        member.waiters = member.waiters.filter((w) => w.timer !== timer);
        reject(
          new Error(
            `worker ${id} did not answer within ${(this.#timeoutMs / 1000).toFixed(1)} s: the run was stopped`,
          ),
        );
      }, this.#timeoutMs);
      member.waiters.push({
        accept,
        resolve: resolve as (m: FromReplica) => void,
        reject,
        timer,
      });
    });
  }

  /** Terminates a worker as a crash would; what was awaited of it rejects with WorkerLost. */
  kill(id: number, reason = 'terminated'): void {
    const member = this.#members.get(id);
    if (!member || member.dead) return;
    member.transport.terminate();
    this.#lose(id, reason);
  }

  /** Drops every awaited reply (after a recovery the coordinator asks again). */
  forgetWaits(): void {
    for (const member of this.#members.values()) {
      for (const waiter of member.waiters) clearTimeout(waiter.timer);
      member.waiters = [];
      member.mail = [];
    }
  }

  /** Terminates every worker and rejects whatever is still awaited. */
  close(): void {
    this.#rejectAll(new Error('the run has ended'));
    for (const member of this.#members.values()) {
      if (!member.dead) member.transport.terminate();
      member.dead ??= 'closed';
    }
  }

  #lose(id: number, reason: string): void {
    const member = this.#members.get(id);
    if (!member || member.dead) return;
    member.dead = reason;
    for (const waiter of member.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new WorkerLost(id, reason));
    }
  }

  #rejectAll(error: Error): void {
    for (const member of this.#members.values())
      for (const waiter of member.waiters.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(error);
      }
  }
}
