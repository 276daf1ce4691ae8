/**
 * Server-sent events, incrementally: split a byte stream into events (a blank line ends one),
 * optionally rewrite or drop events whose `data` is JSON, and re-emit them. Used by the gateway
 * to withhold reasoning from streamed responses event by event (never buffering the stream
 * whole) and, after a response ends, to read the recorded events back for the exchange log.
 */

/** One parsed event. `raw` is the exact text received, including its terminating blank line. */
export interface SseEvent {
  event?: string;
  data: string;
  raw: string;
}

/** Bound on one event's size; a longer "event" is passed through as is, never parsed. */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;

/**
 * Incremental parser: feed chunks, get the events completed by each chunk.
 * @example
 * const p = new SseParser();
 * p.push(Buffer.from('event: a\ndata: {"x":1}\n\nda')); // [{ event: 'a', data: '{"x":1}', raw: … }]
 * p.push(Buffer.from('ta: 2\n\n'));                      // [{ data: '2', raw: 'data: 2\n\n' }]
 */
export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';

  push(chunk: Uint8Array): SseEvent[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    return this.drain(false);
  }

  /** Whatever is left when the stream ends (an unterminated last event). */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode();
    return this.drain(true);
  }

  private drain(final: boolean): SseEvent[] {
    const out: SseEvent[] = [];
    for (;;) {
      const m = /\r\n\r\n|\n\n|\r\r/.exec(this.buffer);
      if (!m) break;
      const end = m.index + m[0].length;
      out.push(parseBlock(this.buffer.slice(0, end)));
      this.buffer = this.buffer.slice(end);
    }
    if (this.buffer.length > MAX_EVENT_CHARS) {
      // Oversized: forwarded as is, never parsed.
      out.push({ data: '', raw: this.buffer });
      this.buffer = '';
    } else if (final && this.buffer.length > 0) {
      out.push(parseBlock(this.buffer));
      this.buffer = '';
    }
    return out;
  }
}

function parseBlock(raw: string): SseEvent {
  // Fast path, the usual block: one `data:` line then only line ends. Same result as the loop
  // below without its line array and slices (this runs once per streamed token).
  if (raw.startsWith('data:')) {
    let i = 5;
    while (i < raw.length && raw.charCodeAt(i) !== 10 && raw.charCodeAt(i) !== 13) i++;
    let j = i;
    while (j < raw.length && (raw.charCodeAt(j) === 10 || raw.charCodeAt(j) === 13)) j++;
    if (j === raw.length) return { data: raw.slice(raw.charCodeAt(5) === 32 ? 6 : 5, i), raw };
  }
  let event: string | undefined;
  const data: string[] = [];
  for (const line of raw.split(/\r\n|\n|\r/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return event === undefined ? { data: data.join('\n'), raw } : { event, data: data.join('\n'), raw };
}

/**
 * What a rewrite returns for one JSON event: `undefined` keeps the event byte for byte, `null`
 * drops it, an object replaces its data (re-serialised).
 */
export type SseRewrite = (data: Record<string, unknown>, event: string | undefined) => Record<string, unknown> | null | undefined;

function parseObject(data: string): Record<string, unknown> | undefined {
  const c = data.charCodeAt(0);
  if (c !== 123 /* { */) return undefined;
  try {
    const v: unknown = JSON.parse(data);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Rewrites a stream event by event. Non-JSON data (`[DONE]`, comments) passes through untouched.
 * @example
 * const t = new SseTransform((d) => (d.type === 'ping' ? null : undefined));
 * t.push(Buffer.from('data: {"type":"ping"}\n\ndata: {"type":"x"}\n\n')); // 'data: {"type":"x"}\n\n'
 */
export class SseTransform {
  private readonly parser = new SseParser();
  constructor(private readonly rewrite: SseRewrite) {}

  push(chunk: Uint8Array): string {
    return this.apply(this.parser.push(chunk));
  }

  end(): string {
    return this.apply(this.parser.end());
  }

  private apply(events: SseEvent[]): string {
    let out = '';
    for (const ev of events) {
      const obj = parseObject(ev.data);
      const next = obj === undefined ? undefined : this.rewrite(obj, ev.event);
      if (next === undefined) out += ev.raw;
      else if (next !== null) out += (ev.event !== undefined ? `event: ${ev.event}\n` : '') + `data: ${JSON.stringify(next)}\n\n`;
    }
    return out;
  }
}

/**
 * JSON payloads of a recorded stream, in order (what the ingest adapters take as a streamed response).
 * @example sseJsonEvents([Buffer.from('data: {"a":1}\n\ndata: [DONE]\n\n')]) // [{ a: 1 }]
 */
export function sseJsonEvents(chunks: Uint8Array[]): Record<string, unknown>[] {
  const parser = new SseParser();
  const out: Record<string, unknown>[] = [];
  const take = (events: SseEvent[]): void => {
    for (const ev of events) {
      const obj = parseObject(ev.data);
      if (obj !== undefined) out.push(obj);
    }
  };
  for (const c of chunks) take(parser.push(c));
  take(parser.end());
  return out;
}
