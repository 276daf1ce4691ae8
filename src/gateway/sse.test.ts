import { describe, expect, it } from 'vitest';
import { SseParser, SseTransform, sseJsonEvents } from './sse.js';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('SseParser', () => {
  it('emits events only when complete, across arbitrary chunk splits', () => {
    const text = 'event: a\ndata: {"x":1}\n\n: comment\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n';
    for (let cut = 1; cut < text.length; cut += 7) {
      const p = new SseParser();
      const events = [...p.push(b(text.slice(0, cut))), ...p.push(b(text.slice(cut))), ...p.end()];
      expect(events.map((e) => [e.event, e.data])).toEqual([
        ['a', '{"x":1}'],
        [undefined, 'line1\nline2'],
        [undefined, '[DONE]'],
      ]);
      expect(events.map((e) => e.raw).join('')).toBe(text);
    }
  });

  it('handles CRLF line endings and a multi-byte character split between chunks', () => {
    const bytes = b('data: {"t":"é"}\r\n\r\n');
    const p = new SseParser();
    const split = bytes.indexOf(0xc3) + 1; // inside the 2-byte é
    const events = [...p.push(bytes.subarray(0, split)), ...p.push(bytes.subarray(split))];
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].data)).toEqual({ t: 'é' });
  });

  it('returns an unterminated last event at end()', () => {
    const p = new SseParser();
    expect(p.push(b('data: 1'))).toEqual([]);
    expect(p.end().map((e) => e.data)).toEqual(['1']);
  });
});

describe('SseTransform', () => {
  it('keeps untouched events byte for byte, drops and rewrites others', () => {
    const t = new SseTransform((d) => (d.drop ? null : d.edit ? { ...d, edit: 2 } : undefined));
    const input = 'event: k\ndata:  {"keep":1}\n\ndata: {"drop":1}\n\nevent: e\ndata: {"edit":1}\n\ndata: [DONE]\n\n';
    const out = t.push(b(input)) + t.end();
    expect(out).toBe('event: k\ndata:  {"keep":1}\n\nevent: e\ndata: {"edit":2}\n\ndata: [DONE]\n\n');
  });
});

describe('sseJsonEvents', () => {
  it('returns the JSON payloads in order, skipping non-JSON data', () => {
    expect(sseJsonEvents([b('data: {"a":1}\n\nda'), b('ta: {"a":2}\n\ndata: [DONE]\n\n')])).toEqual([{ a: 1 }, { a: 2 }]);
  });
});

describe('SseParser single-line data blocks', () => {
  it('strips exactly one leading space and keeps raw, for every line ending', () => {
    const p = new SseParser();
    const text = 'data:x\n\ndata: \r\n\r\ndata:  two\r\rdata: a\ndata: b\n\nevent: e\ndata: {"k":1}\n\ndata: {"z":2}\n\n';
    const events = p.push(Buffer.from(text));
    expect(events.map((e) => [e.event, e.data])).toEqual([
      [undefined, 'x'],
      [undefined, ''],
      [undefined, ' two'],
      [undefined, 'a\nb'],
      ['e', '{"k":1}'],
      [undefined, '{"z":2}'],
    ]);
    expect(events.map((e) => e.raw).join('')).toBe(text);
    expect(sseJsonEvents([Buffer.from(text)])).toEqual([{ k: 1 }, { z: 2 }]);
  });
});
