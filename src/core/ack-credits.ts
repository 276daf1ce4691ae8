/**
 * Backpressure for a worker thread that posts batches to its parent: at most `maxInFlight`
 * batches may be posted and not yet acknowledged (the parent answers each with `'ack'`), so the
 * worker's memory stays bounded whatever the speed of the consumer. Used by the scan reader
 * worker and the simulator's generator workers.
 */

/** The part of a MessagePort the gate needs. */
export interface AckPort {
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

export interface AckCredits {
  /** Resolves once a batch may be posted, and takes that credit. */
  take(): Promise<void>;
}

/**
 * @example const credits = ackCredits(parentPort!, 8); await credits.take(); parentPort!.postMessage(batch);
 */
export function ackCredits(port: AckPort, maxInFlight: number): AckCredits {
  let credits = maxInFlight;
  let wake: (() => void) | null = null;
  port.on('message', (m: unknown) => {
    if (m === 'ack') {
      credits++;
      const w = wake;
      wake = null;
      w?.();
    }
  });
  return {
    async take() {
      while (credits <= 0) await new Promise<void>((r) => (wake = r));
      credits--;
    },
  };
}
