import { createHash, randomBytes } from 'node:crypto';

/**
 * A new webhook token: `mp_hook_<32 random base64url chars>`, part of the URL given to the vendor. Only its
 * SHA-256 is stored; like an API key it is a 192-bit random secret, so a fast hash is enough.
 */
export function generateWebhookToken(): { token: string; hash: string; prefix: string } {
  const token = `mp_hook_${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashWebhookToken(token), prefix: token.slice(0, 12) };
}

export function hashWebhookToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
