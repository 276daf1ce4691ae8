/**
 * Replacing the raw `key` value in a JSON line with its hash without re-serializing the record
 * (re-serializing costs as much as parsing). Done only when it is provably the right bytes:
 * the key uses only characters JSON never escapes, the line holds no `\u` escape (so the value
 * can only be written one way), and that encoded value occurs exactly once, right after
 * `"key":`. Otherwise null, and the caller re-serializes.
 */

const SAFE_KEY = /^[A-Za-z0-9_\-.:+=~]+$/;
const BACKSLASH_U = Buffer.from('\\u');
const KEY_NAME = Buffer.from('"key"');

/**
 * @example spliceKey(Buffer.from('{"key":"sk-1","a":1}'), 'sk-1', 'kh_x')?.toString() // '{"key":"kh_x","a":1}'
 */
export function spliceKey(line: Buffer, rawKey: string, hashed: string): Buffer | null {
  if (!SAFE_KEY.test(rawKey) || !SAFE_KEY.test(hashed)) return null;
  if (line.indexOf(BACKSLASH_U) !== -1) return null;
  const needle = Buffer.from(`"${rawKey}"`);
  const at = line.indexOf(needle);
  if (at === -1 || line.indexOf(needle, at + 1) !== -1) return null;
  // Walk back over `:` and whitespace to the field name.
  let i = at - 1;
  while (i >= 0 && isWs(line[i])) i--;
  if (i < 0 || line[i] !== 0x3a) return null;
  i--;
  while (i >= 0 && isWs(line[i])) i--;
  const nameStart = i - KEY_NAME.length + 1;
  if (nameStart < 0 || !line.subarray(nameStart, i + 1).equals(KEY_NAME)) return null;
  return Buffer.concat([line.subarray(0, at), Buffer.from(`"${hashed}"`), line.subarray(at + needle.length)]);
}

function isWs(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
