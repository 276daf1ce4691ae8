/**
 * Escaping for everything that reaches a report from logs. Three jobs, one file:
 * JSON that sits inside an HTML <script> data block, HTML text for the few server-rendered
 * strings, and Unicode bidi/invisible controls turned into visible escapes so that an
 * account name cannot reorder what an analyst reads.
 */

/** Bidi embedding/override/isolate marks, LRM/RLM/ALM and other invisible format controls. */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * Replace bidi and zero-width controls with a visible `<U+202E>`-style marker.
 * @example neutraliseBidi('abc\u202Egpj.exe') // 'abc<U+202E>gpj.exe'
 */
export function neutraliseBidi(s: string): string {
  return s.replace(INVISIBLE, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** True when the string holds a character neutraliseBidi would replace. */
export function hasInvisibleControls(s: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(s);
  INVISIBLE.lastIndex = 0;
  return found;
}

/**
 * JSON safe to place between `<script type="application/json">` and `</script>`:
 * `<`, `>`, `&`, U+2028 and U+2029 become \u escapes, so no log value can close the element
 * or open a comment. JSON.parse in the page restores the exact values.
 * @example jsonForScript({ a: '</script>' }) // '{"a":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new Error('jsonForScript: value is not JSON-serialisable');
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escape text for HTML element content or a quoted attribute value.
 * @example escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** Display form of a log string inside HTML: bidi neutralised, then HTML-escaped. */
export function displayHtml(s: string): string {
  return escapeHtml(neutraliseBidi(s));
}
