/**
 * Prometheus metrics for the gateway (prom-client, own registry). The hot path only bumps plain
 * numbers in maps; prom-client reads them at scrape time through `collect()`, so a request costs
 * a couple of map lookups, not label hashing.
 */
import { tallyCounter } from '../core/tally-counter.js';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface GatewayMetrics {
  readonly registry: Registry;
  request(route: string, status: number): void;
  decision(action: string, code: string): void;
  /** Seconds the gateway spent between having the request body and dispatching upstream. */
  addedLatency(seconds: number): void;
  upstreamError(kind: 'connect' | 'timeout' | 'reset' | 'aborted_by_client'): void;
  recorded(n: number): void;
  recordError(): void;
  /** An exchange shed because the record queue was full (the detector fell behind). */
  recordDropped(): void;
  queueDepth(n: number): void;
  /** Text exposition for /metrics. */
  render(): Promise<string>;
}

/** Counts by a composite key `a|b`, flushed into a labelled counter at scrape time. */
class Tally {
  readonly counts = new Map<string, number>();
  private readonly flushed = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  flushInto(counter: Counter): void {
    for (const [k, n] of this.counts) {
      const prev = this.flushed.get(k) ?? 0;
      if (n > prev) counter.inc(labelsOf(counter, k), n - prev);
      this.flushed.set(k, n);
    }
  }
}

const labelNames = new WeakMap<Counter, string[]>();
function labelsOf(counter: Counter, key: string): Record<string, string> {
  const names = labelNames.get(counter) ?? [];
  const parts = key.split('|');
  const out: Record<string, string> = {};
  names.forEach((n, i) => (out[n] = parts[i] ?? ''));
  return out;
}

const LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];

/**
 * @example
 * const m = createGatewayMetrics();
 * m.request('anthropic', 200);
 * (await m.render()).includes('moat_gateway_requests_total{route="anthropic",status="200"} 1') // true
 */
export function createGatewayMetrics(options: { defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'moat_gateway_' });
  const reqTally = new Tally();
  const decTally = new Tally();
  const upTally = new Tally();
  let recordedN = 0;
  let recordErrorsN = 0;
  let droppedN = 0;
  let queue = 0;

  const requests: Counter = new Counter({
    name: 'moat_gateway_requests_total',
    help: 'Requests answered, by route and HTTP status.',
    labelNames: ['route', 'status'],
    registers: [registry],
    collect: () => reqTally.flushInto(requests),
  });
  labelNames.set(requests, ['route', 'status']);
  const decisions: Counter = new Counter({
    name: 'moat_gateway_decisions_total',
    help: 'Enforcement decisions, by action and reason code.',
    labelNames: ['action', 'code'],
    registers: [registry],
    collect: () => decTally.flushInto(decisions),
  });
  labelNames.set(decisions, ['action', 'code']);
  const upstream: Counter = new Counter({
    name: 'moat_gateway_upstream_errors_total',
    help: 'Upstream failures, by kind (aborted_by_client: the client went away and the upstream call was cancelled).',
    labelNames: ['kind'],
    registers: [registry],
    collect: () => upTally.flushInto(upstream),
  });
  labelNames.set(upstream, ['kind']);
  // Hot-path tallies are plain numbers; each counter catches up with its tally when scraped.
  const tally = (name: string, help: string, total: () => number): void => void tallyCounter(registry, name, help, total);
  tally('moat_gateway_recorded_exchanges_total', 'Exchanges recorded and fed to the detector.', () => recordedN);
  tally('moat_gateway_record_errors_total', 'Exchanges that could not be recorded (conversion, detector, sink errors).', () => recordErrorsN);
  tally(
    'moat_gateway_record_dropped_total',
    'Exchanges shed unrecorded (not logged, not fed to the detector) because the record queue was full.',
    () => droppedN,
  );
  new Gauge({ name: 'moat_gateway_record_queue', help: 'Exchanges waiting to be recorded.', registers: [registry], collect() {
    this.set(queue);
  } });
  // Unlabelled histogram: prom-client's observe is cheap here (no label hashing).
  const latency = new Histogram({
    name: 'moat_gateway_added_latency_seconds',
    help: 'Time from a complete request body to the upstream dispatch (identification, decision, parsing).',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    request: (route, status) => reqTally.add(route + '|' + status),
    decision: (action, code) => decTally.add(action + '|' + code),
    addedLatency: (s) => latency.observe(s),
    upstreamError: (kind) => upTally.add(kind),
    recorded: (n) => (recordedN += n),
    recordError: () => recordErrorsN++,
    recordDropped: () => droppedN++,
    queueDepth: (n) => (queue = n),
    render: () => registry.metrics(),
  };
}
