import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiException } from '../common/api.exception';
import { isDatabaseUnavailable } from '../common/database-errors';
import { NO_CACHE_HEADERS } from './open-pixel';
import { PAGE_SECURITY_HEADERS, unavailablePage } from './tracking-pages';

/** A hit that raced the process's shutdown (the pool is already closed): the client retries elsewhere or later. */
function isShuttingDown(err: unknown): boolean {
  return err instanceof Error && /Cannot use a pool after calling end on the pool/.test(err.message);
}

/**
 * The tracking endpoints never answer 500: a hit that could not be recorded (database away, ingestion at
 * capacity, or a fault) gets 503 with Retry-After and a small page, and the browser or mail client may retry.
 */
@Catch()
export class TrackingErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('tracking');

  catch(exception: unknown, host: ArgumentsHost): void {
    const expected = (exception instanceof ApiException && exception.status === 503) || isDatabaseUnavailable(exception) || isShuttingDown(exception);
    if (!expected) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply
      .status(503)
      .headers({ ...NO_CACHE_HEADERS, ...PAGE_SECURITY_HEADERS, 'retry-after': '1', 'content-type': 'text/html; charset=utf-8' })
      .send(unavailablePage());
  }
}
