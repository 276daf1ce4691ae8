/**
 * Numbers from command-line option text. `Number('')` and `Number('  ')` are 0, so a blank value
 * (`--port ''`, `--seed=`, an unset shell variable) would silently mean 0; here it is no number.
 */

/**
 * `Number(text)`, except that blank text (empty or whitespace only) is NaN instead of 0. Callers
 * check the result (integer, range) and throw their own message naming the option.
 * @example
 * toNumber('8080'); // 8080
 * toNumber(''); // NaN (Number('') is 0)
 * toNumber('abc'); // NaN
 */
export function toNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
