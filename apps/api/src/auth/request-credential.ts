import type { FastifyRequest } from 'fastify';
import { sessionTokenFromCookies } from './session-cookie';

/** What a request presented to prove who it is. The Authorization header wins over the cookie. */
export type RequestCredential =
  | { kind: 'bearer'; token: string }
  | { kind: 'cookie'; token: string }
  | { kind: 'malformed' }
  | { kind: 'none' };

export function credentialOf(req: Pick<FastifyRequest, 'headers'>): RequestCredential {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? { kind: 'bearer', token: match[1]! } : { kind: 'malformed' };
  }
  const cookie = sessionTokenFromCookies(req.headers.cookie);
  return cookie ? { kind: 'cookie', token: cookie } : { kind: 'none' };
}
