import { isDatabaseUnavailable, isRefusedValue } from './database-errors';

describe('database errors', () => {
  it.each([
    ['22021', true], // character_not_in_repertoire: a NUL in a text parameter
    ['22P05', true], // untranslatable_character
    ['23505', false], // unique_violation is a bug or a race, not the client's value
    ['57P01', false],
  ])('PostgreSQL code %s is a refused client value: %p', (code, refused) => {
    expect(isRefusedValue(Object.assign(new Error('x'), { code }))).toBe(refused);
  });

  it('does not take a missing or non-string code for a refused value', () => {
    expect(isRefusedValue(new Error('no code'))).toBe(false);
    expect(isRefusedValue({ code: 22021 })).toBe(false);
    expect(isRefusedValue(null)).toBe(false);
  });

  it('tells an unreachable database apart from a refused value', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('invalid byte sequence'), { code: '22021' }))).toBe(false);
  });
});
