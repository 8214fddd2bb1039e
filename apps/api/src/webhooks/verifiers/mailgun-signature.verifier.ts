import { createHmac } from 'node:crypto';
import type { MailgunVerification } from '../webhook-settings';
import { refused, safeEqual, VERIFIED, VerificationResult } from './verification-result';

/**
 * Mailgun signs each webhook with HMAC-SHA256 of `timestamp + token` under the HTTP webhook signing key, sent
 * in the body as `signature: {timestamp, token, signature}` (hex). Not checked when no key is configured.
 * The signature does not cover the event itself; replays are harmless because event ids de-duplicate.
 */
export function verifyMailgunSignature(settings: MailgunVerification, body: unknown): VerificationResult {
  if (!settings.signingKey) return VERIFIED;
  const block = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['signature'] : undefined;
  const { timestamp, token, signature } = (block !== null && typeof block === 'object' ? block : {}) as Record<string, unknown>;
  const ts = typeof timestamp === 'number' ? String(timestamp) : timestamp;
  if (typeof ts !== 'string' || typeof token !== 'string' || typeof signature !== 'string') {
    return refused('signature.timestamp, signature.token and signature.signature are required', true);
  }
  const expected = createHmac('sha256', settings.signingKey).update(ts + token).digest('hex');
  return safeEqual(expected, signature.toLowerCase()) ? VERIFIED : refused('signature.signature does not match the signing key');
}
