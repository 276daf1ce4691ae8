/**
 * Open-loop, paced load for the gateway bench: requests are issued on a fixed schedule
 * (evenly spaced at `rate` a second) whatever the server does, each on a free connection of an
 * undici Pool, and every latency is measured from the request's SCHEDULED send time to the end of
 * its response body. A server that falls behind therefore pays for every request it delayed
 * (no coordinated omission), and a fast one is not flattered by a bursty client.
 *
 * Why: autocannon's `overallRate` is not a pacer. Each connection sends back-to-back (closed loop)
 * until it has made its share of the second (rate / connections), then waits for its 1 s timer;
 * so at 2,000 req/s over 50 connections the whole second's 2,000 requests go out at full speed
 * with 50 in flight, then nothing until the next second. Its "fixed-rate" latency is close to
 * 50 ÷ the target's throughput (Little's law), i.e. a saturation figure.
 *
 * Timing: a 1 ms interval timer issues every request whose scheduled time has come (≈ 2 a tick at
 * 2,000/s). Timer lateness counts in the latency (measured from the schedule), the same for every
 * target, `direct` included.
 *
 * @example
 * const r = await paced({ url: 'http://127.0.0.1:8080', path: '/v1/chat/completions', rate: 2000, seconds: 1, body, headersFor: (i) => ({ authorization: `Bearer ${keys[i % 100]}` }) });
 * r.latencies.length; // ≈ 2000 (200s only); r.bad counts the rest
 */
import type { ChildProcess, Serializable } from 'node:child_process';
import { Pool } from 'undici';

export interface PacedOptions {
  url: string;
  path: string;
  /** Requests a second, evenly spaced. */
  rate: number;
  seconds: number;
  body: string;
  /** Headers of the i-th request (content-type is added). */
  headersFor: (i: number) => Record<string, string>;
  /** Connections the pool may open. Default 50, the load; a send that waits for one still counts from its scheduled time. */
  connections?: number;
  /** A pool to reuse across rounds (its connections stay open; not closed here). Default: a new one, closed at the end. */
  pool?: Pool;
  /** Give up on a response after this (it counts as bad). Default 10 s. */
  timeoutMs?: number;
}

export interface PacedResult {
  /** Latency of each 200 response, ms from its scheduled send time. */
  latencies: number[];
  /** Requests sent. */
  sent: number;
  /** Non-200 answers and errors. */
  bad: number;
  /** Latest a request went out after its scheduled time, ms (the pacer's own lateness). */
  maxSendLagMs: number;
  /** 99th percentile of that lateness over the round's requests, ms. */
  p99SendLagMs: number;
}

/**
 * An undici Pool for paced(): up to `connections`, one request each at a time. 50 by default: with
 * 256 a lagging round had the pool open up to 256 new connections, whose accepting cost the proxy
 * 2–5× its CPU a request, and the round ran away (docs/benchmarks.md, runs O–X).
 */
export function pacedPool(url: string, connections = 50, timeoutMs = 10_000): Pool {
  return new Pool(url, { connections, pipelining: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
}

/** Scheduled send offsets (ms from the start) of `rate` a second for `seconds`, evenly spaced. */
export function evenSchedule(rate: number, seconds: number): Float64Array {
  const n = Math.round(rate * seconds);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 1000) / rate;
  return out;
}

/** Issue requests on the schedule; resolves when every response has ended. */
export async function paced(o: PacedOptions): Promise<PacedResult> {
  const pool = o.pool ?? pacedPool(o.url, o.connections, o.timeoutMs);
  const schedule = evenSchedule(o.rate, o.seconds);
  const latencies: number[] = [];
  let bad = 0;
  let next = 0;
  let maxSendLagMs = 0;
  const lags = new Float64Array(schedule.length);
  const inflight: Promise<void>[] = [];
  const t0 = performance.now() + 2;
  const send = (i: number, due: number): void => {
    inflight.push(
      pool.request({ path: o.path, method: 'POST', headers: { 'content-type': 'application/json', ...o.headersFor(i) }, body: o.body }).then(
        async (r) => {
          await r.body.dump();
          if (r.statusCode === 200) latencies.push(performance.now() - due);
          else bad++;
        },
        () => {
          bad++;
        },
      ),
    );
  };
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (next < schedule.length && t0 + schedule[next] <= now) {
        const due = t0 + schedule[next];
        maxSendLagMs = Math.max(maxSendLagMs, now - due);
        lags[next] = now - due;
        send(next++, due);
      }
      if (next >= schedule.length) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
  });
  await Promise.all(inflight);
  if (!o.pool) await pool.close();
  lags.sort();
  return { latencies, sent: schedule.length, bad, maxSendLagMs, p99SendLagMs: lags.length > 0 ? lags[Math.min(lags.length - 1, Math.floor(0.99 * lags.length))] : 0 };
}

