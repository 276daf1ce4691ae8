/**
 * The thread behind ./pipe-pump.ts: reads a pipe as fast as its writer fills it and posts what it
 * read in blocks. Its event loop does nothing else, so the next read is issued as soon as the last
 * one returns; the consumer's thread, busy with parsing, could not do that.
 *
 * - A block is posted when the consumer has taken every earlier one (it is waiting: post at once,
 *   however little) or when `blockBytes` have gathered; at most `maxInFlight` blocks wait to be
 *   taken, then reading pauses (bounded memory).
 * - Blocks are fresh ArrayBuffers, transferred, not copied.
 * - A read error is posted as one `error` message (message + code); then the thread ends.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { PumpInput, PumpMessage } from './pipe-pump.js';

const port = parentPort;
if (port === null) throw new Error('pipe-pump-worker.ts must run in a worker thread');
const { path, blockBytes, maxInFlight } = workerData as PumpInput;

let parts: Buffer[] = [];
let size = 0;
let inFlight = 0;
let ended = false;
let done = false;

const stream = createReadStream(path, { highWaterMark: blockBytes });

function post(m: PumpMessage, transfer?: ArrayBuffer[]): void {
  port!.postMessage(m, transfer);
}

function settle(): void {
  if (done) return;
  if (size > 0 && inFlight < maxInFlight && (inFlight === 0 || size >= blockBytes || ended)) {
    // allocUnsafeSlow: never a slice of Node's shared pool, so its buffer may be transferred
    const block = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (const p of parts) at += p.copy(block, at);
    parts = [];
    size = 0;
    inFlight++;
    const bytes = block.buffer as ArrayBuffer;
    post({ type: 'block', bytes }, [bytes]);
  }
  if (ended) {
    if (size === 0) {
      done = true;
      post({ type: 'end' });
    }
    return;
  }
  if (size >= blockBytes && inFlight >= maxInFlight) stream.pause();
  else if (stream.isPaused()) stream.resume();
}

stream.on('data', (c: string | Buffer) => {
  const b = typeof c === 'string' ? Buffer.from(c) : c;
  parts.push(b);
  size += b.length;
  settle();
});
stream.on('end', () => {
  ended = true;
  settle();
});
stream.on('error', (err: NodeJS.ErrnoException) => {
  done = true;
  post({ type: 'error', message: err.message, code: err.code });
});
port.on('message', (m: unknown) => {
  if (m === 'ack') {
    inFlight--;
    settle();
  }
});
