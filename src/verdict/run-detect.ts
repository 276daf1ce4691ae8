/**
 * `moat detect`: one online detector for several gateways. It reads the exchange stream the
 * gateways append to (src/store/exchange-stream.ts), validates every line as `moat scan` does
 * (bad lines quarantined with stream:line and the reason, never stopping the run), feeds the
 * detector and writes each changed verdict to the shared store, where every gateway's enforcer
 * reads it. At its stop it writes the same files as `moat scan --out DIR`.
 *
 * Event time: entries from several gateways interleave slightly out of order; the detector
 * processes an earlier timestamp at the latest time it has seen (no look-ahead), and `late` counts them.
 */
import type { Exchange } from '../core/exchange.js';
import { createVerdictWriter } from '../enforce/verdict-writer.js';
import { exchangeTransform } from '../ingest/contract-transform.js';
import type { OpenedInput } from '../ingest/open-input.js';
import type { Quarantine } from '../ingest/quarantine.js';
import { emptyStats, scan } from '../ingest/scan.js';
import type { StateStore } from '../store/store.js';
import type { Engine } from './detector.js';
import { createScanFeed, type WrittenScan } from './run-scan.js';

export interface DetectSource {
  /** Name in quarantine entries and messages (e.g. `redis:moat:exchanges`). */
  name: string;
  chunks: AsyncIterable<Buffer>;
  bytesRead(): number;
}

export interface DetectOptions {
  source: DetectSource;
  detector: Engine;
  store: StateStore;
  quarantine: Quarantine;
  keySecret: string;
  /** Re-read tracked accounts' verdicts this often (campaign membership of quiet accounts). Default 2,000 ms. */
  resyncMs?: number;
  onError?: (what: string, err: unknown) => void;
  /** Account records the detector was given so far (stats.json). */
  accountRecords?: () => number;
}

export interface DetectRun {
  /** Resolves when the source ends (after its stop()), every change written. */
  done: Promise<DetectStats>;
  readonly stats: DetectStats;
  /** Write accounts.jsonl, campaigns.json, stats.json of the detector's state now. */
  writeResult(out: string): Promise<WrittenScan>;
}

export interface DetectStats {
  readonly exchanges: number;
  readonly quarantined: number;
  readonly late: number;
  readonly verdictsWritten: number;
  readonly storeErrors: number;
}

/**
 * @example
 * const run = startDetect({ source: { name: 'redis:moat:exchanges', chunks: reader.chunks, bytesRead: reader.bytesRead }, detector, store, quarantine, keySecret });
 * await reader.stop(); await run.done;
 */
export function startDetect(o: DetectOptions): DetectRun {
  const { detector, quarantine } = o;
  const writer = createVerdictWriter(o.store);
  const feed = createScanFeed(detector);
  const ingest = emptyStats();
  let exchanges = 0, verdictsWritten = 0, storeErrors = 0;
  // quarantined and late are the ingest loop's and the feed's own counts, read when asked
  const stats: DetectStats = {
    get exchanges() {
      return exchanges;
    },
    get quarantined() {
      return ingest.quarantined;
    },
    get late() {
      return feed.late;
    },
    get verdictsWritten() {
      return verdictsWritten;
    },
    get storeErrors() {
      return storeErrors;
    },
  };
  const storeError = (err: unknown): void => {
    storeErrors++;
    o.onError?.('store', err);
  };

  function step(ex: Exchange): Promise<void> | undefined {
    const i = feed.step(ex);
    exchanges++;
    return writer.write(detector.briefAt(i))?.then(() => void verdictsWritten++, storeError);
  }

  async function loop(): Promise<DetectStats> {
    const input: OpenedInput = { file: o.source.name, chunks: o.source.chunks, bytesRead: () => o.source.bytesRead() };
    const resync = setInterval(() => void writer.resync(detector, storeError).then((n) => (verdictsWritten += n)), o.resyncMs ?? 2_000);
    try {
      // yieldEachChunk: a live stream hands each entry's exchanges over as it arrives; giveUp
      // false: a daemon keeps reading past any number of bad lines (each quarantined and counted)
      const scanned = scan(input, { transform: exchangeTransform(o.keySecret), quarantine, stats: ingest, expected: 'a Moat exchange log', giveUp: false, yieldEachChunk: true });
      for await (const batch of scanned) {
        // a batch's verdict writes go out together (one connection keeps their order)
        const writes: Promise<void>[] = [];
        for (const { item } of batch) {
          const wrote = step(item);
          if (wrote !== undefined) writes.push(wrote);
        }
        if (writes.length > 0) await Promise.all(writes);
      }
    } finally {
      clearInterval(resync);
    }
    verdictsWritten += await writer.resync(detector, storeError);
    return stats;
  }

  return {
    done: loop(),
    stats,
    writeResult: (out) => feed.write(out, { quarantined: ingest.quarantined, accountRecords: o.accountRecords?.() ?? 0 }),
  };
}
