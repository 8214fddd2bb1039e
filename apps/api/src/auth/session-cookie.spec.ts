import { clearedSessionCookie, sessionCookie, sessionTokenFromCookies } from './session-cookie';

describe('session cookie', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  const expires = new Date('2026-11-29T12:00:00Z');

  it('is HttpOnly, SameSite=Lax, for the whole site, until the session expires', () => {
    const cookie = sessionCookie('mp_session_abc', expires, false, now);
    expect(cookie.split('; ')).toEqual(['mp_session=mp_session_abc', 'Path=/', 'Max-Age=604800', 'Expires=Sun, 29 Nov 2026 12:00:00 GMT', 'HttpOnly', 'SameSite=Lax']);
  });

  it('is Secure when the request came over https', () => {
    expect(sessionCookie('t', expires, true, now)).toMatch(/; Secure$/);
    expect(clearedSessionCookie(true)).toMatch(/; Secure$/);
  });

  it('is cleared with an empty value that expires at once', () => {
    expect(clearedSessionCookie(false)).toMatch(/^mp_session=; Path=\/; Max-Age=0;/);
  });

  it.each([
    [undefined, undefined],
    ['', undefined],
    ['mp_session=abc', 'abc'],
    ['theme=dark; mp_session=abc; other=1', 'abc'],
    ['mp_session_x=abc', undefined],
    ['xmp_session=abc', undefined],
    ['mp_session=', undefined],
    ['  mp_session = abc ', 'abc'],
  ])('reads %p as %p', (header, expected) => {
    expect(sessionTokenFromCookies(header)).toBe(expected);
  });
});
