/**
 * Memory per account, one measurement per process (run by bench/scan.ts with --expose-gc):
 *   sketch     100,000 account sketches (SketchStore) × 10 updates each: the per-account sketch
 *   synthetic  100,000 accounts × 10 exchanges through the whole detector (sketch, per-account
 *              columns, id and index, attribute buckets, edges); a unique IP each, /24s shared
 *   log DIR    the detector after a whole log (includes the signal miner's tables and the side file)
 */
import { readAccounts, readExchanges } from '../src/ingest/read-log.js';
import { BYTES_PER_ACCOUNT, SketchStore } from '../src/sketch/store.js';
import { createDetector } from '../src/verdict/detector.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const [mode, data] = process.argv.slice(2);
const N = 100_000;
const used = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const report = (what: string, bytes: number, accounts: number) =>
  console.log(`memory ${what}: ${(bytes / 1048576).toFixed(1)} MiB for ${accounts} accounts = ${Math.round(bytes / accounts)} bytes/account`);

const before = used();
if (mode === 'sketch') {
  const s = new SketchStore(1024);
  for (let a = 0; a < N; a++) s.add();
  for (let k = 0; k < 10; k++) for (let a = 0; a < N; a++) s.update(a, { tsMs: k * 3_600_000 + a, hour: k, capability: a % 10, template: (a * 7 + k) % 5000, elicited: k % 3 === 0, rubric: false, agentic: false, reasoning: true, inputTokens: 20, outputTokens: 200, promptChars: 50, model: k % 3, window: k * 6 });
  report(`sketch store (typed columns; ${BYTES_PER_ACCOUNT} bytes/account by layout, capacity ${s.capacity})`, used() - before, s.size);
} else if (mode === 'synthetic') {
  const sig = { capability: 'coding', capabilities: ['coding'], elicitation: [], templateId: 0, systemId: 0, skeleton: '', simhash: [0, 0], promptChars: 40, toolCount: 0, agentic: false, turns: 1 } as const;
  const d = createDetector({ extractor: { extract: () => ({ ...sig, capabilities: ['coding'], elicitation: [], simhash: [0, 0] }) } });
  const t0 = Date.parse('2026-03-02T00:00:00Z');
  for (let k = 0; k < 10; k++) {
    for (let a = 0; a < N; a++) {
      d.step({ id: `s${k}-${a}`, ts: new Date(t0 + k * 3_600_000 + a).toISOString(), account: `acct_${a}`, ip: `10.${a >> 16}.${(a >> 8) & 255}.${a & 255}`, asn: 64500 + (a % 50), user_agent: 'bench/1.0', model: 'atlas-4', messages: [], input_tokens: 20, output_tokens: 200 });
    }
  }
  report('whole detector, synthetic steady state (sketch + columns + id/index + buckets + edges)', used() - before, d.ids.length);
} else if (mode === 'log') {
  const d = createDetector();
  for (const a of await readAccounts(data)) d.addAccount(a);
  for await (const batch of readExchanges(data)) for (const ex of batch) d.step(ex);
  report(`whole detector after ${data} (plus signal miner tables and side-file records)`, used() - before, d.ids.length);
}
