/**
 * Writing accepted records as JSON Lines with backpressure. A record whose source line needed no
 * rewriting is copied byte for byte (no re-serialization); others are JSON.stringify'd.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Scanned } from './scan.js';

export interface JsonlWriter {
  write(batch: readonly Scanned<unknown>[]): Promise<void>;
  close(): Promise<void>;
}

const NL = Buffer.from('\n');

/**
 * @example
 * const w = createJsonlWriter('out/exchanges.jsonl');
 * await w.write(batch); await w.close();
 */
export function createJsonlWriter(path: string): JsonlWriter {
  // A deep buffer: parsing goes on while the previous batches are written.
  const stream = createWriteStream(path, { highWaterMark: 16 << 20 });
  let failure: Error | null = null;
  stream.on('error', (err) => (failure = err));
  return {
    async write(batch) {
      if (failure) throw failure;
      const parts: Buffer[] = [];
      let pending = '';
      for (const s of batch) {
        if (s.raw !== null) {
          if (pending) parts.push(Buffer.from(pending)), (pending = '');
          parts.push(s.raw, NL);
        } else {
          pending += JSON.stringify(s.item) + '\n';
        }
      }
      if (pending) parts.push(Buffer.from(pending));
      if (parts.length === 0) return;
      if (!stream.write(Buffer.concat(parts))) await once(stream, 'drain');
    },
    async close() {
      stream.end();
      if (!stream.writableFinished) await once(stream, 'finish');
      if (failure) throw failure;
    },
  };
}
