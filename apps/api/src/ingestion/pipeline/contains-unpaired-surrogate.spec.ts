import { containsUnpairedSurrogate, withPairedSurrogates } from './contains-unpaired-surrogate';

describe('containsUnpairedSurrogate', () => {
  it.each([
    ['plain text', 'hello', false],
    ['a pair (emoji)', 'a\uD83D\uDE00b', false],
    ['a lone high surrogate', 'a\uD800b', true],
    ['a lone low surrogate', '\uDFFF', true],
    ['a high surrogate at the end', 'x\uD83D', true],
    ['two low surrogates', '\uDE00\uDE00', true],
    ['in a nested value', { a: [{ b: 'ok' }, { c: '\uD800' }] }, true],
    ['in a key', { ['k\uDC00']: 1 }, true],
    ['numbers and null', [1, null, true], false],
  ])('%s → %p', (_what, value, expected) => {
    expect(containsUnpairedSurrogate(value)).toBe(expected);
  });
});

describe('withPairedSurrogates', () => {
  it('replaces unpaired surrogates in keys and strings, and keeps pairs', () => {
    expect(withPairedSurrogates({ ['k\uD800']: ['\uDFFFx', 'a\uD83D\uDE00'], n: 1 })).toEqual({ 'k\uFFFD': ['\uFFFDx', 'a\uD83D\uDE00'], n: 1 });
    expect(JSON.stringify(withPairedSurrogates('\uD800'))).toBe('"\uFFFD"');
  });
});
