import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRACKING_ASSET_HEADERS, TRACKING_SECURITY_HEADERS } from '../auth/http-security';
import { hitSignalsOf, type HitSignals } from './hit-signals';
import { NO_CACHE_HEADERS, OPEN_PIXEL_GIF } from './open-pixel';
import { invalidLinkPage, PAGE_SECURITY_HEADERS } from './tracking-pages';
import { unavailableAnswer } from './tracking-unavailable';
import { TrackingService } from './tracking.service';

// Every header of an answer, merged once: the hot path sets one object per reply.
const PIXEL_HEADERS = { ...TRACKING_ASSET_HEADERS, ...NO_CACHE_HEADERS, 'content-type': 'image/gif', 'content-length': String(OPEN_PIXEL_GIF.length) };
const REDIRECT_HEADERS = { ...TRACKING_ASSET_HEADERS, ...NO_CACHE_HEADERS, 'content-length': '0' };
const INVALID_LINK_PAGE = Buffer.from(invalidLinkPage(), 'utf8');
const INVALID_LINK_HEADERS = {
  ...TRACKING_SECURITY_HEADERS,
  ...NO_CACHE_HEADERS,
  ...PAGE_SECURITY_HEADERS,
  'content-type': 'text/html; charset=utf-8',
  'content-length': String(INVALID_LINK_PAGE.length),
};
// The bodies as latin1 strings (one byte per character): Node then sends the status line, the headers and the
// body in one socket write instead of a write of the headers and another of a Buffer.
const PIXEL_BODY = OPEN_PIXEL_GIF.toString('latin1');
const INVALID_LINK_BODY = INVALID_LINK_PAGE.toString('latin1');
const OPEN_PREFIX = '/t/o/';
const CLICK_PREFIX = '/t/c/';

/** Writes the whole answer on the raw response. Node leaves the body out of an answer to HEAD. */
function answer(res: ServerResponse, status: number, headers: Record<string, string>, latin1Body?: string): void {
  res.writeHead(status, headers);
  if (latin1Body === undefined) res.end();
  else res.end(latin1Body, 'latin1');
}

/** The token is the rest of the path (a wildcard, because tokens are longer than a route parameter may be). */
function tokenOf(req: FastifyRequest, suffix = ''): string {
  const rest = (req.params as Record<string, string | undefined>)['*'] ?? '';
  return suffix && rest.endsWith(suffix) ? rest.slice(0, -suffix.length) : rest;
}

/** The path after `prefix`, without the query, percent-decoded as Fastify decodes a wildcard (null: not decodable). */
function rawTokenOf(url: string, prefix: string, suffix = ''): string | null {
  const query = url.indexOf('?');
  let rest = url.slice(prefix.length, query === -1 ? undefined : query);
  if (rest.includes('%')) {
    try {
      rest = decodeURIComponent(rest);
    } catch {
      return null;
    }
  }
  return suffix && rest.endsWith(suffix) ? rest.slice(0, -suffix.length) : rest;
}

/**
 * The client's address as Fastify resolves it: the socket's, or with TRUST_PROXY=on (every proxy trusted) the
 * first address of X-Forwarded-For.
 */
function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const socketIp = req.socket.remoteAddress ?? '';
  if (!trustProxy) return socketIp;
  const forwarded = req.headers['x-forwarded-for'];
  if (!forwarded) return socketIp;
  const first = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',')[0]!.trim();
  return first || socketIp;
}

/**
 * `GET /t/o/<token>.gif` (open pixel) and `GET /t/c/<token>` (click redirect), the two routes every sent message
 * loads. They take no credentials, body or parameters to convert, so they are answered at the HTTP server's
 * front door (`handle`, called by the server before Fastify sees the request) with precomputed security headers:
 * none of Fastify's routing, hooks or reply objects, nor Nest's guards, pipes and interceptors, have anything to
 * add per hit. Each hit is durable (journal or commit) before it is answered. The same handlers are also plain
 * Fastify routes, for requests that do reach Fastify (`app.inject`, or when a per-key rate limit on tracking
 * must run first). GET routes answer HEAD too; a HEAD hit is recorded with `method: 'HEAD'`.
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
    fastify.route({ method: 'GET', url: '/t/o/*', helmet: false, handler: (req, reply) => this.viaFastify(reply, () => this.openPixel(tokenOf(req, '.gif'), hitSignalsOf(req), reply.raw)) });
    fastify.route({ method: 'GET', url: '/t/c/*', helmet: false, handler: (req, reply) => this.viaFastify(reply, () => this.clickRedirect(tokenOf(req), hitSignalsOf(req), reply.raw)) });
  }

  /** Answers a pixel load or a click and returns true; false for any other request (Fastify's then). */
  handle(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): boolean {
    const url = req.url ?? '';
    const isOpen = url.startsWith(OPEN_PREFIX);
    if ((!isOpen && !url.startsWith(CLICK_PREFIX)) || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const token = rawTokenOf(url, isOpen ? OPEN_PREFIX : CLICK_PREFIX, isOpen ? '.gif' : '');
    const signals = hitSignalsOf({ method: req.method, ip: clientIp(req, trustProxy), headers: req.headers });
    if (isOpen) void this.openPixel(token ?? '', signals, res);
    else void this.clickRedirect(token ?? '', signals, res);
    return true;
  }

  private async viaFastify(reply: FastifyReply, run: () => Promise<void>): Promise<void> {
    reply.hijack();
    await run();
  }

  /** Records an open and answers a 1×1 GIF (also, unrecorded, with 400 for a bad token, so no broken image). */
  private async openPixel(token: string, signals: HitSignals, res: ServerResponse): Promise<void> {
    try {
      const outcome = await this.tracking.recordEngagement(token, 'open', signals);
      answer(res, outcome.kind === 'recorded' ? 200 : 400, PIXEL_HEADERS, PIXEL_BODY);
    } catch (err) {
      this.unavailable(res, err);
    }
  }

  /** Records a click and redirects (302) to the signed target; a bad token gets a plain 400 page. */
  private async clickRedirect(token: string, signals: HitSignals, res: ServerResponse): Promise<void> {
    try {
      const outcome = await this.tracking.recordEngagement(token, 'click', signals);
      if (outcome.kind === 'recorded' && outcome.claims.kind === 'click') answer(res, 302, { ...REDIRECT_HEADERS, location: outcome.claims.url });
      else answer(res, 400, INVALID_LINK_HEADERS, INVALID_LINK_BODY);
    } catch (err) {
      this.unavailable(res, err);
    }
  }

  private unavailable(res: ServerResponse, err: unknown): void {
    if (res.headersSent || res.destroyed) return;
    const unavailable = unavailableAnswer(err, this.logger);
    const body = Buffer.from(unavailable.body, 'utf8');
    answer(res, unavailable.status, { ...TRACKING_SECURITY_HEADERS, ...unavailable.headers, 'content-length': String(body.length) }, body.toString('latin1'));
  }
}
