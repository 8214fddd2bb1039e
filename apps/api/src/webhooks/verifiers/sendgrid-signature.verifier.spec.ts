import { generateKeyPairSync } from 'node:crypto';
import { buildVerification, SendGridVerification } from '../webhook-settings';
import { makeSendGridKeyPair, signSendGridBody } from './fixtures/signing-keys';
import { verifySendGridSignature } from './sendgrid-signature.verifier';

describe('verifySendGridSignature with a real ECDSA P-256 key pair', () => {
  const { privateKey, publicKeyBase64 } = makeSendGridKeyPair();
  const verification = buildVerification('sendgrid', { sendgridPublicKey: publicKeyBase64 });
  const settings = verification.settings as SendGridVerification;
  const body = '[{"email":"alex@example.com","timestamp":1513299569,"event":"delivered","sg_event_id":"rWVYmVk90MjZJ9iohOBa3w=="}]\r\n';
  const timestamp = '1600112502';
  const signature = signSendGridBody(privateKey, timestamp, body);

  it('accepts the signature over timestamp + raw body', () => {
    expect(verifySendGridSignature(settings, signature, timestamp, Buffer.from(body))).toEqual({ ok: true });
  });

  it('accepts a key configured as PEM', () => {
    const pem = buildVerification('sendgrid', { sendgridPublicKey: `-----BEGIN PUBLIC KEY-----\n${publicKeyBase64}\n-----END PUBLIC KEY-----` }).settings as SendGridVerification;
    expect(verifySendGridSignature(pem, signature, timestamp, Buffer.from(body))).toEqual({ ok: true });
  });

  it.each([
    ['the body re-serialized (whitespace differs)', signature, timestamp, JSON.stringify(JSON.parse(body)), false],
    ['another timestamp', signature, '1600112503', body, false],
    ['a signature by another key', signSendGridBody(makeSendGridKeyPair().privateKey, timestamp, body), timestamp, body, false],
    ['a malformed signature', 'bm90IGEgc2lnbmF0dXJl', timestamp, body, false],
    ['no signature header', undefined, timestamp, body, true],
    ['no timestamp header', signature, undefined, body, true],
  ])('refuses %s', (_name, sig, ts, sentBody, missing) => {
    expect(verifySendGridSignature(settings, sig, ts, Buffer.from(sentBody))).toMatchObject({ ok: false, missing });
  });

  it('checks nothing when no public key is configured', () => {
    expect(verifySendGridSignature({}, undefined, undefined, Buffer.from(body))).toEqual({ ok: true });
  });

  it('an RSA key is refused when configured (SendGrid signs with ECDSA)', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(() => buildVerification('sendgrid', { sendgridPublicKey: rsa })).toThrow(/ECDSA/);
  });
});
