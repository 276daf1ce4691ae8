import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../core/exchange.js';
import { createMemoryStore } from '../store/index.js';
import { openAIChat } from './providers/openai.js';
import type { RecordItem } from './recorder.js';
import { createThreadedRecorder } from './recorder-thread.js';

const dir = mkdtempSync(join(tmpdir(), 'moat-rec-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const item = (i: number): RecordItem => ({
  provider: openAIChat,
  request: { model: 'm', messages: [{ role: 'user', content: `question ${i}` }] },
  requestBytes: Buffer.from(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `question ${i}` }] })),
  id: `req_${i}`,
  ts: Date.parse('2026-01-01T00:00:10Z') + i,
  account: `acct_${i % 3}`,
  keyHash: 'kh_00000000000000000000000000000000',
  status: 200,
  latencyMs: 3,
  sse: false,
  chunks: [Buffer.from(JSON.stringify({ id: 'c', created: 1, choices: [{ index: 0, message: { role: 'assistant', content: `answer ${i}` } }], usage: { completion_tokens: 7 } }))],
});

/** Nice values of this process's threads (Linux), read from /proc. */
function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((t) => Number(readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1].split(' ')[16]));
}

describe('threaded recorder', () => {
  it('records every exchange on its worker, at a lowered priority, and its pending count drains to 0', async () => {
    const logFile = join(dir, 'ex.jsonl');
    const before = threadNices().filter((n) => n === 19).length;
    const rec = createThreadedRecorder({ store: createMemoryStore(), seed: 1, logFile });
    for (let i = 0; i < 20; i++) rec.enqueue(item(i));
    expect(rec.pending).toBe(20);
    await rec.flush();
    expect(rec.pending).toBe(0);
    if (process.platform === 'linux') expect(threadNices().filter((n) => n === 19).length).toBe(before + 1);
    await rec.close();
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Exchange);
    expect(lines.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => `req_${i}`));
    expect(lines[3]).toMatchObject({ account: 'acct_0', output: 'answer 3', output_tokens: 7 });
  }, 30_000);

  it('sheds beyond its bound, counting items the worker has not taken yet', async () => {
    const rec = createThreadedRecorder({ store: createMemoryStore(), seed: 1, maxQueue: 5, nice: 0 });
    // All enqueued in one turn: nothing is acknowledged yet, so the bound holds at 5.
    for (let i = 0; i < 12; i++) rec.enqueue(item(i));
    expect(rec.stats.dropped).toBe(7);
    expect(rec.pending).toBe(5);
    await rec.flush();
    expect(rec.pending).toBe(0);
    await rec.close();
  }, 30_000);
});
