import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { unavailableAnswer } from './tracking-unavailable';

/**
 * The tracking endpoints never answer 500: a hit that could not be recorded (database away, ingestion at
 * capacity, or a fault) gets 503 with Retry-After and a small page, and the browser or mail client may retry.
 */
@Catch()
export class TrackingErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('tracking');

  catch(exception: unknown, host: ArgumentsHost): void {
    const answer = unavailableAnswer(exception, this.logger);
    void host.switchToHttp().getResponse<FastifyReply>().status(answer.status).headers(answer.headers).send(answer.body);
  }
}
