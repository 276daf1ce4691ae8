/**
 * A local stand-in for the OpenAI (Chat Completions, Responses) and Anthropic (Messages) APIs,
 * JSON and SSE, for tests and benchmarks. Nothing here talks to a real model API.
 *
 * Reasoning is returned when the request asks for it (`reasoning_effort` / `reasoning` /
 * `thinking: {type: 'enabled'}`) or when `reasoning: 'always'`; its text contains
 * MOCK_REASONING so tests can check it was withheld.
 *
 * Per-request controls (headers): `x-mock-delay-ms` (before the response headers),
 * `x-mock-chunk-delay-ms` (between streamed events), `x-mock-status` (answer with that error
 * status in the API's shape), `x-mock-hang: 1` (never answer), `x-mock-break: 1` (destroy the
 * socket after the first streamed event).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const MOCK_REASONING = 'MOCK-REASONING: first I consider the question step by step';
export const MOCK_TEXT_PIECES = ['Hello', ' from', ' the', ' mock', ' upstream.'];
export const MOCK_TEXT = MOCK_TEXT_PIECES.join('');

export interface MockUpstreamOptions {
  reasoning?: 'auto' | 'always' | 'never';
  /** Default delay before headers, ms. */
  delayMs?: number;
  /** Default delay between streamed events, ms. */
  chunkDelayMs?: number;
}

export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | null;
}

export interface MockUpstream {
  readonly url: string;
  /** Requests received (headers and parsed body), oldest first. Bounded to the last 1,000. */
  readonly requests: SeenRequest[];
  /** Responses whose client went away before the response ended. */
  readonly aborted: number;
  /** Resolves at the next abort (or at once if `aborted` already exceeds `after`). */
  waitForAbort(after?: number): Promise<void>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type Event = { event?: string; data: Json | string };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function wantsReasoning(path: string, body: Json, mode: MockUpstreamOptions['reasoning']): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  if (path === '/v1/messages') return typeof body.thinking === 'object' && body.thinking !== null && (body.thinking as Json).type === 'enabled';
  if (path === '/v1/responses') return typeof body.reasoning === 'object' && body.reasoning !== null;
  return typeof body.reasoning_effort === 'string' && body.reasoning_effort !== 'none';
}

function chat(body: Json, reasoning: boolean): { json: Json; events: Event[] } {
  const model = String(body.model ?? 'mock-model');
  const base = { id: 'chatcmpl-mock', created: 1_700_000_000, model };
  const usage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, completion_tokens_details: { reasoning_tokens: reasoning ? 9 : 0 } };
  const message: Json = { role: 'assistant', content: MOCK_TEXT, refusal: null };
  if (reasoning) message.reasoning_content = MOCK_REASONING;
  const json = { ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }], usage };
  const chunk = (delta: Json, finish: string | null = null): Event => ({ data: { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] } });
  const events: Event[] = [chunk({ role: 'assistant', content: '' })];
  if (reasoning) for (const w of MOCK_REASONING.split(/(?= )/)) events.push(chunk({ reasoning_content: w }));
  for (const p of MOCK_TEXT_PIECES) events.push(chunk({ content: p }));
  events.push(chunk({}, 'stop'));
  const so = body.stream_options as Json | undefined;
  if (so?.include_usage === true) events.push({ data: { ...base, object: 'chat.completion.chunk', choices: [], usage } });
  events.push({ data: '[DONE]' });
  return { json, events };
}

function responses(body: Json, reasoning: boolean): { json: Json; events: Event[] } {
  const model = String(body.model ?? 'mock-model');
  const rs = { id: 'rs_mock', type: 'reasoning', summary: [{ type: 'summary_text', text: MOCK_REASONING }] };
  const part = { type: 'output_text', text: MOCK_TEXT, annotations: [] };
  const msg = { id: 'msg_mock', type: 'message', status: 'completed', role: 'assistant', content: [part] };
  const usage = { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: reasoning ? 9 : 0 }, total_tokens: 17 };
  const resp = (status: string, output: Json[], u: Json | null): Json => ({
    id: 'resp_mock', object: 'response', created_at: 1_700_000_000, status, model, output, usage: u,
    error: null, incomplete_details: null, instructions: null, metadata: {}, parallel_tool_calls: true, temperature: 1, tool_choice: 'auto', tools: [], top_p: 1,
  });
  const output = reasoning ? [rs, msg] : [msg];
  const json = resp('completed', output, usage);
  let seq = 0;
  const ev = (type: string, fields: Json): Event => ({ event: type, data: { type, sequence_number: seq++, ...fields } });
  const events: Event[] = [ev('response.created', { response: resp('in_progress', [], null) }), ev('response.in_progress', { response: resp('in_progress', [], null) })];
  let oi = 0;
  if (reasoning) {
    const sp = { type: 'summary_text', text: '' };
    events.push(ev('response.output_item.added', { output_index: oi, item: { id: rs.id, type: 'reasoning', summary: [] } }));
    events.push(ev('response.reasoning_summary_part.added', { item_id: rs.id, output_index: oi, summary_index: 0, part: sp }));
    for (const w of MOCK_REASONING.split(/(?= )/)) events.push(ev('response.reasoning_summary_text.delta', { item_id: rs.id, output_index: oi, summary_index: 0, delta: w }));
    events.push(ev('response.reasoning_summary_text.done', { item_id: rs.id, output_index: oi, summary_index: 0, text: MOCK_REASONING }));
    events.push(ev('response.reasoning_summary_part.done', { item_id: rs.id, output_index: oi, summary_index: 0, part: { type: 'summary_text', text: MOCK_REASONING } }));
    events.push(ev('response.output_item.done', { output_index: oi, item: rs }));
    oi++;
  }
  events.push(ev('response.output_item.added', { output_index: oi, item: { id: msg.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } }));
  events.push(ev('response.content_part.added', { item_id: msg.id, output_index: oi, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }));
  for (const p of MOCK_TEXT_PIECES) events.push(ev('response.output_text.delta', { item_id: msg.id, output_index: oi, content_index: 0, delta: p, logprobs: [] }));
  events.push(ev('response.output_text.done', { item_id: msg.id, output_index: oi, content_index: 0, text: MOCK_TEXT, logprobs: [] }));
  events.push(ev('response.content_part.done', { item_id: msg.id, output_index: oi, content_index: 0, part }));
  events.push(ev('response.output_item.done', { output_index: oi, item: msg }));
  events.push(ev('response.completed', { response: json }));
  return { json, events };
}

