/**
 * Record path of the gateway without sockets: CPU µs and V8 heap bytes allocated per exchange of
 * (a) the openai-chat adapter's convert on the bench's ~1 KB request and mock reply, and (b) the
 * in-process recorder (convert + exchange-log line, no detector). The young generation is made
 * large enough (256 MB) that no GC runs inside a round, so heap growth = bytes allocated.
 * 5,000 exchanges a round, median of 5 rounds after one warm-up round.
 * Run: node --import tsx bench/gateway-record.ts (re-executes itself with --expose-gc).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  const r = spawnSync(process.execPath, ['--expose-gc', '--min-semi-space-size=256', '--max-semi-space-size=256', '--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { openAIChat } = await import('../src/gateway/providers/openai.js');
const { createRecorder } = await import('../src/gateway/recorder.js');
const filler = 'Explain the following code step by step and write out your complete reasoning. '.repeat(11);
const bodyS = JSON.stringify({ model: 'gpt-bench', max_tokens: 256, stream: false, messages: [{ role: 'system', content: 'You are a careful assistant.' }, { role: 'user', content: filler }] });
const resp = Buffer.from(JSON.stringify({ id: 'chatcmpl-mock', created: 1, model: 'gpt-bench', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the mock upstream.', refusal: null }, finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 } }));
const N = 5000;
const gc = (globalThis as any).gc as () => void;
function measure(name: string, prep: () => any[], run: (items: any[]) => Promise<void> | void) {
  return async () => {
    const items = prep();
    gc(); gc();
    const h0 = v8.getHeapStatistics().used_heap_size; const c0 = process.cpuUsage();
    await run(items);
    const c = process.cpuUsage(c0); const h1 = v8.getHeapStatistics().used_heap_size;
    return { name, us: (c.user + c.system) / N, bytes: (h1 - h0) / N };
  };
}
const mkReq = () => Array.from({ length: N }, () => JSON.parse(bodyS));
let ts = Date.parse('2026-01-01T00:00:00Z');
const convert = measure('adapter.convert (parsed resp)', mkReq, (reqs) => {
  const keep: unknown[] = [];
  for (let i = 0; i < N; i++) keep.push(openAIChat.adapter.convert({ request: reqs[i], response: JSON.parse(resp.toString('utf8')), metadata: { account: 'a' + (i % 100), key: 'kh', ts: ts++, id: 'r' + i, ip: '127.0.0.1', user_agent: 'ua', status: 200, latency_ms: 1 } }));
  (globalThis as any).keep = keep;
});
const lines: string[] = [];
const rec = createRecorder({ sliceMs: 1e9, sink: (t: string) => { lines.push(t); } });
const record = measure('recorder (convert+stringify, no detector)', mkReq, async (reqs) => {
  for (let i = 0; i < N; i++) rec.enqueue({ provider: openAIChat, request: reqs[i], id: 'r' + i, ts: ts++, account: 'a' + (i % 100), keyHash: 'kh', status: 200, latencyMs: 1, sse: false, chunks: [resp], ip: '127.0.0.1', userAgent: 'ua' });
  await rec.flush();
});
const res: Record<string, { us: number[]; bytes: number[] }> = {};
const which = process.env.ONLY === "record" ? [record] : process.env.ONLY === "convert" ? [convert] : [convert, record];
for (let round = 0; round < 6; round++) for (const f of which) {
  const r = await f(); lines.length = 0; (globalThis as any).keep = null;
  if (round === 0) continue;
  (res[r.name] ??= { us: [], bytes: [] }).us.push(r.us); res[r.name].bytes.push(r.bytes);
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
for (const [k, v] of Object.entries(res)) console.log(`${k}: ${med(v.us).toFixed(2)} µs CPU/exchange, ${Math.round(med(v.bytes))} B heap/exchange (median of 5)`);
