/**
 * Worker-thread entry for the threaded recorder (./recorder-thread.ts): runs the recorder — the
 * ingest adapters, the online detector and the exchange-log writer — off the gateway's event
 * loop. Verdict changes and usage debits are posted back to the main thread, which owns the
 * store and the enforcer.
 */
import { createWriteStream } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { StoredVerdict } from '../store/index.js';
import { createDetector } from '../verdict/detector.js';
import { PROVIDERS, type Provider } from './providers/index.js';
import { createRecorder, type RecordItem } from './recorder.js';
import type { FromWorker, ToWorker, WireItem } from './recorder-thread.js';

const data = workerData as { seed: number; logFile?: string; maxQueue?: number; nice?: number };
const port = parentPort!;
// Outgoing messages are batched: one postMessage per turn of the worker's loop, not per exchange.
let outbox: FromWorker[] = [];
const sendOutbox = (): void => {
  const msgs = outbox;
  outbox = [];
  port.postMessage(msgs);
};
const post = (m: FromWorker): void => {
  if (outbox.length === 0) setImmediate(sendOutbox);
  outbox.push(m);
};
// On Linux the nice value is per thread: this lowers the worker alone, so the scheduler runs the
// gateway's event loop first whenever both want the CPU, and detection gets the idle time.
if (data.nice) {
  try {
    setPriority(data.nice);
  } catch (err) {
    post({ t: 'error', what: 'nice', message: (err as Error).message });
  }
}
const byName = new Map<string, Provider>(PROVIDERS.map((p) => [p.name, p]));
const out = data.logFile ? createWriteStream(data.logFile, { flags: 'a' }) : undefined;
out?.on('error', (err) => post({ t: 'error', what: 'exchange log', message: err.message }));

// Store and enforcer stand-ins: every write is forwarded to the main thread.
const verdictStore = {
  setVerdict: async (account: string, v: StoredVerdict) => post({ t: 'verdict', account, v }),
  clearVerdict: async (account: string) => post({ t: 'verdict', account, v: null }),
};
const usage = {
  recordUsage: async (u: { account: string; outputTokens: number; now: number }) => post({ t: 'usage', ...u }),
};

const detector = createDetector({ seed: data.seed });
const recorder = createRecorder({
  detector,
  store: verdictStore as never,
  enforcer: usage as never,
  sink: out ? (t) => out.write(t) : undefined,
  maxQueue: data.maxQueue,
  onError: (what, err) => post({ t: 'error', what, message: (err as Error)?.message ?? String(err) }),
});

const decoder = new TextDecoder();

function revive(w: WireItem): RecordItem | undefined {
  const provider = byName.get(w.provider);
  if (!provider) return undefined;
  let request = w.request;
  if (request === undefined && w.requestBytes) {
    try {
      request = JSON.parse(decoder.decode(w.requestBytes)) as RecordItem['request'];
    } catch {
      return undefined; // the proxy only forwards JSON objects; cannot happen
    }
  }
  const { requestBytes: _bytes, ...rest } = w;
  return { ...rest, request: request ?? {}, provider, chunks: w.chunks === null ? null : w.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)) };
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'items') {
    for (const w of m.items) {
      const item = revive(w);
      if (item) recorder.enqueue(item);
    }
    post({ t: 'ack', n: m.items.length });
  } else if (m.t === 'accounts') {
    for (const r of m.records) detector.addAccount(r);
  } else if (m.t === 'flush') {
    void recorder.flush().then(() => post({ t: 'done', id: m.id, n: recorder.stats.recorded }));
  } else if (m.t === 'resync') {
    void recorder.flush().then(() => recorder.resync()).then((n) => post({ t: 'done', id: m.id, n }));
  } else if (m.t === 'close') {
    void recorder.flush().then(() => {
      if (out) out.end(() => post({ t: 'done', id: m.id, n: 0 }));
      else post({ t: 'done', id: m.id, n: 0 });
    });
  }
});
