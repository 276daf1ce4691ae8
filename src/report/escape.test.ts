import { describe, expect, it } from 'vitest';
import { displayHtml, escapeHtml, hasInvisibleControls, jsonForScript, neutraliseBidi } from './escape.js';

describe('jsonForScript', () => {
  it('leaves no character that can end a script element or open a comment', () => {
    const hostile = { a: '</script><script>window.__pwned=1</script>', b: '<!--', c: 'a&b', d: 'x\u2028y\u2029z' };
    const out = jsonForScript(hostile);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(hostile);
  });
  it('rejects values JSON cannot hold', () => {
    expect(() => jsonForScript(undefined)).toThrow(/serialisable/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`"><img src=x onerror='a'>&`)).toBe('&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;&amp;');
  });
});

describe('neutraliseBidi', () => {
  it('turns bidi overrides and isolates into visible markers', () => {
    expect(neutraliseBidi('acct\u202Etxt.exe')).toBe('acct<U+202E>txt.exe');
    expect(neutraliseBidi('\u2066x\u2069\u200F')).toBe('<U+2066>x<U+2069><U+200F>');
    expect(hasInvisibleControls('plain')).toBe(false);
    expect(hasInvisibleControls('a\u202Eb')).toBe(true);
    expect(hasInvisibleControls('a\u202Eb')).toBe(true);
  });
  it('keeps ordinary non-ASCII text', () => {
    expect(neutraliseBidi('Zürich 北京 مرحبا')).toBe('Zürich 北京 مرحبا');
  });
  it('displayHtml neutralises then escapes', () => {
    expect(displayHtml('<\u202E>')).toBe('&lt;&lt;U+202E&gt;&gt;');
  });
});
