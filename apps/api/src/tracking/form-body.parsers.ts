import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** Form posts are tiny (RFC 8058's body is `List-Unsubscribe=One-Click`); anything bigger is refused. */
const FORM_BODY_LIMIT = 64 * 1024;
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'] as const;

/**
 * One-click unsubscribes arrive as `application/x-www-form-urlencoded` or `multipart/form-data` POSTs, which
 * Fastify refuses (415) without a parser. The unsubscribe route needs nothing from the body (the token says
 * everything), so this accepts both: URL-encoded bodies become a plain object, multipart bodies stay text.
 * A parser that is already registered (by the app or another module) is left in place.
 */
@Injectable()
export class FormBodyParsers implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || typeof fastify.hasContentTypeParser !== 'function') return;
    for (const type of FORM_TYPES) {
      if (fastify.hasContentTypeParser(type)) continue;
      fastify.addContentTypeParser(type, { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
        done(null, type === 'application/x-www-form-urlencoded' ? Object.fromEntries(new URLSearchParams(body as string)) : body);
      });
    }
  }
}
