/**
 * A progress bar on stderr for long work (cli-progress): amount done, rate and, when the total
 * is known, percent and ETA. Disabled (a no-op sink) when stderr is not a TTY or with --quiet,
 * so logs and pipes stay clean. Stages take a `ProgressSink`, never the bar itself.
 */
import cliProgress from 'cli-progress';

/** What a long-running stage reports to. All methods are cheap to call often (rendering is throttled). */
export interface ProgressSink {
  /** Begin; `total` in the sink's unit when known (e.g. file size in bytes). */
  start(total?: number): void;
  /** Amount done so far (absolute, not a delta). */
  update(done: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Shown before the bar, e.g. 'validate'. */
  label: string;
  /** 'bytes' formats amounts as KB/MB/GB; 'items' as plain counts. Default 'bytes'. */
  unit?: 'bytes' | 'items';
  /** --quiet: never draw. */
  quiet?: boolean;
  /** Default process.stderr. */
  stream?: NodeJS.WriteStream;
  /** Milliseconds clock, injectable for tests. Default Date.now. */
  now?: () => number;
}

/** A sink that does nothing. */
export const NO_PROGRESS: ProgressSink = { start() {}, update() {}, stop() {} };

/**
 * True when a bar should be drawn: not quiet and the stream is a TTY.
 * @example progressEnabled({ quiet: false, stream: process.stderr })
 */
export function progressEnabled(opts: { quiet?: boolean; stream?: NodeJS.WriteStream }): boolean {
  const stream = opts.stream ?? process.stderr;
  return !opts.quiet && stream.isTTY === true;
}

/**
 * @example formatAmount(1_500_000, 'bytes') // '1.5 MB'
 */
export function formatAmount(n: number, unit: 'bytes' | 'items'): string {
  const steps = unit === 'bytes' ? ['B', 'KB', 'MB', 'GB', 'TB'] : ['', 'k', 'M', 'G', 'T'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < steps.length - 1) {
    v /= 1000;
    i++;
  }
  const num = i === 0 ? String(Math.round(v)) : v.toFixed(1);
  return unit === 'bytes' ? `${num} ${steps[i]}` : `${num}${steps[i]}`;
}

/**
 * One status line: `label [bar] 42% 1.2 GB/2.9 GB 85.0 MB/s ETA 20s` (no bar/percent/ETA without a total).
 * @example progressLine({ label: 'x', unit: 'bytes', done: 500, total: 1000, elapsedMs: 1000 }) // 'x […] 50% 500 B/1.0 KB 500 B/s ETA 1s'
 */
export function progressLine(p: { label: string; unit: 'bytes' | 'items'; done: number; total?: number; elapsedMs: number; width?: number }): string {
  const rate = p.elapsedMs > 0 ? (p.done * 1000) / p.elapsedMs : 0;
  const rateText = `${formatAmount(rate, p.unit)}${p.unit === 'bytes' ? '/s' : ' /s'}`;
  if (p.total === undefined || p.total <= 0) return `${p.label} ${formatAmount(p.done, p.unit)} ${rateText}`;
  const frac = Math.min(1, p.done / p.total);
  const width = p.width ?? 24;
  const full = Math.round(frac * width);
  const bar = '█'.repeat(full) + '░'.repeat(width - full);
  const eta = rate > 0 ? formatSeconds((p.total - p.done) / rate) : '?';
  return `${p.label} ${bar} ${Math.floor(frac * 100)}% ${formatAmount(p.done, p.unit)}/${formatAmount(p.total, p.unit)} ${rateText} ETA ${eta}`;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const r = Math.max(0, Math.round(s));
  if (r < 60) return `${r}s`;
  if (r < 3600) return `${Math.floor(r / 60)}m${String(r % 60).padStart(2, '0')}s`;
  return `${Math.floor(r / 3600)}h${String(Math.floor((r % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A progress bar on stderr, or NO_PROGRESS when disabled.
 * @example
 * const bar = createProgress({ label: 'validate', quiet: opts.quiet });
 * bar.start(size); bar.update(bytesDone); bar.stop();
 */
export function createProgress(opts: ProgressOptions): ProgressSink {
  const stream = opts.stream ?? process.stderr;
  if (!progressEnabled({ quiet: opts.quiet, stream })) return NO_PROGRESS;
  const unit = opts.unit ?? 'bytes';
  const now = opts.now ?? Date.now;
  let t0 = 0;
  let total: number | undefined;
  let bar: cliProgress.SingleBar | null = null;
  return {
    start(t) {
      total = t;
      t0 = now();
      bar = new cliProgress.SingleBar({
        stream,
        fps: 5,
        hideCursor: true,
        clearOnComplete: false,
        format: (_o, params) => progressLine({ label: opts.label, unit, done: params.value, total, elapsedMs: now() - t0 }),
      });
      bar.start(t ?? 0, 0);
    },
    update(done) {
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
