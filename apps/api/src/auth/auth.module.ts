import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthJanitor } from './auth.janitor';
import { FirstAdminBootstrap } from './first-admin.bootstrap';
import { LoginAttemptRepository } from './login-attempt.repository';
import { LoginService } from './login.service';
import { SessionRepository } from './session.repository';
import { SessionService } from './session.service';
import { UsersModule } from './users.module';

/**
 * Sign-in (`/v1/auth`), sessions and what `@Access` / `@SignedIn` need to check them; the first admin from the
 * environment. Global, so any feature module's controllers can use the access decorators.
 */
@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [SessionRepository, SessionService, LoginAttemptRepository, LoginService, FirstAdminBootstrap, AuthJanitor],
  exports: [SessionService, FirstAdminBootstrap],
})
export class AuthModule {}
