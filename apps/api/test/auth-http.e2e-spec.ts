import { call, event, newUser, signIn, uniqueEmail, uniqueIp } from './support/auth-requests';
import { startTestApp, TestApp } from './support/test-app';

/** Security headers, CORS by configuration, cookie sessions refused from other origins, request-rate limits. */
describe('HTTP security', () => {
  let plain: TestApp;
  let cors: TestApp;
  let limited: TestApp;

  beforeAll(async () => {
    [plain, cors, limited] = await Promise.all([
      startTestApp(),
      startTestApp({ CORS_ORIGINS: 'https://app.example.com,http://localhost:4200' }),
      startTestApp({ RATE_LIMIT_INGEST_PER_MINUTE: '3', RATE_LIMIT_LOGIN_PER_MINUTE: '2' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), cors?.close(), limited?.close()]);
  });

  describe('security headers', () => {
    it.each(['/health', '/v1/auth/me', '/nope'])('are on every response (%s)', async (path) => {
      const res = await call(plain.baseUrl, 'GET', path);
      const csp = res.headers.get('content-security-policy');
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
      expect(res.headers.get('x-powered-by')).toBeNull();
    });

    it('let mail clients embed tracking responses from other origins', async () => {
      const res = await call(plain.baseUrl, 'GET', '/t/o/not-a-token.gif');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });
  });

  describe('CORS', () => {
    const preflight = (t: TestApp, origin: string) =>
      call(t.baseUrl, 'OPTIONS', '/v1/api-keys', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-workspace-id' },
      });

    it('allows an origin in CORS_ORIGINS, with credentials and the headers the API reads', async () => {
      const res = await preflight(cors, 'https://app.example.com');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toBe('authorization, content-type, x-workspace-id');
      expect(res.headers.get('access-control-allow-methods')).toContain('DELETE');
      const get = await call(cors.baseUrl, 'GET', '/health', { headers: { origin: 'http://localhost:4200' } });
      expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:4200');
      expect(get.headers.get('vary')).toMatch(/Origin/i);
    });

    it('does not allow an origin that is not listed', async () => {
      const res = await preflight(cors, 'https://evil.example');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const get = await call(cors.baseUrl, 'GET', '/health', { headers: { origin: 'https://evil.example' } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('allows no other origin at all by default', async () => {
      const res = await preflight(plain, 'https://app.example.com');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const get = await call(plain.baseUrl, 'GET', '/health', { headers: { origin: 'https://app.example.com' } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('cookie sessions and other origins', () => {
    it('refuses a change signed in by cookie from another origin, but not from the portal or a CORS origin', async () => {
      for (const t of [plain, cors]) {
        const ws = await t.newWorkspace();
        const admin = await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' });
        const cookie = await signIn(t, admin);
        const body = { name: 'k', scope: 'read' };
        expect(await call(t.baseUrl, 'POST', '/v1/api-keys', { cookie, body, headers: { origin: 'https://evil.example' } })).toMatchObject({
          status: 403,
          body: { error: { code: 'cross_site_request', field: 'Origin' } },
        });
        expect((await call(t.baseUrl, 'POST', '/v1/api-keys', { cookie, body, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
        expect((await call(t.baseUrl, 'POST', '/v1/api-keys', { cookie, body, headers: { origin: t.baseUrl } })).status).toBe(201);
        // Reading is fine from anywhere (the browser keeps the answer from a page the CORS rules do not allow).
        expect((await call(t.baseUrl, 'GET', '/v1/api-keys', { cookie, headers: { origin: 'https://evil.example' } })).status).toBe(200);
        // A bearer token is never sent by a browser on its own, so it is not checked this way.
        expect((await call(t.baseUrl, 'POST', '/v1/api-keys', { token: cookie, body, headers: { origin: 'https://evil.example' } })).status).toBe(201);
      }
      const ws = await cors.newWorkspace();
      const admin = await newUser(cors, { workspaceId: ws.workspaceId, role: 'admin' });
      const cookie = await signIn(cors, admin);
      expect((await call(cors.baseUrl, 'POST', '/v1/api-keys', { cookie, body: { name: 'k', scope: 'read' }, headers: { origin: 'https://app.example.com' } })).status).toBe(201);
    });
  });

  describe('rate limits', () => {
    it('limit POST /v1/events per key when RATE_LIMIT_INGEST_PER_MINUTE is set: 429 with Retry-After', async () => {
      const a = await limited.newWorkspace();
      const b = await limited.newWorkspace();
      for (let i = 0; i < 3; i++) {
        const ok = await call(limited.baseUrl, 'POST', '/v1/events', { token: a.ingestKey, body: event() });
        expect(ok.status).toBe(202);
        expect(ok.headers.get('x-ratelimit-limit')).toBe('3');
        expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
      }
      const refused = await call(limited.baseUrl, 'POST', '/v1/events', { token: a.ingestKey, body: event() });
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: 'rate_limited' });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Another key has its own budget, whatever address it comes from.
      expect((await call(limited.baseUrl, 'POST', '/v1/events', { token: b.ingestKey, body: event() })).status).toBe(202);
    });

    it('limit tracking hits per client IP', async () => {
      const ip = uniqueIp();
      for (let i = 0; i < 3; i++) expect((await call(limited.baseUrl, 'GET', '/t/o/x.gif', { ip })).status).not.toBe(429);
      expect((await call(limited.baseUrl, 'GET', '/t/o/x.gif', { ip })).status).toBe(429);
      expect((await call(limited.baseUrl, 'GET', '/t/o/x.gif')).status).not.toBe(429);
    });

    it('are off for ingestion by default', async () => {
      const ws = await plain.newWorkspace();
      for (let i = 0; i < 5; i++) {
        const res = await call(plain.baseUrl, 'POST', '/v1/events', { token: ws.ingestKey, body: event() });
        expect(res.status).toBe(202);
        expect(res.headers.get('x-ratelimit-limit')).toBeNull();
      }
    });

    it('limit sign-in requests per client IP (RATE_LIMIT_LOGIN_PER_MINUTE)', async () => {
      const ip = uniqueIp();
      const user = await newUser(limited);
      expect((await call(limited.baseUrl, 'POST', '/v1/auth/login', { ip, body: { email: user.email, password: user.password } })).status).toBe(200);
      expect((await call(limited.baseUrl, 'POST', '/v1/auth/login', { ip, body: { email: uniqueEmail(), password: 'x' } })).status).toBe(401);
      const refused = await call(limited.baseUrl, 'POST', '/v1/auth/login', { ip, body: { email: user.email, password: user.password } });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // Other addresses are not affected.
      expect((await call(limited.baseUrl, 'POST', '/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
    });
  });
});
