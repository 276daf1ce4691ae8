/**
 * Rebuild an Anthropic `message` from its streamed events: `message_start` gives the message
 * shell and input usage, `content_block_start`/`_delta` build each block (text, thinking,
 * tool input JSON), `message_delta` gives the stop reason and the final output usage.
 */
import { AdapterError } from '../../../core/adapter.js';
import type { Json } from '../shared/read.js';
import { asRecord, isRecord, optRecord } from '../shared/read.js';

/**
 * @example assembleStream([{ type: 'message_start', message: { id: 'msg_1', content: [], usage: { input_tokens: 3 } } }])
 * // { id: 'msg_1', content: [], usage: { input_tokens: 3 } }
 */
export function assembleStream(events: unknown[]): Json {
  let message: Json | undefined;
  const blocks: Json[] = [];
  const partialJson = new Map<number, string>();
  events.forEach((raw, i) => {
    const field = `response[${i}]`;
    const ev = asRecord(raw, field);
    switch (ev.type) {
      case 'message_start': {
        const m = asRecord(ev.message, `${field}.message`);
        message = { ...m, content: [], usage: { ...(optRecord(m, 'usage', `${field}.message.usage`) ?? {}) } };
        break;
      }
      case 'content_block_start': {
        const idx = blockIndex(ev, field);
        blocks[idx] = { ...asRecord(ev.content_block, `${field}.content_block`) };
        break;
      }
      case 'content_block_delta': {
        const idx = blockIndex(ev, field);
        const block = blocks[idx];
        if (block === undefined) throw new AdapterError(`${field}.index`, 'delta for a block that never started');
        const d = asRecord(ev.delta, `${field}.delta`);
        if (d.type === 'text_delta' && typeof d.text === 'string') block.text = String(block.text ?? '') + d.text;
        else if (d.type === 'thinking_delta' && typeof d.thinking === 'string') block.thinking = String(block.thinking ?? '') + d.thinking;
        else if (d.type === 'input_json_delta' && typeof d.partial_json === 'string') {
          partialJson.set(idx, (partialJson.get(idx) ?? '') + d.partial_json);
        }
        break;
      }
      case 'message_delta': {
        if (message === undefined) throw new AdapterError(field, 'message_delta before message_start');
        const d = optRecord(ev, 'delta', `${field}.delta`);
        if (d !== undefined && typeof d.stop_reason === 'string') message.stop_reason = d.stop_reason;
        const u = optRecord(ev, 'usage', `${field}.usage`);
        // message_delta usage is cumulative; only fields it carries replace message_start's
        if (u !== undefined && isRecord(message.usage)) {
          for (const [k, v] of Object.entries(u)) if (v !== null && v !== undefined) message.usage[k] = v;
        }
        break;
      }
      case 'error':
        message = { type: 'error', error: ev.error };
        break;
      default: // ping, content_block_stop, message_stop
    }
  });
  if (message === undefined) throw new AdapterError('response', 'stream events without message_start');
  for (const [idx, json] of partialJson) {
    const block = blocks[idx];
    if (block !== undefined) block.input = parseOr(json);
  }
  if (message.type !== 'error') message.content = blocks.filter((b) => b !== undefined);
  return message;
}

function blockIndex(ev: Json, field: string): number {
  const idx = ev.index;
  if (typeof idx !== 'number' || !Number.isInteger(idx) || idx < 0 || idx > 10_000) {
    throw new AdapterError(`${field}.index`, 'expected a block index');
  }
  return idx;
}

/** Tool input arrives as JSON fragments; parse the whole so it renders like a non-streamed block. */
function parseOr(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
