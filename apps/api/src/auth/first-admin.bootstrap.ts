import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig, ConfigError } from '../config/config.schema';
import { passwordProblem } from './dto/credentials.dto';
import { UserService } from './user.service';

/**
 * The first admin from MAILPULSE_ADMIN_EMAIL and MAILPULSE_ADMIN_PASSWORD, created at start when no user exists
 * yet (the demo user aside). With the demo on, the demo service calls `ensure` with the demo workspace once it
 * exists; otherwise the admin gets a new "Default" workspace.
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('auth');

  constructor(
    private readonly users: UserService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.MAILPULSE_DEMO === 'off') await this.ensure();
  }

  async ensure(workspaceId?: string): Promise<void> {
    const { MAILPULSE_ADMIN_EMAIL: email, MAILPULSE_ADMIN_PASSWORD: password } = this.config;
    if (!email && !password) return;
    if (!email) throw new ConfigError('MAILPULSE_ADMIN_EMAIL', 'is required when MAILPULSE_ADMIN_PASSWORD is set');
    if (!password) throw new ConfigError('MAILPULSE_ADMIN_PASSWORD', 'is required when MAILPULSE_ADMIN_EMAIL is set');
    const problem = passwordProblem(password);
    // The value is a secret, so unlike other variables it is not echoed back.
    if (problem) throw new ConfigError('MAILPULSE_ADMIN_PASSWORD', problem);
    const created = await this.users.createFirstAdmin(email, password, workspaceId);
    if (created) this.logger.log(`created the first admin ${created.user.email} (admin of workspace ${created.workspaceId}) from MAILPULSE_ADMIN_EMAIL`);
  }
}
