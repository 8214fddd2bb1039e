import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { AuthErrorCode, AuthException } from './auth.exception';
import { credentialOf } from './request-credential';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when METRICS_TOKEN is unset, or the request presents it as a bearer token (compared in constant time). */
export function metricsTokenAccepted(expected: string | undefined, req: Pick<FastifyRequest, 'headers'>): boolean {
  if (expected === undefined) return true;
  const credential = credentialOf(req);
  return credential.kind === 'bearer' && timingSafeEqual(digest(credential.token), digest(expected));
}

/** `GET /metrics` for the scraper that holds METRICS_TOKEN (when it is set; otherwise open, as before). */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    if (metricsTokenAccepted(this.config.METRICS_TOKEN, req)) return true;
    throw new AuthException(401, AuthErrorCode.MissingCredentials, 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"', 'Authorization');
  }
}
