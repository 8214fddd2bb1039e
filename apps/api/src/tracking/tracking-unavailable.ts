import type { Logger } from '@nestjs/common';
import { ApiException } from '../common/api.exception';
import { isDatabaseUnavailable } from '../common/database-errors';
import { NO_CACHE_HEADERS } from './open-pixel';
import { PAGE_SECURITY_HEADERS, unavailablePage } from './tracking-pages';

/** A hit that raced the process's shutdown (the pool is already closed): the client retries elsewhere or later. */
function isShuttingDown(err: unknown): boolean {
  return err instanceof Error && /Cannot use a pool after calling end on the pool/.test(err.message);
}

/** Headers of the 503 page a hit gets when it could not be recorded. */
export const UNAVAILABLE_HEADERS = { ...NO_CACHE_HEADERS, ...PAGE_SECURITY_HEADERS, 'retry-after': '1', 'content-type': 'text/html; charset=utf-8' } as const;

/**
 * What a tracking route answers when a hit could not be recorded (database away, ingestion at capacity, or a
 * fault): 503 with Retry-After and a small page, never a 500. Faults other than the expected ones are logged.
 */
export function unavailableAnswer(exception: unknown, logger: Logger): { status: 503; headers: typeof UNAVAILABLE_HEADERS; body: string } {
  const expected = (exception instanceof ApiException && exception.status === 503) || isDatabaseUnavailable(exception) || isShuttingDown(exception);
  if (!expected) logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { status: 503, headers: UNAVAILABLE_HEADERS, body: unavailablePage() };
}
