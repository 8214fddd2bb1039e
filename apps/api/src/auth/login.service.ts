import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import type { WorkspaceOfUser } from '../workspaces/workspace.repository';
import { WorkspaceService } from '../workspaces/workspace.service';
import { AuthErrorCode, AuthException } from './auth.exception';
import { LoginAttemptRepository } from './login-attempt.repository';
import { ThrottlePolicy, throttleVerdict } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { SessionService } from './session.service';
import { UserRepository } from './user.repository';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: { id: string; email: string };
  workspaces: WorkspaceOfUser[];
}

/** One message for an unknown address and a wrong password, so a response never tells which it was. */
const WRONG_CREDENTIALS = 'The email or password is wrong';

/**
 * Sign-in by email and password. Failures are counted in PostgreSQL per address and per client IP (so every
 * replica agrees); past the limit the attempt is refused with 429 before any password is checked.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserRepository,
    private readonly attempts: LoginAttemptRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly workspaces: WorkspaceService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get policy(): ThrottlePolicy {
    return {
      maxFailuresPerEmail: this.config.LOGIN_MAX_FAILURES,
      maxFailuresPerIp: this.config.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: this.config.LOGIN_FAILURE_WINDOW_MINUTES * 60_000,
    };
  }

  async login(email: string, password: string, client: { ip: string; userAgent: string | null }): Promise<LoginResult> {
    const policy = this.policy;
    const attemptId = await this.attempts.begin(email, client.ip);
    const recent = await this.attempts.recentOthers(attemptId, email, client.ip, policy.windowMs, Math.max(policy.maxFailuresPerEmail, policy.maxFailuresPerIp));
    const verdict = throttleVerdict(recent, policy, recent.now);
    if (verdict.blocked) {
      await this.attempts.forget(attemptId);
      const who = verdict.by === 'email' ? 'this address' : 'your network address';
      throw new AuthException(429, AuthErrorCode.TooManyAttempts, `Too many failed sign-ins for ${who}; try again in ${verdict.retryAfterSeconds} s`, undefined, verdict.retryAfterSeconds);
    }

    const user = await this.users.findByEmail(email);
    const ok = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyDecoy(password);
    if (!user || !ok) throw new AuthException(401, AuthErrorCode.InvalidCredentials, WRONG_CREDENTIALS);

    await this.attempts.succeed(attemptId, email);
    if (this.hasher.needsRehash(user.passwordHash)) await this.users.updatePasswordHash(user.id, await this.hasher.hash(password));
    const session = await this.sessions.issue(user.id, client);
    return { token: session.token, expiresAt: session.expiresAt, user: { id: user.id, email: user.email }, workspaces: await this.workspaces.listForUser(user.id) };
  }
}
