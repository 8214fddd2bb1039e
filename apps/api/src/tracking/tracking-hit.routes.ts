import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TRACKING_SECURITY_HEADERS } from '../auth/http-security';
import { hitSignalsOf } from './hit-signals';
import { NO_CACHE_HEADERS, OPEN_PIXEL_GIF } from './open-pixel';
import { invalidLinkPage, PAGE_SECURITY_HEADERS } from './tracking-pages';
import { unavailableAnswer } from './tracking-unavailable';
import { TrackingService } from './tracking.service';

// Every header of an answer, merged once: the hot path sets one object per reply.
const PIXEL_HEADERS = { ...TRACKING_SECURITY_HEADERS, ...NO_CACHE_HEADERS, 'content-type': 'image/gif', 'content-length': String(OPEN_PIXEL_GIF.length) };
const REDIRECT_HEADERS = { ...TRACKING_SECURITY_HEADERS, ...NO_CACHE_HEADERS, 'content-length': '0' };
const INVALID_LINK_PAGE = Buffer.from(invalidLinkPage(), 'utf8');
const INVALID_LINK_HEADERS = {
  ...TRACKING_SECURITY_HEADERS,
  ...NO_CACHE_HEADERS,
  ...PAGE_SECURITY_HEADERS,
  'content-type': 'text/html; charset=utf-8',
  'content-length': String(INVALID_LINK_PAGE.length),
};

/**
 * Writes the whole answer on the raw response (Fastify's reply pipeline — serializers, onSend hooks — has
 * nothing to add to a fixed GIF or a redirect). Node leaves the body out of an answer to HEAD.
 */
function answer(reply: FastifyReply, status: number, headers: Record<string, string>, body?: Buffer): void {
  reply.hijack();
  reply.raw.writeHead(status, headers);
  reply.raw.end(body);
}

/** The token is the rest of the path (a wildcard, because tokens are longer than a route parameter may be). */
function tokenOf(req: FastifyRequest, suffix = ''): string {
  const rest = (req.params as Record<string, string | undefined>)['*'] ?? '';
  return suffix && rest.endsWith(suffix) ? rest.slice(0, -suffix.length) : rest;
}

/**
 * `GET /t/o/<token>.gif` (open pixel) and `GET /t/c/<token>` (click redirect), the two routes every sent message
 * loads. They are plain Fastify routes rather than Nest controller methods: they take no credentials, body or
 * parameters to convert, so Nest's guard, pipe and interceptor machinery would only add work per hit; and they
 * send precomputed security headers instead of helmet's per-request ones. Each hit is still committed (group
 * commit) before it is answered. GET routes answer HEAD too (Fastify adds the route); a HEAD hit is recorded
 * with `method: 'HEAD'`.
 */
@Injectable()
export class TrackingHitRoutes implements OnModuleInit {
  private readonly logger = new Logger('tracking');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly tracking: TrackingService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || typeof fastify.route !== 'function') return;
    fastify.route({ method: 'GET', url: '/t/o/*', helmet: false, handler: (req, reply) => this.openPixel(req, reply) });
    fastify.route({ method: 'GET', url: '/t/c/*', helmet: false, handler: (req, reply) => this.clickRedirect(req, reply) });
  }

  /** Records an open and answers a 1×1 GIF (also, unrecorded, with 400 for a bad token, so no broken image). */
  private async openPixel(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const outcome = await this.tracking.recordEngagement(tokenOf(req, '.gif'), 'open', hitSignalsOf(req));
      answer(reply, outcome.kind === 'recorded' ? 200 : 400, PIXEL_HEADERS, OPEN_PIXEL_GIF);
    } catch (err) {
      this.unavailable(reply, err);
    }
  }

  /** Records a click and redirects (302) to the signed target; a bad token gets a plain 400 page. */
  private async clickRedirect(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const outcome = await this.tracking.recordEngagement(tokenOf(req), 'click', hitSignalsOf(req));
      if (outcome.kind === 'recorded' && outcome.claims.kind === 'click') answer(reply, 302, { ...REDIRECT_HEADERS, location: outcome.claims.url });
      else answer(reply, 400, INVALID_LINK_HEADERS, INVALID_LINK_PAGE);
    } catch (err) {
      this.unavailable(reply, err);
    }
  }

  private unavailable(reply: FastifyReply, err: unknown): void {
    const unavailable = unavailableAnswer(err, this.logger);
    const body = Buffer.from(unavailable.body, 'utf8');
    answer(reply, unavailable.status, { ...TRACKING_SECURITY_HEADERS, ...unavailable.headers, 'content-length': String(body.length) }, body);
  }
}
