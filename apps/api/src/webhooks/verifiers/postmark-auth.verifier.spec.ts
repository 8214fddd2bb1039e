import { buildVerification, PostmarkVerification } from '../webhook-settings';
import { verifyPostmarkRequest } from './postmark-auth.verifier';

const basic = (userPass: string) => `Basic ${Buffer.from(userPass).toString('base64')}`;

describe('verifyPostmarkRequest (basic auth and/or a secret header)', () => {
  const both = buildVerification('postmark', { postmarkBasicAuth: 'postmark:s3cret:with:colons', postmarkHeader: 'X-Mailpulse-Secret: hush' }).settings as PostmarkVerification;

  it('accepts matching credentials and header', () => {
    expect(verifyPostmarkRequest(both, { authorization: basic('postmark:s3cret:with:colons'), 'x-mailpulse-secret': 'hush' })).toEqual({ ok: true });
  });

  it.each([
    ['a wrong password', { authorization: basic('postmark:wrong'), 'x-mailpulse-secret': 'hush' }, false, /do not match/],
    ['a wrong user', { authorization: basic('other:s3cret:with:colons'), 'x-mailpulse-secret': 'hush' }, false, /do not match/],
    ['no credentials', { 'x-mailpulse-secret': 'hush' }, true, /missing/],
    ['a Bearer token instead', { authorization: 'Bearer abc', 'x-mailpulse-secret': 'hush' }, true, /missing/],
    ['no header', { authorization: basic('postmark:s3cret:with:colons') }, true, /x-mailpulse-secret header is missing/],
    ['a wrong header', { authorization: basic('postmark:s3cret:with:colons'), 'x-mailpulse-secret': 'loud' }, false, /does not match/],
  ])('refuses %s', (_name, headers, missing, reason) => {
    expect(verifyPostmarkRequest(both, headers)).toEqual({ ok: false, missing, reason: expect.stringMatching(reason) });
  });

  it('checks only what is configured', () => {
    expect(verifyPostmarkRequest({}, {})).toEqual({ ok: true });
    const headerOnly = buildVerification('postmark', { postmarkHeader: 'X-Token: abc' }).settings as PostmarkVerification;
    expect(verifyPostmarkRequest(headerOnly, { 'x-token': 'abc' })).toEqual({ ok: true });
  });

  it('stores neither the password nor the header value in clear', () => {
    expect(JSON.stringify(both)).not.toMatch(/s3cret|hush/);
  });
});
