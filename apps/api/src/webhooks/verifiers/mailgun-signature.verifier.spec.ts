import { signMailgun } from './fixtures/signing-keys';
import { verifyMailgunSignature } from './mailgun-signature.verifier';

describe('verifyMailgunSignature (HMAC-SHA256 of timestamp + token)', () => {
  const key = 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0';
  const block = signMailgun(key, '1770146798', 'a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0');

  it('accepts a signature made with the signing key', () => {
    expect(verifyMailgunSignature({ signingKey: key }, { signature: block, 'event-data': {} })).toEqual({ ok: true });
  });

  it('accepts an upper-case hex signature and a numeric timestamp', () => {
    expect(verifyMailgunSignature({ signingKey: key }, { signature: { ...block, timestamp: 1770146798, signature: block.signature.toUpperCase() } })).toEqual({ ok: true });
  });

  it.each([
    ['another key', { signature: signMailgun('other-key', block.timestamp, block.token) }, false],
    ['a changed timestamp', { signature: { ...block, timestamp: '1770146799' } }, false],
    ['a changed token', { signature: { ...block, token: 'b' + block.token.slice(1) } }, false],
    ['a truncated signature', { signature: { ...block, signature: block.signature.slice(0, 10) } }, false],
    ['no signature block', { 'event-data': {} }, true],
    ['a signature block without signature', { signature: { timestamp: block.timestamp, token: block.token } }, true],
    ['a body that is not an object', 'x', true],
  ])('refuses %s', (_name, body, missing) => {
    expect(verifyMailgunSignature({ signingKey: key }, body)).toMatchObject({ ok: false, missing });
  });

  it('checks nothing when no signing key is configured', () => {
    expect(verifyMailgunSignature({}, { 'event-data': {} })).toEqual({ ok: true });
  });
});