function messages(body: Json, reasoning: boolean): { json: Json; events: Event[] } {
  const model = String(body.model ?? 'mock-model');
  const thinking = { type: 'thinking', thinking: MOCK_REASONING, signature: 'sig-mock' };
  const text = { type: 'text', text: MOCK_TEXT };
  const usage = { input_tokens: 12, output_tokens: 5 };
  const base = { id: 'msg_mock', type: 'message', role: 'assistant', model, stop_sequence: null };
  const json = { ...base, content: reasoning ? [thinking, text] : [text], stop_reason: 'end_turn', usage };
  const ev = (type: string, fields: Json): Event => ({ event: type, data: { type, ...fields } });
  const events: Event[] = [ev('message_start', { message: { ...base, content: [], stop_reason: null, usage: { input_tokens: 12, output_tokens: 1 } } }), ev('ping', {})];
  let i = 0;
  if (reasoning) {
    events.push(ev('content_block_start', { index: i, content_block: { type: 'thinking', thinking: '', signature: '' } }));
    for (const w of MOCK_REASONING.split(/(?= )/)) events.push(ev('content_block_delta', { index: i, delta: { type: 'thinking_delta', thinking: w } }));
    events.push(ev('content_block_delta', { index: i, delta: { type: 'signature_delta', signature: 'sig-mock' } }));
    events.push(ev('content_block_stop', { index: i }));
    i++;
  }
  events.push(ev('content_block_start', { index: i, content_block: { type: 'text', text: '' } }));
  for (const p of MOCK_TEXT_PIECES) events.push(ev('content_block_delta', { index: i, delta: { type: 'text_delta', text: p } }));
  events.push(ev('content_block_stop', { index: i }));
  events.push(ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } }));
  events.push(ev('message_stop', {}));
  return { json, events };
}

function errorBody(path: string, status: number): Json {
  return path === '/v1/messages'
    ? { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : status >= 500 ? 'api_error' : 'invalid_request_error', message: `mock error ${status}` } }
    : { error: { message: `mock error ${status}`, type: status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: `mock_${status}` } };
}

const encode = (e: Event): string => (e.event ? `event: ${e.event}\n` : '') + `data: ${typeof e.data === 'string' ? e.data : JSON.stringify(e.data)}\n\n`;
const num = (v: unknown, d: number): number => (typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);

/**
 * @example
 * const mock = await startMockUpstream();
 * await fetch(mock.url + '/v1/messages', { method: 'POST', body: JSON.stringify({ model: 'm', max_tokens: 9, messages: [] }) });
 * await mock.close();
 */
export async function startMockUpstream(options: MockUpstreamOptions = {}, port = 0): Promise<MockUpstream> {
  const requests: SeenRequest[] = [];
  let aborted = 0;
  const waiters: (() => void)[] = [];

  async function respond(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    let body: Json | null = null;
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      body = null;
    }
    requests.push({ path, headers: req.headers, body });
    if (requests.length > 1000) requests.shift();
    const h = req.headers;
    if (h['x-mock-hang'] === '1') return;
    const delay = num(h['x-mock-delay-ms'], options.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    const status = num(h['x-mock-status'], 200);
    const route = path === '/v1/chat/completions' ? chat : path === '/v1/responses' ? responses : path === '/v1/messages' ? messages : undefined;
    if (!route || body === null || status >= 400) {
      const s = !route ? 404 : body === null ? 400 : status;
      const text = JSON.stringify(errorBody(path, s));
      res.writeHead(s, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    const { json, events } = route(body, wantsReasoning(path, body, options.reasoning));
    if (body.stream !== true) {
      const text = JSON.stringify(json);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': 'mock-req' });
      res.end(text);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const gap = num(h['x-mock-chunk-delay-ms'], options.chunkDelayMs ?? 0);
    if (gap === 0 && h['x-mock-break'] !== '1') {
      res.end(events.map(encode).join(''));
      return;
    }
    for (let i = 0; i < events.length; i++) {
      if (res.destroyed) return;
      res.write(encode(events[i]));
      if (h['x-mock-break'] === '1') {
        await sleep(30); // let the headers and first event reach the client, then fail
        res.socket?.destroy();
        return;
      }
      if (gap > 0) await sleep(gap);
    }
    res.end();
  }

  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    res.on('close', () => {
      if (!res.writableFinished) {
        aborted++;
        waiters.splice(0).forEach((w) => w());
      }
    });
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => void respond(req, res, Buffer.concat(parts).toString('utf8')).catch(() => res.destroy()));
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const addr = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${addr.port}`,
    requests,
    get aborted() {
      return aborted;
    },
    waitForAbort(after = 0) {
      return aborted > after ? Promise.resolve() : new Promise((r) => waiters.push(r));
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

// Run directly: `node dist/gateway/testing/mock-upstream.js [PORT]` (for trying the gateway by hand).
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? 9000);
  const mock = await startMockUpstream({}, port);
  process.stderr.write(`mock upstream (OpenAI + Anthropic shapes, no real model) on ${mock.url}\n`);
}
