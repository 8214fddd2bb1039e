import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/config.schema';
import { AuthErrorCode } from './auth.exception';
import { credentialOf } from './request-credential';

/**
 * The portal's Content-Security-Policy. Angular's build inlines critical CSS and loads the stylesheet with
 * `onload="this.media='all'"`; that one handler is allowed by its hash. Component styles are injected at run
 * time, hence 'unsafe-inline' for styles (not for scripts).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'unsafe-hashes'", `'sha256-${createHash('sha256').update("this.media='all'").digest('base64')}'`],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/** Tracking links are loaded by mail clients from other origins, so their responses may be embedded anywhere. */
const TRACKING_PATH = /^\/t\//;

const HSTS_MAX_AGE = 31_536_000;

/**
 * The security headers helmet sends with the options below, written out once for the open pixel and click
 * routes: they skip helmet (which rebuilds its middleware and re-parses the policy on every request) and send
 * these, with `Cross-Origin-Resource-Policy: cross-origin`. A test compares them with helmet's on another route.
 */
export const TRACKING_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': Object.entries(CONTENT_SECURITY_POLICY)
    .map(([name, values]) => [name, ...values].join(' '))
    .join(';'),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'cross-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': `max-age=${HSTS_MAX_AGE}`,
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
/**
 * The part of TRACKING_SECURITY_HEADERS that means anything on an image or a redirect, sent with the pixel and
 * the click's 302: the rest (CSP, framing, COOP, origin isolation, download and XSS switches) governs documents,
 * and the pages of the tracking routes (bad link, unavailable, unsubscribe) send all of it. Referrer-Policy keeps
 * the tracking URL out of the Referer the click's target receives.
 */
export const TRACKING_ASSET_HEADERS: Readonly<Record<string, string>> = {
  'cross-origin-resource-policy': TRACKING_SECURITY_HEADERS['cross-origin-resource-policy']!,
  'referrer-policy': TRACKING_SECURITY_HEADERS['referrer-policy']!,
  'strict-transport-security': TRACKING_SECURITY_HEADERS['strict-transport-security']!,
  'x-content-type-options': TRACKING_SECURITY_HEADERS['x-content-type-options']!,
};
const LOGIN_PATH = '/v1/auth/login';
const EVENTS_PATH = '/v1/events';

type Limiter = (req: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; max: number; remaining: number; ttlInSeconds: number; isExceeded: boolean }>;

/**
 * Security headers (helmet), CORS for CORS_ORIGINS, and request-rate limits on sign-in and, when
 * RATE_LIMIT_INGEST_PER_MINUTE is set, on ingestion and tracking. Registered before any route.
 */
export async function registerHttpSecurity(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    // Self-hosted installs are often reached over plain http on a LAN: upgrading subresources would break them.
    strictTransportSecurity: { maxAge: HSTS_MAX_AGE, includeSubDomains: false },
  });
  fastify.addHook('onRequest', async (req, reply) => {
    if (TRACKING_PATH.test(req.url)) void reply.header('cross-origin-resource-policy', 'cross-origin');
  });

  if (config.CORS_ORIGINS.length) {
    const anyOrigin = config.CORS_ORIGINS.includes('*');
    await app.register(fastifyCors, {
      origin: anyOrigin ? '*' : [...config.CORS_ORIGINS],
      // Cookies only for origins named one by one; `*` is for API keys.
      credentials: !anyOrigin,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'X-Workspace-Id'],
      exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
      maxAge: 600,
    });
  }

  await registerRateLimits(app, config);
}

async function registerRateLimits(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const loginMax = config.RATE_LIMIT_LOGIN_PER_MINUTE;
  const ingestMax = config.RATE_LIMIT_INGEST_PER_MINUTE;
  if (!loginMax && !ingestMax) return;
  const fastify = app.getHttpAdapter().getInstance();
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL) : undefined;
  if (redis) fastify.addHook('onClose', async () => void (await redis.quit().catch(() => redis.disconnect())));
  // Counters live in Redis when there is one, so every replica counts against the same limit; a Redis outage
  // lets requests through rather than failing them.
  await app.register(fastifyRateLimit, { global: false, skipOnError: true, nameSpace: 'mailpulse:rate-limit:', ...(redis ? { redis } : {}) });

  const loginLimiter: Limiter | null = loginMax
    ? fastify.createRateLimit({ max: loginMax, timeWindow: 60_000, keyGenerator: (req) => `login:${req.ip}` })
    : null;
  const ingestLimiter: Limiter | null = ingestMax
    ? fastify.createRateLimit({ max: ingestMax, timeWindow: 60_000, keyGenerator: ingestKeyOf })
    : null;

  fastify.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    const limiter = path === LOGIN_PATH && req.method === 'POST' ? loginLimiter : path === EVENTS_PATH || TRACKING_PATH.test(path) ? ingestLimiter : null;
    if (!limiter) return;
    const limit = await limiter(req);
    if (limit.isAllowed) return;
    void reply.header('x-ratelimit-limit', limit.max).header('x-ratelimit-remaining', limit.remaining).header('x-ratelimit-reset', limit.ttlInSeconds);
    if (limit.isExceeded) return tooManyRequests(reply, limit.ttlInSeconds, path === LOGIN_PATH ? 'sign-in requests from your address' : 'requests for this key');
  });
}

function tooManyRequests(reply: FastifyReply, retryAfterSeconds: number, what: string): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .send({ error: { code: AuthErrorCode.RateLimited, message: `Too many ${what}; try again in ${retryAfterSeconds} s` } });
}

/** Ingestion is limited per credential (a hash of it, never the secret), tracking hits per client IP. */
function ingestKeyOf(req: FastifyRequest): string {
  const credential = credentialOf(req);
  if (credential.kind === 'bearer' || credential.kind === 'cookie') return `ingest:${createHash('sha256').update(credential.token).digest('hex').slice(0, 32)}`;
  return `ingest-ip:${req.ip}`;
}

async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  await redis.connect().catch((err: Error) => Logger.warn(`rate limits run without Redis until it answers: ${err.message}`, 'http'));
  return redis;
}
