import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { workerInbox } from './worker-inbox.js';

const inline = (code: string): Worker => new Worker(`const { parentPort } = require('node:worker_threads');\n${code}`, { eval: true });

describe('workerInbox', () => {
  it('delivers messages in order, then the worker error, and shows each message on arrival', async () => {
    const seen: number[] = [];
    const worker = inline(`parentPort.postMessage(1); parentPort.postMessage(2); throw new Error('boom');`);
    const inbox = workerInbox<number>(worker, 'test worker', (m) => seen.push(m));
    expect(await inbox.take()).toBe(1);
    expect(await inbox.take()).toBe(2);
    await expect(inbox.take()).rejects.toThrow('boom');
    expect(seen).toEqual([1, 2]);
  });

  it('a worker that exits while its consumer still waits is an error naming it', async () => {
    const worker = inline(`parentPort.postMessage('last'); process.exit(0);`);
    const inbox = workerInbox<string>(worker, 'test worker');
    expect(await inbox.take()).toBe('last');
    await expect(inbox.take()).rejects.toThrow(/test worker exited \(code 0\) before the end/);
  });
});
