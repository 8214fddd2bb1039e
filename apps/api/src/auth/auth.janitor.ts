import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { LoginAttemptRepository } from './login-attempt.repository';
import { SessionRepository } from './session.repository';

/** Hourly: deletes sessions a day after they expired or were revoked, and login attempts out of every window. */
@Injectable()
export class AuthJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private readonly logger = new Logger('auth');

  constructor(
    private readonly sessions: SessionRepository,
    private readonly attempts: LoginAttemptRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), 3_600_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<{ sessions: number; attempts: number }> {
    try {
      const sessions = await this.sessions.prune(24);
      const attempts = await this.attempts.prune(Math.max(this.config.LOGIN_FAILURE_WINDOW_MINUTES * 60_000, 3_600_000));
      return { sessions, attempts };
    } catch (err) {
      this.logger.warn(`session and login-attempt sweep failed: ${(err as Error).message}`);
      return { sessions: 0, attempts: 0 };
    }
  }
}
