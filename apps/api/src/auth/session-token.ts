import { createHash, randomBytes } from 'node:crypto';

/** Session tokens say what they are, so a leaked one is recognisable and never mistaken for an API key. */
export const SESSION_TOKEN_PREFIX = 'mp_session_';

/** A new session token (256 random bits) and the SHA-256 that is all the database keeps of it. */
export function generateSessionToken(): { token: string; hash: string } {
  const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSessionToken(token) };
}

/** Tokens are 256-bit random secrets, so one fast hash makes a leaked table useless (no salt or slow hash needed). */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function isSessionToken(token: string): boolean {
  return token.startsWith(SESSION_TOKEN_PREFIX);
}
