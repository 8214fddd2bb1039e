import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { registerApiDocs } from './api-docs/api-docs';
import { AppModule } from './app.module';
import { registerHttpSecurity } from './auth/http-security';
import { HttpExceptionFilter } from './common/http-exception.filter';
import type { AppConfig } from './config/config.schema';
import { createPool } from './database/database.module';
import { migrate, migrationsDir } from './database/migrator';
import { bodiesWithNulEscape, MalformedBody } from './ingestion/malformed-body';
import { createAppLogger } from './common/app-logger';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter';
import { TrackingHitRoutes } from './tracking/tracking-hit.routes';

/** Routes that keep a malformed body so they can dead-letter it; every other route answers 400 at once. */
const KEEPS_MALFORMED_BODY = /^\/v1\/(events|webhooks)(\/|\?|$)/;
/** JSON text that spells a UTF-16 surrogate (`\\ud83d`): its strings are checked for unpaired ones, which PostgreSQL refuses. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** Runs the migrations, then builds the Nest application (not yet listening). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const pool = createPool(config.DATABASE_URL, 1);
  try {
    const applied = await migrate(pool, migrationsDir());
    if (applied.length) Logger.log(`applied migrations: ${applied.join(', ')}`, 'database');
  } finally {
    await pool.end();
  }

  // The HTTP server answers pixel loads and clicks itself (TrackingHitRoutes.handle) once the app is built, and
  // hands every other request to Fastify. With a per-IP rate limit on tracking, hits go through Fastify's hooks.
  let frontDoor: ((req: IncomingMessage, res: ServerResponse) => boolean) | null = null;
  const trustProxy = config.TRUST_PROXY === 'on';
  const adapter = new FastifyAdapter({
    bodyLimit: config.INGEST_MAX_BODY_BYTES,
    // X-Forwarded-For/-Proto/-Host are the client's own claims unless a proxy in front sets them (TRUST_PROXY=on).
    trustProxy,
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
      const server = createServer((req, res) => frontDoor?.(req, res) || handler(req, res));
      // Fastify's defaults for a server it creates itself.
      server.keepAliveTimeout = 72_000;
      server.requestTimeout = 0;
      return server;
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: createAppLogger(config.LOG_LEVEL),
    bodyParser: false,
  });
  if (config.RATE_LIMIT_INGEST_PER_MINUTE === 0) {
    const hits = app.get(TrackingHitRoutes);
    frontDoor = (req, res) => hits.handle(req, res, trustProxy);
  }
  const fastify = app.getHttpAdapter().getInstance();
  // Security headers, CORS and rate limits first, so they cover every route registered after them.
  await registerHttpSecurity(app, config);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      const message = (err as Error).message;
      if (KEEPS_MALFORMED_BODY.test(req.url)) done(null, new MalformedBody(text, message));
      else done(Object.assign(new Error(`body: is not valid JSON (${message})`), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
      return;
    }
    if (parsed !== null && typeof parsed === 'object' && (text.includes('\\u0000') || SURROGATE_ESCAPE.test(text))) bodiesWithNulEscape.add(parsed);
    done(null, parsed);
  });
  app.useGlobalFilters(new HttpExceptionFilter());
  // OpenAPI document of every route: JSON at /api/docs-json, Swagger UI at /api/docs.
  registerApiDocs(app);
  // The live stream (socket.io) on the same port; across processes through Redis when REDIS_URL is set.
  app.useWebSocketAdapter(new RealtimeIoAdapter(app, config));
  app.enableShutdownHooks();

  const webRoot = resolve(config.WEB_DIST_DIR);
  if (existsSync(webRoot)) {
    // Loaded only when there is a web build to serve (it pulls in ESM-only modules the test runner cannot load).
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
    // Client-side routes of the portal fall back to index.html; other unknown GETs get the API's 404.
    fastify.get('/*', (req, reply) => {
      if (!/^\/(v1|health|metrics|api)\b/.test(req.url) && (req.headers.accept ?? '').includes('text/html')) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.status(404).send({ error: { code: 'not_found', message: `No route GET ${req.url.split('?')[0]}` } });
    });
  }
  return app;
}
