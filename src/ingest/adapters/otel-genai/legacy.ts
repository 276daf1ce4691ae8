/**
 * Content as older GenAI instrumentations record it, used when `gen_ai.input.messages` /
 * `gen_ai.output.messages` are absent:
 * - span events `gen_ai.content.prompt` / `gen_ai.content.completion` with a JSON attribute
 *   `gen_ai.prompt` / `gen_ai.completion` (semantic conventions ≤ 1.27);
 * - span events `gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message`,
 *   `gen_ai.tool.message`, `gen_ai.choice` with a `content` (or JSON `message`) attribute;
 * - indexed span attributes `gen_ai.prompt.<i>.role|content` and `gen_ai.completion.<i>.content`
 *   (OpenLLMetry).
 */
import { AdapterError } from '../../../core/adapter.js';
import type { Role } from '../../../core/exchange.js';
import { asRecord, isRecord, optArray } from '../shared/read.js';
import { contentText, mapRole } from '../shared/render.js';
import type { Attrs, OtlpSpan } from './otlp.js';
import { attributes } from './otlp.js';

export interface LegacyContent {
  input: Array<{ role: Role; content: string }>;
  output: string[];
}

const EVENT_ROLE: Record<string, Role> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/** Extract legacy content; empty lists when the span has none. */
export function legacyContent(s: OtlpSpan): LegacyContent {
  const out: LegacyContent = { input: [], output: [] };
  (optArray(s.span, 'events', `${s.path}.events`) ?? []).forEach((raw, i) => {
    const field = `${s.path}.events[${i}]`;
    const ev = asRecord(raw, field);
    const name = typeof ev.name === 'string' ? ev.name : '';
    const attrs = attributes(ev.attributes, `${field}.attributes`);
    if (name === 'gen_ai.content.prompt') out.input.push(...jsonMessages(attrs.get('gen_ai.prompt'), `${field}.gen_ai.prompt`));
    else if (name === 'gen_ai.content.completion') {
      for (const m of jsonMessages(attrs.get('gen_ai.completion'), `${field}.gen_ai.completion`)) out.output.push(m.content);
    } else if (EVENT_ROLE[name] !== undefined) out.input.push({ role: EVENT_ROLE[name], content: eventText(attrs, field) });
    else if (name === 'gen_ai.choice') out.output.push(eventText(attrs, field));
  });
  if (out.input.length === 0) out.input.push(...indexed(s.attrs, 'gen_ai.prompt'));
  if (out.output.length === 0) out.output.push(...indexed(s.attrs, 'gen_ai.completion').map((m) => m.content));
  return out;
}

function jsonMessages(value: unknown, field: string): Array<{ role: Role; content: string }> {
  if (typeof value !== 'string') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [{ role: 'user', content: value }]; // a plain prompt string
  }
  if (!Array.isArray(parsed)) throw new AdapterError(field, 'expected a JSON array of messages');
  return parsed.map((m, i) => {
    const r = asRecord(m, `${field}[${i}]`);
    return { role: mapRole(r.role ?? 'user', `${field}[${i}].role`), content: contentText(r.content, `${field}[${i}].content`) };
  });
}

function eventText(attrs: Attrs, field: string): string {
  const c = attrs.get('content');
  if (typeof c === 'string') return c;
  const m = attrs.get('message');
  const msg = typeof m === 'string' ? safeParse(m) : m;
  if (isRecord(msg)) return contentText(msg.content, `${field}.message.content`);
  return '';
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return { content: s };
  }
}

function indexed(attrs: Attrs, prefix: string): Array<{ role: Role; content: string }> {
  const out: Array<{ role: Role; content: string }> = [];
  for (let i = 0; i < 10_000; i++) {
    const content = attrs.get(`${prefix}.${i}.content`);
    const role = attrs.get(`${prefix}.${i}.role`);
    if (content === undefined && role === undefined) break;
    out.push({
      role: mapRole(role ?? (prefix === 'gen_ai.completion' ? 'assistant' : 'user'), `attributes.${prefix}.${i}.role`),
      content: typeof content === 'string' ? content : '',
    });
  }
  return out;
}