/**
 * Why a child can take no IPC message, as an Error naming it; undefined while it can. A send to
 * such a child fails asynchronously with Node's bare "Channel closed" (an 'error' event that
 * crashes the bench when nothing listens), so check first.
 * @example childGone(proc, 'floor (probe reset)')?.message // 'floor (probe reset) is gone (exit 1) before the request'
 */
export function childGone(proc: ChildProcess, name: string): Error | undefined {
  if (proc.exitCode !== null || proc.signalCode !== null) return new Error(`${name} is gone (exit ${proc.signalCode ?? proc.exitCode}) before the request`);
  if (!proc.connected) return new Error(`${name} is gone (IPC channel closed) before the request`);
  return undefined;
}

/**
 * Send `message` to a child over IPC when no answer is expected (askChild waits for one). Resolves
 * once it is handed to the channel; rejects with an Error naming the child when the child is
 * already gone (childGone) or the send fails, instead of Node's "Channel closed".
 * @example await tellChild(proc, 'reset', 'floor (probe reset)');
 */
export function tellChild(proc: ChildProcess, message: Serializable, name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const gone = childGone(proc, name);
    if (gone) {
      reject(gone);
      return;
    }
    proc.send(message, (err) => (err ? reject(new Error(`${name}: ${err.message}`)) : resolve()));
  });
}

/**
 * Send `request` to a child over IPC and resolve with its next message. Rejects instead, with
 * every listener and the timer removed, when the child errors, exits or is already gone before it
 * answers, or nothing comes within `timeoutMs`: a dead pacer fails the bench, never hangs it.
 * @example
 * const m = await askChild<{ result?: PacedResult; error?: string }>(pacer.proc, { op: 'pace', ... }, 81_000, 'pacer');
 */
export function askChild<T>(proc: ChildProcess, request: Serializable, timeoutMs: number, name: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = (err: Error | undefined, m?: T): void => {
      clearTimeout(timer);
      proc.off('message', onMessage);
      proc.off('exit', onExit);
      proc.off('error', onError);
      if (err) reject(err);
      else resolve(m as T);
    };
    const onMessage = (m: unknown): void => done(undefined, m as T);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => done(new Error(`${name} exited (${signal ?? code}) before answering`));
    const onError = (err: Error): void => done(new Error(`${name}: ${err.message}`));
    const timer = setTimeout(() => done(new Error(`${name} did not answer within ${(timeoutMs / 1000).toFixed(1)} s`)), timeoutMs);
    proc.on('message', onMessage);
    proc.on('exit', onExit);
    proc.on('error', onError);
    const gone = childGone(proc, name);
    if (gone) {
      done(gone);
      return;
    }
    proc.send(request, (err) => {
      if (err) done(new Error(`${name}: ${err.message}`));
    });
  });
}

/**
 * Arrival pattern of request-event times (ms, ascending), in 10 ms buckets from the first to the
 * last: the busiest bucket's rate ÷ the mean rate (1 for perfectly even arrivals), and the share
 * of buckets with no arrival.
 * @example arrivalPattern([0, 5, 10, 15]) // { peakToMean: 1, idleShare: 0 }
 */
export function arrivalPattern(times: number[]): { peakToMean: number; idleShare: number } {
  if (times.length < 2) return { peakToMean: NaN, idleShare: NaN };
  const t0 = times[0];
  const buckets = new Uint32Array(Math.floor((times[times.length - 1] - t0) / 10) + 1);
  for (const t of times) buckets[Math.floor((t - t0) / 10)]++;
  let peak = 0;
  let idle = 0;
  for (const b of buckets) {
    peak = Math.max(peak, b);
    if (b === 0) idle++;
  }
  return { peakToMean: peak / (times.length / buckets.length), idleShare: idle / buckets.length };
}
