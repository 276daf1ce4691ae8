/**
 * The parent's side of a worker thread that streams messages: they queue here until asked for, in
 * order; a worker error, or the worker exiting while its consumer still waits, is thrown from
 * `take()` once the messages that came before it are delivered. The worker side's backpressure is
 * ./ack-credits.ts.
 */
import type { Worker } from 'node:worker_threads';

export interface WorkerInbox<M> {
  /** The next message, waiting for it. Throws the worker's failure once nothing is queued. */
  take(): Promise<M>;
}

/**
 * @param name how errors name the worker, e.g. "scan worker"
 * @param onArrival sees each message as it arrives (before it is taken), e.g. to count a queue
 * @example const inbox = workerInbox<Msg>(worker, 'scan worker'); const m = await inbox.take();
 */
export function workerInbox<M>(worker: Worker, name: string, onArrival?: (message: M) => void): WorkerInbox<M> {
  const queue: M[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: M) => {
    queue.push(m);
    onArrival?.(m);
    notify();
  });
  worker.on('error', (err: Error) => {
    failure ??= err;
    notify();
  });
  worker.on('exit', (code: number) => {
    failure ??= new Error(`${name} exited (code ${code}) before the end of its work`);
    notify();
  });
  return {
    async take() {
      for (;;) {
        if (queue.length > 0) return queue.shift()!;
        if (failure) throw failure;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
}
