import { createHash, randomBytes } from 'node:crypto';

export type KeyScope = 'ingest' | 'read';

/** A new API key: `mp_<scope>_<32 random base64url chars>`; only its SHA-256 is stored. */
export function generateApiKey(scope: KeyScope): { key: string; hash: string; prefix: string } {
  const key = `mp_${scope}_${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, scope.length + 8) };
}

/**
 * Keys are 192-bit random secrets, so a fast hash is enough to make a leaked table useless
 * (passwords, which are guessable, get a slow hash instead).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
