/**
 * Numbers from command-line option text. `Number('')` and `Number('  ')` are 0, so a blank value
 * (`--port ''`, `--seed=`, an unset shell variable) would silently mean 0; here it is no number.
 * `Number()` also reads `0x50` (80), `1e3` (1000) and `0b1`: whole-number options take plain
 * decimal digits only (`integerOption`).
 */

/**
 * `Number(text)`, except that blank text (empty or whitespace only) is NaN instead of 0. Callers
 * check the result (range) and throw their own message naming the option. For whole numbers use
 * `integerOption`, which also refuses hex, exponents and fractions.
 * @example
 * toNumber('8080'); // 8080
 * toNumber(''); // NaN (Number('') is 0)
 * toNumber('abc'); // NaN
 */
export function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** Inclusive bounds of an integer option; `max` defaults to `Number.MAX_SAFE_INTEGER`. */
export interface IntegerRange {
  min: number;
  max?: number;
}

/** Plain decimal digits, surrounding whitespace allowed; a minus sign only when the range has negatives. */
const UNSIGNED = /^\s*\d+\s*$/;
const SIGNED = /^\s*-?\d+\s*$/;

/**
 * Read a whole-number option: plain decimal digits (whitespace around them allowed) within
 * `[min, max]`. Blank text, signs (a minus only where `min < 0`), hex (`0x50`), exponents (`1e3`),
 * fractions (`1.5`) and numbers past the range are refused with one line naming the option,
 * quoting the value as given (JSON-escaped, so newlines and terminal escapes show as `\n`,
 * `\u001b`) and stating the range.
 * @throws Error `--port must be an integer from 1 to 65535, got "0x50"`
 * @example
 * integerOption('--port', '8080', { min: 1, max: 65535 }); // 8080
 * integerOption('--port', ' 8080 ', { min: 1, max: 65535 }); // 8080
 * integerOption('--seed', '0', { min: 0 }); // 0
 */
export function integerOption(name: string, text: string, { min, max = Number.MAX_SAFE_INTEGER }: IntegerRange): number {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
    throw new RangeError(`integerOption(${name}): bad range ${min}..${max}`);
  }
  const n = (min < 0 ? SIGNED : UNSIGNED).test(text) ? Number(text) + 0 : Number.NaN; // + 0: no -0
  if (!(n >= min && n <= max)) throw new Error(`${name} must be an integer from ${min} to ${max}, got ${quote(text)}`);
  return n;
}

/**
 * `text` in double quotes, escaped as JSON, plus DEL, the C1 controls (0x80–0x9f: 0x9b is a
 * terminal's CSI) and the Unicode line/paragraph separators, which JSON leaves raw.
 */
function quote(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
