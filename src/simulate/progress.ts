/**
 * Progress on stderr for long simulations: a cli-progress bar when enabled (a TTY and no --quiet),
 * otherwise a no-op with the same shape.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  start(total: number): void;
  /** Report progress; a new total (e.g. an estimate) may come with it. */
  update(done: number, total?: number): void;
  stop(): void;
}

/** @example const bar = progressBar(process.stderr.isTTY); bar.start(100); bar.update(50); bar.stop(); */
export function progressBar(enabled: boolean): Progress {
  if (!enabled) return { start() {}, update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'simulate [{bar}] {value} exchanges | {eta_formatted} left', etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let total = 0;
  return {
    start(t) {
      total = t;
      bar.start(Math.max(1, t), 0);
    },
    update(done, newTotal) {
      const want = Math.max(done, newTotal ?? total);
      if (want !== total) {
        total = want;
        bar.setTotal(want);
      }
      bar.update(done);
    },
    stop() {
      bar.stop();
    },
  };
}
