/**
 * Turning structured message content (content parts, tool calls, tool results) into the plain
 * strings of the contract. One rendering for every adapter, so the same conversation logged
 * by two gateways yields the same text and the prompt-template signals match across formats.
 */
import { AdapterError } from '../../../core/adapter.js';
import type { Message, Role } from '../../../core/exchange.js';
import { LIMITS, isRecord, kind } from './read.js';

/** Text-bearing part types across OpenAI Chat, OpenAI Responses, Anthropic and OTel GenAI. */
const TEXT_KEYS: Record<string, string> = {
  text: 'text',
  input_text: 'text',
  output_text: 'text',
  summary_text: 'text',
  reasoning_text: 'text',
  refusal: 'refusal',
};

/**
 * Join the text of a content value: a string as is, an array of parts by their text, and
 * non-text parts (images, files, audio) as a bracketed placeholder such as `[image_url]`.
 * @example contentText([{ type: 'text', text: 'hi' }, { type: 'image_url' }], 'content') // 'hi\n[image_url]'
 */
export function contentText(content: unknown, field: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw new AdapterError(field, `expected a string or an array of parts, got ${kind(content)}`);
  const out: string[] = [];
  content.forEach((part, i) => {
    if (typeof part === 'string') {
      out.push(part);
      return;
    }
    if (!isRecord(part)) throw new AdapterError(`${field}[${i}]`, `expected a content part object, got ${kind(part)}`);
    const type = typeof part.type === 'string' ? part.type : 'text';
    const key = TEXT_KEYS[type];
    if (key !== undefined) {
      const text = part[key];
      if (typeof text !== 'string') throw new AdapterError(`${field}[${i}].${key}`, `expected a string, got ${kind(text)}`);
      out.push(text);
    } else {
      out.push(`[${type}]`);
    }
  });
  return out.join('\n');
}

/** Arguments of a tool call as compact text (strings are kept as the model wrote them). */
export function argsText(args: unknown): string {
  if (args === undefined || args === null) return '';
  return typeof args === 'string' ? args : JSON.stringify(args);
}

/**
 * One line for a tool call the assistant made, so tool use stays visible in the transcript.
 * @example toolCallText('get_weather', '{"city":"Paris"}') // '[tool_call get_weather] {"city":"Paris"}'
 */
export function toolCallText(name: string, args: unknown): string {
  const a = argsText(args);
  return a.length > 0 ? `[tool_call ${name}] ${a}` : `[tool_call ${name}]`;
}

/** Joins non-empty pieces with newlines. */
export function joinLines(pieces: Array<string | undefined>): string {
  return pieces.filter((p): p is string => p !== undefined && p.length > 0).join('\n');
}

/** Collects messages and system text while enforcing the per-record bounds. */
export class Transcript {
  readonly messages: Message[] = [];
  private readonly systemParts: string[] = [];
  private chars = 0;

  add(role: Role, content: string): void {
    if (role === 'system') {
      this.addSystem(content);
      return;
    }
    if (this.messages.length >= LIMITS.messages) {
      throw new AdapterError('messages', `more than ${LIMITS.messages} messages in one record`);
    }
    this.count(content);
    this.messages.push({ role, content });
  }

  addSystem(content: string): void {
    if (content.length === 0) return;
    this.count(content);
    this.systemParts.push(content);
  }

  /** The system prompt (all system/developer/instructions text joined), or undefined. */
  get system(): string | undefined {
    return this.systemParts.length > 0 ? this.systemParts.join('\n\n') : undefined;
  }

  private count(content: string): void {
    this.chars += content.length;
    if (this.chars > LIMITS.textChars) {
      throw new AdapterError('messages', `more than ${LIMITS.textChars} characters of text in one record`);
    }
  }
}

/** Keeps order, drops duplicates and empty names; bounded. */
export function uniqueNames(names: Array<string | undefined>): string[] | undefined {
  const seen = new Set<string>();
  for (const n of names) if (n !== undefined && n.length > 0) seen.add(n);
  if (seen.size > LIMITS.tools) throw new AdapterError('tools', `more than ${LIMITS.tools} tools in one record`);
  return seen.size > 0 ? [...seen] : undefined;
}

/** Map a foreign role onto the contract's four roles (developer → system, function → tool). */
export function mapRole(role: unknown, field: string): Role {
  switch (role) {
    case 'system':
    case 'developer':
      return 'system';
    case 'user':
    case 'human':
      return 'user';
    case 'assistant':
    case 'model':
      return 'assistant';
    case 'tool':
    case 'function':
    case 'ipython':
      return 'tool';
    default:
      throw new AdapterError(field, `unknown role ${JSON.stringify(role)}`);
  }
}
