import { startTestApp, TestApp } from '../../test/support/test-app';

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('describes every controller route at /api/docs-json', async () => {
    const res = await fetch(`${t.baseUrl}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /v1/events',
        'GET /v1/events',
        'GET /health',
        'POST /v1/auth/login',
        'GET /v1/api-keys',
        'GET /v1/overview',
        'GET /v1/timeseries',
        'GET /v1/campaigns',
        'GET /v1/campaigns/{id}',
        'GET /v1/campaigns/{id}/ab-test',
        'GET /v1/dead-letters',
        'GET /v1/deliverability',
        'GET /v1/revenue',
      ]),
    );
  });

  it('serves Swagger UI at /api/docs with same-origin scripts only', async () => {
    const page = await fetch(`${t.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/<script>[^<]/);
    for (const path of [
      '/api/docs/swagger-ui-bundle.js',
      '/api/docs/swagger-ui.css',
      '/api/docs/init.js',
    ]) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    expect((await fetch(`${t.baseUrl}/api/docs/package.json`)).status).toBe(
      404,
    );
  });
});
