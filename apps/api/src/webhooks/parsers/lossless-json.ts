/**
 * `JSON.parse`, except that integers a JS number cannot hold exactly (beyond 2^53, e.g. Postmark's bounce `ID`
 * 4323372036854775807) come back as strings with every digit. Invalid JSON throws JSON.parse's own error.
 */
export function parseJsonLosslessly(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!/\d{16}/.test(text)) return value;
  const quoted = quoteUnsafeIntegers(text);
  return quoted === text ? value : JSON.parse(quoted);
}

const NUMBER_CHAR = /[0-9eE.+-]/;

/** Rewrites integer literals outside strings that would lose digits as a JS number into JSON strings. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      for (i++; i < text.length; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '"') break;
      }
      i++;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const start = i;
      while (i < text.length && NUMBER_CHAR.test(text[i]!)) i++;
      const token = text.slice(start, i);
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(copied, start)}"${token}"`;
        copied = i;
      }
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
