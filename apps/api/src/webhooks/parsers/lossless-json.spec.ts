import { parseJsonLosslessly, quoteUnsafeIntegers } from './lossless-json';

describe('parseJsonLosslessly', () => {
  it('keeps every digit of an integer beyond 2^53 (Postmark bounce ID) as a string', () => {
    expect(parseJsonLosslessly('{"ID": 4323372036854775807, "TypeCode": 1}')).toEqual({ ID: '4323372036854775807', TypeCode: 1 });
  });

  it.each([
    ['safe integers stay numbers', '[9007199254740991, -9007199254740991, 0]', [9007199254740991, -9007199254740991, 0]],
    ['negative unsafe integers', '[-12345678901234567890]', ['-12345678901234567890']],
    ['floats and exponents are left alone', '[1770146431.6585283, 1e21, -0.5, 2E-3]', [1770146431.6585283, 1e21, -0.5, 0.002]],
    ['digits inside strings are untouched', '{"a": "4323372036854775807", "b": "x\\"99999999999999999"}', { a: '4323372036854775807', b: 'x"99999999999999999' }],
    ['escaped backslash before a closing quote', '{"a": "\\\\", "b": 99999999999999999}', { a: '\\', b: '99999999999999999' }],
    ['nested arrays and objects', '{"x": [{"y": 18446744073709551615}]}', { x: [{ y: '18446744073709551615' }] }],
    ['no long digits: same as JSON.parse', '{"a": [1, 2.5, "s", true, null]}', { a: [1, 2.5, 's', true, null] }],
  ])('%s', (_name, text, expected) => {
    expect(parseJsonLosslessly(text)).toEqual(expected);
  });

  it('throws JSON.parse’s own error for invalid JSON', () => {
    expect(() => parseJsonLosslessly('{"ID": 4323372036854775807,')).toThrow(SyntaxError);
  });

  it('returns the same text when there is nothing to quote', () => {
    const text = '{"a": "12345678901234567890"}';
    expect(quoteUnsafeIntegers(text)).toBe(text);
  });
});
