/**
 * Resolving and opening an input: a file, a directory holding the contract files, or `-`
 * (stdin); gzip is detected by its magic bytes, not the file name. Yields raw byte chunks and
 * counts the bytes read from the source (compressed bytes for gzip) for the progress bar.
 */
import { createReadStream, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { IngestError } from './errors.js';
import { pumpPipe } from './pipe-pump.js';

export interface OpenedInput {
  /** Name used in messages and quarantine entries. */
  file: string;
  /** Size of the source in bytes when known (regular files). */
  totalBytes?: number;
  /** Decompressed chunks. */
  chunks: AsyncIterable<Buffer>;
  /** Bytes consumed from the source so far. */
  bytesRead(): number;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const CHUNK = 1 << 20;

/**
 * Find a contract file for an input: a directory → `dir/NAME` (or `dir/NAME.gz`); a file → the
 * file itself when `NAME` is the exchanges file, else `NAME` beside it. Returns null when absent.
 * @example resolveLogFile('logs', 'accounts.jsonl') // 'logs/accounts.jsonl' if it exists
 */
export function resolveLogFile(input: string, name: string, opts: { sibling: boolean }): string | null {
  if (input === '-') return opts.sibling ? null : '-';
  if (!existsSync(input)) {
    if (opts.sibling) return null;
    throw new IngestError(`cannot read ${input}: no such file or directory`);
  }
  const st = statSync(input);
  if (st.isDirectory()) {
    for (const candidate of [join(input, name), join(input, `${name}.gz`)]) if (existsSync(candidate)) return candidate;
    if (opts.sibling) return null;
    throw new IngestError(`${input} is a directory without ${name} in it`);
  }
  if (!opts.sibling) return input;
  // An explicit file for this kind (accounts.jsonl, accounts-2024.jsonl.gz, …) is taken as is.
  if (basename(input).startsWith(name.replace(/\.jsonl$/, ''))) return input;
  for (const candidate of [join(dirname(input), name), join(dirname(input), `${name}.gz`)]) if (existsSync(candidate)) return candidate;
  return null;
}

/**
 * Open a resolved file (or `-`) for reading, gunzipping when it starts with the gzip magic.
 * @example const input = openInput('logs/exchanges.jsonl.gz'); for await (const c of input.chunks) …
 */
export function openInput(file: string, stdin: NodeJS.ReadableStream = process.stdin, range?: ByteRange): OpenedInput {
  let read = 0;
  let totalBytes: number | undefined;
  let gzip = false;
  let source: AsyncIterable<Buffer>;
  // Pipes and FIFOs (`moat scan <(zcat log.gz)`, mkfifo) cannot be peeked at a position: sniff
  // their first chunk for the gzip magic, as for stdin.
  const streamed = file === '-' || !isRegularFile(file);
  if (range !== undefined && streamed) throw new IngestError(`cannot read a byte range of ${file}: not a regular file`);
  if (file === '-') {
    source = stdin as AsyncIterable<Buffer>;
  } else if (streamed) {
    // on its own thread, so the writer of the pipe need not wait for this thread's parsing
    source = pumpPipe(file);
  } else {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (err) {
      throw new IngestError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const magic = Buffer.alloc(2);
    const n = readSync(fd, magic, 0, 2, 0);
    closeSync(fd);
    gzip = n === 2 && magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1];
    totalBytes = statSync(file).size;
    if (range !== undefined) {
      // a piece of a plain file (pieces of a gzip file are not defined)
      if (gzip) throw new IngestError(`cannot read a byte range of ${file}: it is gzip-compressed`);
      totalBytes = range.end - range.start;
      source = range.end > range.start ? createReadStream(file, { highWaterMark: CHUNK, start: range.start, end: range.end - 1 }) : emptySource();
    } else source = createReadStream(file, { highWaterMark: CHUNK });
  }
  const counted = (async function* () {
    for await (const c of source) {
      const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
      read += b.length;
      yield b;
    }
  })();
  const chunks = streamed ? sniffGzip(counted) : gzip ? gunzip(counted) : counted;
  return { file, totalBytes, chunks, bytesRead: () => read };
}

/** Bytes [start, end) of a file. */
export interface ByteRange {
  start: number;
  end: number;
}

async function* emptySource(): AsyncGenerator<Buffer> {}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch (err) {
    throw new IngestError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** stdin and pipes: look at the first chunk, gunzip when it carries the magic. */
async function* sniffGzip(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const rest = (async function* () {
    yield first.value;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  })();
  const isGzip = first.value.length >= 2 && first.value[0] === GZIP_MAGIC[0] && first.value[1] === GZIP_MAGIC[1];
  yield* isGzip ? gunzip(rest) : rest;
}

async function* gunzip(src: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const z = createGunzip({ chunkSize: CHUNK });
  const feed = (async () => {
    try {
      for await (const c of src) {
        if (z.destroyed) return;
        if (!z.write(c)) await drainOrClose(z);
      }
      z.end();
    } catch (err) {
      z.destroy(err as Error);
    }
  })();
  try {
    for await (const out of z) yield out as Buffer;
  } catch (err) {
    const msg = (err as Error).message;
    throw new IngestError(/unexpected end of file/i.test(msg) ? 'gzip stream is truncated (unexpected end of file)' : `gzip: ${msg}`);
  } finally {
    if (!z.writableFinished) z.destroy();
    await feed;
  }
}

function drainOrClose(z: NodeJS.WritableStream & NodeJS.EventEmitter): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      z.off('drain', done);
      z.off('close', done);
      resolve();
    };
    z.on('drain', done);
    z.on('close', done);
  });
}
