/**
 * Prometheus metrics and health of `moat detect`: counters catch up with the run's own tallies
 * when scraped (nothing on the detection path), gauges read the detector's state then. The lag
 * (how far the detector's read position is behind the newest entry, by the entries' own
 * timestamps) is what to alert on: past the stream's MAXLEN, unread entries are dropped.
 */
import { createServer, type Server } from 'node:http';
import { Gauge, Registry } from 'prom-client';
import { tallyCounter } from '../core/tally-counter.js';

export interface DetectSnapshot {
  exchanges: number;
  quarantined: number;
  late: number;
  verdictsWritten: number;
  storeErrors: number;
  accounts: number;
  flagged: number;
  campaigns: number;
  /** Stream entries never read (gaps in a publisher's sequence numbers): lost to detection. */
  missed: number;
  /** Seconds the read position is behind the newest stream entry; null while unknown. */
  lagSeconds: number | null;
}

/**
 * @example
 * const registry = createDetectMetrics(() => snapshot());
 * await registry.metrics(); // 'moat_detect_exchanges_total 1200\n…'
 */
export function createDetectMetrics(read: () => DetectSnapshot): Registry {
  const registry = new Registry();
  const counter = (name: string, help: string, pick: (s: DetectSnapshot) => number): void => void tallyCounter(registry, name, help, () => pick(read()));
  const gauge = (name: string, help: string, pick: (s: DetectSnapshot) => number | null): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const v = pick(read());
        if (v === null) this.reset();
        else this.set(v);
      },
    });
  };
  counter('moat_detect_exchanges_total', 'Exchanges read from the stream and fed to the detector.', (s) => s.exchanges);
  counter('moat_detect_quarantined_total', 'Stream lines quarantined (not valid exchanges).', (s) => s.quarantined);
  counter('moat_detect_stream_missed_total', 'Stream entries never read (trimmed past MAXLEN before they were read, or appends that failed): exchanges lost to detection.', (s) => s.missed);
  counter('moat_detect_late_total', 'Exchanges older than one already seen (processed at the later time).', (s) => s.late);
  counter('moat_detect_verdicts_written_total', 'Changed verdicts written to the shared store.', (s) => s.verdictsWritten);
  counter('moat_detect_store_errors_total', 'Verdict writes that failed (retried at the next change or resync).', (s) => s.storeErrors);
  gauge('moat_detect_accounts', 'Accounts the detector has seen.', (s) => s.accounts);
  gauge('moat_detect_flagged_accounts', 'Accounts flagged (attack) so far.', (s) => s.flagged);
  gauge('moat_detect_campaigns', 'Campaigns and suspected groups so far.', (s) => s.campaigns);
  gauge('moat_detect_lag_seconds', 'How far the read position is behind the newest stream entry (entry timestamps).', (s) => s.lagSeconds);
  return registry;
}

/**
 * GET /metrics (Prometheus text) and GET /healthz (200 with the snapshot as JSON); 404 otherwise.
 * @example const srv = await serveDetectMetrics(registry, snapshot, 9464, '127.0.0.1');
 */
export async function serveDetectMetrics(registry: Registry, read: () => DetectSnapshot, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (req.url === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ...read() }));
      return;
    }
    res.writeHead(404).end();
  });
  // slow or idle clients never hold a socket long
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
