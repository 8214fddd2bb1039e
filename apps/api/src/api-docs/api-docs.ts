import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const API_DOCS_PATH = '/api/docs';
export const API_DOCS_JSON_PATH = '/api/docs-json';

/** The Swagger UI files served under /api/docs, with their content types. */
const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

// The page loads only same-origin scripts (the portal's Content-Security-Policy allows no inline script).
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mailpulse API</title>
<link rel="stylesheet" href="${API_DOCS_PATH}/swagger-ui.css"><link rel="icon" href="${API_DOCS_PATH}/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="${API_DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${API_DOCS_PATH}/swagger-ui-standalone-preset.js"></script>
<script src="${API_DOCS_PATH}/init.js"></script>
</body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '${API_DOCS_JSON_PATH}', dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout', persistAuthorization: true });`;

/**
 * The OpenAPI document of every controller, as JSON at /api/docs-json and browsable with Swagger UI at /api/docs.
 * The UI files are read from swagger-ui-dist and served by plain routes (no static-file plugin).
 */
export function registerApiDocs(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Mailpulse API')
    .setDescription(
      'Ingestion, tracking and analytics of email campaigns. Authenticate with an API key ("Authorization: Bearer <key>"; ' +
        'ingest keys send events, read keys read analytics) or a user session (POST /v1/auth/login; choose the workspace with ' +
        'the X-Workspace-Id header). Errors answer { error: { code, message, field? } }.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'API key or session token',
    })
    .build();
  SwaggerModule.setup(
    API_DOCS_PATH,
    app,
    () => SwaggerModule.createDocument(app, config),
    {
      ui: false,
      raw: ['json'],
      jsonDocumentUrl: API_DOCS_JSON_PATH,
    },
  );

  const fastify = app.getHttpAdapter().getInstance();
  const uiRoot = uiDirectory();
  const files = new Map(
    Object.entries(UI_FILES).map(([name, type]) => [
      name,
      { type, body: lazy(() => readFileSync(join(uiRoot, name))) },
    ]),
  );
  fastify.get(API_DOCS_PATH, (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
  fastify.get(`${API_DOCS_PATH}/init.js`, (_req, reply) =>
    reply.type('application/javascript; charset=utf-8').send(INIT),
  );
  fastify.get<{ Params: { file: string } }>(
    `${API_DOCS_PATH}/:file`,
    (req, reply) => {
      const file = files.get(req.params.file);
      if (!file)
        return reply
          .status(404)
          .send({
            error: {
              code: 'not_found',
              message: `No route GET ${req.url.split('?')[0]}`,
            },
          });
      return reply
        .type(file.type)
        .header('cache-control', 'public, max-age=86400')
        .send(file.body());
    },
  );
}

function uiDirectory(): string {
  return (
    require('swagger-ui-dist') as { getAbsoluteFSPath(): string }
  ).getAbsoluteFSPath();
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
