import { ArgumentsHost, Catch } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { AuthException } from './auth.exception';

/** The app's error filter, plus the Retry-After header of a throttled sign-in. */
@Catch()
export class AuthExceptionFilter extends HttpExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof AuthException && exception.retryAfterSeconds !== undefined) {
      void host.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(exception.retryAfterSeconds));
    }
    super.catch(exception, host);
  }
}
