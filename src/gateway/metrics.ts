/**
 * Prometheus metrics for the gateway (prom-client, own registry). Hot-path updates go through
 * cached label children so a request costs a few map lookups and additions.
 */
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
  queueDepth(n: number): void;
  /** Text exposition for /metrics. */
  render(): Promise<string>;
}

/**
 * @example
 * const m = createGatewayMetrics();
 * m.request('anthropic', 200);
 * (await m.render()).includes('moat_gateway_requests_total{route="anthropic",status="200"} 1') // true
 */
export function createGatewayMetrics(options: { defaultMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'moat_gateway_' });
  const requests = new Counter({ name: 'moat_gateway_requests_total', help: 'Requests answered, by route and HTTP status.', labelNames: ['route', 'status'], registers: [registry] });
  const decisions = new Counter({ name: 'moat_gateway_decisions_total', help: 'Enforcement decisions, by action and reason code.', labelNames: ['action', 'code'], registers: [registry] });
  const latency = new Histogram({
    name: 'moat_gateway_added_latency_seconds',
    help: 'Time from a complete request body to the upstream dispatch (identification, decision, parsing).',
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
    registers: [registry],
  });
  const upstream = new Counter({ name: 'moat_gateway_upstream_errors_total', help: 'Upstream failures, by kind.', labelNames: ['kind'], registers: [registry] });
  const recorded = new Counter({ name: 'moat_gateway_recorded_exchanges_total', help: 'Exchanges recorded and fed to the detector.', registers: [registry] });
  const recordErrors = new Counter({ name: 'moat_gateway_record_errors_total', help: 'Exchanges that could not be recorded.', registers: [registry] });
  const queue = new Gauge({ name: 'moat_gateway_record_queue', help: 'Exchanges waiting to be recorded.', registers: [registry] });

  const reqChildren = new Map<string, Counter.Internal>();
  const decChildren = new Map<string, Counter.Internal>();
  return {
    registry,
    request(route, status) {
      const k = route + '|' + status;
      let c = reqChildren.get(k);
      if (!c) reqChildren.set(k, (c = requests.labels(route, String(status))));
      c.inc();
    },
    decision(action, code) {
      const k = action + '|' + code;
      let c = decChildren.get(k);
      if (!c) decChildren.set(k, (c = decisions.labels(action, code)));
      c.inc();
    },
    addedLatency: (s) => latency.observe(s),
    upstreamError: (kind) => upstream.labels(kind).inc(),
    recorded: (n) => recorded.inc(n),
    recordError: () => recordErrors.inc(),
    queueDepth: (n) => queue.set(n),
    render: () => registry.metrics(),
  };
}
