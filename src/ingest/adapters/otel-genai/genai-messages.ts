/**
 * The GenAI semantic conventions' structured content: `gen_ai.input.messages`,
 * `gen_ai.output.messages`, `gen_ai.system_instructions` and `gen_ai.tool.definitions`. On spans
 * they arrive as a JSON string (or, from exporters with structured attributes, as an array).
 * Message = `{role, parts: [{type: text|tool_call|tool_call_response|reasoning|blob|uri|file|..., ...}]}`.
 */
import { AdapterError } from '../../../core/adapter.js';
import type { Role } from '../../../core/exchange.js';
import { asRecord, isRecord, kind } from '../shared/read.js';
import { argsText, joinLines, mapRole, toolCallText } from '../shared/render.js';
import type { AttrValue } from './otlp.js';

export interface RenderedMessage {
  role: Role;
  content: string;
  /** Characters of `reasoning` parts, kept out of `content`. */
  reasoningChars: number;
}

/** A structured-content attribute as an array: JSON strings are parsed, arrays kept. */
export function structured(value: AttrValue | undefined, field: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  let v: unknown = value;
  if (typeof value === 'string') {
    try {
      v = JSON.parse(value);
    } catch {
      throw new AdapterError(field, 'not valid JSON');
    }
  }
  if (!Array.isArray(v)) throw new AdapterError(field, `expected a JSON array, got ${kind(v)}`);
  return v;
}

/**
 * Render one GenAI message. Text parts are joined; tool calls become `[tool_call name] args`;
 * reasoning parts are counted only; media parts become `[blob]`, `[uri]`, `[file]`.
 * @example renderMessage({ role: 'user', parts: [{ type: 'text', content: 'hi' }] }, 'm') // { role: 'user', content: 'hi', reasoningChars: 0 }
 */
export function renderMessage(raw: unknown, field: string): RenderedMessage {
  const m = asRecord(raw, field);
  const role = mapRole(m.role, `${field}.role`);
  if (typeof m.content === 'string' && m.parts === undefined) return { role, content: m.content, reasoningChars: 0 }; // older shape
  return { role, ...renderParts(m.parts ?? [], `${field}.parts`) };
}

/** Render a list of parts (also the shape of `gen_ai.system_instructions`). */
export function renderParts(parts: unknown, field: string): { content: string; reasoningChars: number } {
  if (!Array.isArray(parts)) throw new AdapterError(field, `expected an array of parts, got ${kind(parts)}`);
  const pieces: string[] = [];
  let reasoningChars = 0;
  parts.forEach((raw, i) => {
    const f = `${field}[${i}]`;
    const p = asRecord(raw, f);
    const type = typeof p.type === 'string' ? p.type : 'text';
    if (type === 'text') {
      if (typeof p.content !== 'string') throw new AdapterError(`${f}.content`, `expected a string, got ${kind(p.content)}`);
      pieces.push(p.content);
    } else if (type === 'reasoning') {
      reasoningChars += typeof p.content === 'string' ? p.content.length : 0;
    } else if (type === 'tool_call' || type === 'server_tool_call') {
      pieces.push(toolCallText(typeof p.name === 'string' ? p.name : 'tool', p.arguments));
    } else if (type === 'tool_call_response' || type === 'server_tool_call_response') {
      pieces.push(argsText(p.response ?? p.result));
    } else {
      pieces.push(`[${type}]`);
    }
  });
  return { content: joinLines(pieces), reasoningChars };
}

/** Names from `gen_ai.tool.definitions` (`[{type, name, ...}]`); built-ins without a name give their type. */
export function toolNames(defs: unknown[] | undefined, field: string): Array<string | undefined> {
  return (defs ?? []).map((raw, i) => {
    if (typeof raw === 'string') return raw;
    const d = asRecord(raw, `${field}[${i}]`);
    const fn = isRecord(d.function) ? d.function : d; // tolerate the OpenAI nesting
    return typeof fn.name === 'string' ? fn.name : typeof d.type === 'string' ? d.type : undefined;
  });
}
