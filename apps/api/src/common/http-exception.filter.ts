import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ApiErrorBody } from '@mailpulse/contracts';
import { ApiErrorCode, ApiException } from './api.exception';
import { isDatabaseUnavailable, isRefusedValue } from './database-errors';

const FASTIFY_CODES: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ApiErrorCode.BodyTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ApiErrorCode.UnsupportedMediaType,
  FST_ERR_CTP_EMPTY_JSON_BODY: ApiErrorCode.InvalidBody,
  FST_ERR_CTP_INVALID_JSON_BODY: ApiErrorCode.MalformedJson,
};

const HTTP_CODES: Record<number, ApiErrorCode> = {
  404: ApiErrorCode.NotFound,
  413: ApiErrorCode.BodyTooLarge,
  415: ApiErrorCode.UnsupportedMediaType,
};

/** Maps every error to one JSON shape: 4xx with a reason for the client, 503 when the database is away, 500 for bugs. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body, headers } = this.describe(exception);
    if (status >= 500 && status !== 503) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
    void reply.status(status).send(body);
  }

  private describe(exception: unknown): { status: number; body: ApiErrorBody & Record<string, unknown>; headers: Record<string, string> } {
    if (exception instanceof ApiException) {
      return {
        status: exception.status,
        body: { ...exception.extra, error: { code: exception.code, message: exception.message, ...(exception.field ? { field: exception.field } : {}) } },
        headers: exception.status === 503 ? { 'retry-after': '1' } : {},
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        status: 503,
        body: { error: { code: ApiErrorCode.Unavailable, message: 'The database is unavailable; retry shortly. Nothing in this request was stored.' } },
        headers: { 'retry-after': '1' },
      };
    }
    if (isRefusedValue(exception)) {
      // A safety net: routes check their inputs by field; a value that still reaches the database and is refused
      // there (e.g. a NUL character in a path id) is the request's fault, not the server's.
      return {
        status: 400,
        body: { error: { code: ApiErrorCode.InvalidBody, message: 'A value in the request contains a character that cannot be stored or searched for (such as a NUL character)' } },
        headers: {},
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_CODES[status] ?? (status >= 500 ? ApiErrorCode.Internal : ApiErrorCode.InvalidBody);
      return { status, body: { error: { code, message: exception.message } }, headers: {} };
    }
    const fastify = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastify.statusCode === 'number' && fastify.statusCode >= 400 && fastify.statusCode < 500) {
      const code = FASTIFY_CODES[fastify.code ?? ''] ?? ApiErrorCode.InvalidBody;
      return { status: fastify.statusCode, body: { error: { code, message: fastify.message ?? 'Bad request', field: 'body' } }, headers: {} };
    }
    return { status: 500, body: { error: { code: ApiErrorCode.Internal, message: 'Internal error' } }, headers: {} };
  }
}
