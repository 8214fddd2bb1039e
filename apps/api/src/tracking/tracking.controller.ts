import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NO_CACHE_HEADERS } from './open-pixel';
import { TrackingErrorFilter } from './tracking-error.filter';
import { invalidLinkPage, PAGE_SECURITY_HEADERS, unsubscribeConfirmPage, unsubscribedPage } from './tracking-pages';
import { TrackingService } from './tracking.service';

/** The token is the rest of the path (a wildcard, because tokens are longer than a route parameter may be). */
function tokenOf(req: FastifyRequest, suffix = ''): string {
  const rest = (req.params as Record<string, string | undefined>)['*'] ?? '';
  return suffix && rest.endsWith(suffix) ? rest.slice(0, -suffix.length) : rest;
}

function sendPage(reply: FastifyReply, status: number, html: string): void {
  void reply
    .status(status)
    .headers({ ...NO_CACHE_HEADERS, ...PAGE_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' })
    .send(html);
}

/**
 * The unsubscribe links inside sent messages (the open pixel and click redirect, loaded far more often, are
 * plain Fastify routes: tracking-hit.routes.ts). The GET route answers HEAD too (Fastify adds the HEAD route).
 */
@Controller('t')
@UseFilters(TrackingErrorFilter)
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  /** `GET /t/u/<token>`: a confirmation page whose form POSTs back (records nothing by itself). */
  @Get('u/*')
  async unsubscribePage(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const claims = await this.tracking.verify(tokenOf(req), 'unsubscribe');
    if (claims) sendPage(reply, 200, unsubscribeConfirmPage(claims.contactEmail));
    else sendPage(reply, 400, invalidLinkPage());
  }

  /** `POST /t/u/<token>`: RFC 8058 one-click unsubscribe (or the confirmation form, `?source=link`). */
  @Post('u/*')
  async unsubscribe(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const source = (req.query as Record<string, unknown>)['source'] === 'link' ? 'link' : 'one-click';
    const outcome = await this.tracking.recordUnsubscribe(tokenOf(req), source);
    if (outcome.kind === 'recorded') sendPage(reply, 200, unsubscribedPage());
    else sendPage(reply, 400, invalidLinkPage());
  }
}
