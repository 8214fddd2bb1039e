import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { ActiveSession, SessionRepository } from './session.repository';
import { generateSessionToken, hashSessionToken, isSessionToken } from './session-token';

export interface IssuedSession {
  token: string;
  sessionId: string;
  expiresAt: Date;
}

/** Sign-in sessions: opaque random tokens, stored as SHA-256, expiring after SESSION_TTL_HOURS, revocable. */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(userId: string, client: { ip: string; userAgent: string | null }): Promise<IssuedSession> {
    const { token, hash } = generateSessionToken();
    const { sessionId, expiresAt } = await this.sessions.create(userId, hash, this.config.SESSION_TTL_HOURS, client);
    return { token, sessionId, expiresAt };
  }

  /** The live session a token names, or null (unknown, expired or signed out). Not cached: sign-out is immediate. */
  async resolve(token: string): Promise<ActiveSession | null> {
    if (!isSessionToken(token)) return null;
    return this.sessions.findActive(hashSessionToken(token));
  }

  revoke(sessionId: string): Promise<void> {
    return this.sessions.revoke(sessionId);
  }
}
