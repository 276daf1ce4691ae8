/**
 * A Prometheus counter that catches up with a plain running total when scraped: the code that
 * counts only adds to a number (nothing of prom-client on a hot path), the counter reads it at
 * each scrape. Shared by the gateway's and `moat detect`'s metrics.
 */
import { Counter, type Registry } from 'prom-client';

/**
 * @example let n = 0; tallyCounter(registry, 'moat_x_total', 'Things.', () => n); n += 5;
 */
export function tallyCounter(registry: Registry, name: string, help: string, total: () => number): Counter {
  let flushed = 0;
  const counter: Counter = new Counter({
    name,
    help,
    registers: [registry],
    collect: () => {
      const n = total();
      if (n > flushed) counter.inc(n - flushed);
      flushed = n;
    },
  });
  return counter;
}
