/** Cooperative cancellation and yielding for long loops in workers and Node. */

/** The error a cancelled run rejects with; `isAbort` recognises it across comlink. */
export function abortError(): Error {
  const error = new Error('The run was cancelled.');
  error.name = 'AbortError';
  return error;
}

export const isAbort = (error: unknown): boolean =>
  error instanceof Error && error.name === 'AbortError';

/** Throws the signal's reason when it is an Error (e.g. "device lost"), else an AbortError. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : abortError();
}

/**
 * Lets queued messages (a cancel, a new request) run: a macrotask turn, since awaiting a resolved
 * promise only drains microtasks.
 */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, 0));

/** Calls `yieldToEventLoop` at most every `intervalMs` of busy time, then checks the signal. */
export function createYielder(signal: AbortSignal | undefined, intervalMs = 25) {
  let last = performance.now();
  return async (): Promise<void> => {
    if (performance.now() - last >= intervalMs) {
      await yieldToEventLoop();
      last = performance.now();
    }
    throwIfAborted(signal);
  };
}
