/**
 * Writing chunks to a stream with backpressure: wait for 'drain' whenever write() says the buffer
 * is full. A closed reader (EPIPE, e.g. `| head`) ends the run quietly: `closed` comes back true.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface PumpResult {
  chunks: number;
  /** The reader went away before the end (EPIPE or destroyed stream). */
  closed: boolean;
}

function isClosedError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END' || code === 'ECONNRESET';
}

/**
 * Chunks may come from a generator or an async generator (the threaded merge).
 * @example await pump(exchangeChunks(pop, pools), process.stdout)
 */
export async function pump(chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>, out: Writable, onChunk?: () => void): Promise<PumpResult> {
  let closed = false;
  let failure: unknown = null;
  const onError = (err: unknown): void => {
    if (isClosedError(err)) closed = true;
    else failure = err;
  };
  out.on('error', onError);
  let n = 0;
  try {
    for await (const chunk of chunks) {
      if (closed || out.destroyed) {
        closed = true;
        break;
      }
      if (failure) throw failure;
      n++;
      if (!out.write(chunk)) {
        try {
          await once(out, 'drain');
        } catch (err) {
          if (isClosedError(err)) {
            closed = true;
            break;
          }
          throw err;
        }
      }
      onChunk?.();
    }
    if (failure) throw failure;
  } finally {
    out.off('error', onError);
  }
  return { chunks: n, closed };
}

/** End a file stream and wait until it is flushed and closed. */
export async function finish(out: Writable): Promise<void> {
  out.end();
  await once(out, 'finish');
}
