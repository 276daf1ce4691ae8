/**
 * The bodies Kong's AI plugins put in the log when `logging.log_payloads` is on: strings holding
 * the request and response JSON (OpenAI format for `llm/v1/chat` and `llm/v1/completions` routes),
 * or, for a streamed response, the server-sent-event frames.
 */
import type { ChatResult } from '../openai-chat/body.js';
import { readChunks, readMessages, readResponse } from '../openai-chat/body.js';
import type { Json } from '../shared/read.js';
import { isRecord } from '../shared/read.js';
import { Transcript, contentText } from '../shared/render.js';

/** A payload value as JSON: objects pass, strings are parsed; undefined when not JSON. */
export function parsePayload(value: unknown): Json | undefined {
  if (isRecord(value)) return value;
  if (typeof value !== 'string') return undefined;
  try {
    const v: unknown = JSON.parse(value);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The prompt of a request payload: chat `messages`, or a completions `prompt`. */
export function requestTranscript(req: Json, prefix: string): Transcript {
  if (Array.isArray(req.messages)) return readMessages(req, prefix);
  const t = new Transcript();
  if (req.prompt !== undefined) t.add('user', contentText(req.prompt, `${prefix}.prompt`));
  return t;
}

/**
 * The answer in a response payload: an OpenAI chat/completions body, an Anthropic-style body
 * (`content` blocks), or SSE frames (`data: {chunk}` lines ending in `data: [DONE]`).
 * @example responseResult('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\ndata: [DONE]', 'p') // { output: 'Hi', ... }
 */
export function responseResult(value: unknown, prefix: string): ChatResult | undefined {
  const body = parsePayload(value);
  if (body !== undefined) {
    if (Array.isArray(body.choices)) {
      const r = readResponse(body, prefix);
      // text completions carry `text` in the choice instead of a message
      if (r.output === undefined && isRecord(body.choices[0]) && typeof body.choices[0].text === 'string') {
        r.output = body.choices[0].text;
      }
      return r;
    }
    if (Array.isArray(body.content)) {
      const text = body.content.filter((b) => isRecord(b) && b.type === 'text');
      return { id: typeof body.id === 'string' ? body.id : undefined, output: contentText(text, `${prefix}.content`) };
    }
    return {};
  }
  if (typeof value === 'string' && /^\s*data:/m.test(value)) {
    const chunks: unknown[] = [];
    for (const line of value.split('\n')) {
      const m = /^data:\s*(.*)$/.exec(line.trim());
      if (m === null || m[1] === '[DONE]' || m[1] === '') continue;
      const chunk = parsePayload(m[1]);
      if (chunk !== undefined) chunks.push(chunk);
    }
    return readChunks(chunks, prefix);
  }
  return undefined;
}
