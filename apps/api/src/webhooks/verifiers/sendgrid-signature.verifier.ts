import { createPublicKey, verify } from 'node:crypto';
import type { SendGridVerification } from '../webhook-settings';
import { refused, VERIFIED, VerificationResult } from './verification-result';

export const SENDGRID_SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const SENDGRID_TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

/**
 * SendGrid's Signed Event Webhook: an ECDSA (P-256, SHA-256) signature, base64 DER, over the timestamp header
 * followed by the raw request body, byte for byte. Not checked when no public key is configured.
 */
export function verifySendGridSignature(settings: SendGridVerification, signature: string | undefined, timestamp: string | undefined, rawBody: Buffer): VerificationResult {
  if (!settings.publicKey) return VERIFIED;
  if (!signature) return refused('the X-Twilio-Email-Event-Webhook-Signature header is missing', true);
  if (!timestamp) return refused('the X-Twilio-Email-Event-Webhook-Timestamp header is missing', true);
  let ok = false;
  try {
    ok = verify('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]), createPublicKey(settings.publicKey), Buffer.from(signature, 'base64'));
  } catch {
    ok = false;
  }
  return ok ? VERIFIED : refused('the X-Twilio-Email-Event-Webhook-Signature does not match the body and timestamp');
}
