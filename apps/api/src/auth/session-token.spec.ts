import { createHash } from 'node:crypto';
import { hashApiKey } from '../workspaces/api-key';
import { generateSessionToken, hashSessionToken, isSessionToken, SESSION_TOKEN_PREFIX } from './session-token';

describe('session tokens', () => {
  it('are 256 random bits behind a recognisable prefix', () => {
    const { token } = generateSessionToken();
    expect(token.startsWith(SESSION_TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(token.slice(SESSION_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
  });

  it('differ every time', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateSessionToken().token));
    expect(tokens.size).toBe(1000);
  });

  it('are stored as their SHA-256 in hex, never as themselves', () => {
    const { token, hash } = generateSessionToken();
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token.slice(SESSION_TOKEN_PREFIX.length));
    expect(hashSessionToken(token)).toBe(hash);
  });

  it('hash the same way API keys do (one fast hash for random secrets)', () => {
    expect(hashSessionToken('mp_session_x')).toBe(hashApiKey('mp_session_x'));
  });

  it.each([
    ['mp_session_abc', true],
    ['mp_ingest_abc', false],
    ['mp_read_abc', false],
    ['session_abc', false],
    ['', false],
  ])('isSessionToken(%p) is %p', (token, expected) => {
    expect(isSessionToken(token)).toBe(expected);
  });
});
