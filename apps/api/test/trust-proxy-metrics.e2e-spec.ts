import { call, uniqueEmail } from './support/auth-requests';
import { startTestApp, TestApp } from './support/test-app';

/** TRUST_PROXY decides whether X-Forwarded-For names the client; METRICS_TOKEN closes GET /metrics to others. */
describe('TRUST_PROXY and METRICS_TOKEN', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((a) => a.close())));
  const start = async (env: Record<string, string>) => {
    const t = await startTestApp(env);
    apps.push(t);
    return t;
  };
  // Three sign-ins that claim three different client addresses, with a limit of two per client and minute.
  const signInsFromClaimedAddresses = async (t: TestApp) => {
    const email = uniqueEmail('proxy');
    const statuses: number[] = [];
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      statuses.push((await call(t.baseUrl, 'POST', '/v1/auth/login', { ip, body: { email, password: 'not the password' } })).status);
    }
    return statuses;
  };

  it('off: X-Forwarded-For is the client’s own claim and does not escape the per-client limit', async () => {
    const t = await start({ TRUST_PROXY: 'off', RATE_LIMIT_LOGIN_PER_MINUTE: '2', REDIS_URL: '' });
    expect(await signInsFromClaimedAddresses(t)).toEqual([401, 401, 429]);
  });

  it('on: each forwarded address is its own client', async () => {
    const t = await start({ TRUST_PROXY: 'on', RATE_LIMIT_LOGIN_PER_MINUTE: '2', REDIS_URL: '' });
    expect(await signInsFromClaimedAddresses(t)).toEqual([401, 401, 401]);
  });

  it('GET /metrics needs the bearer token when METRICS_TOKEN is set, and is open when it is not', async () => {
    const token = 'metrics-scraper-token-1234';
    const closed = await start({ METRICS_TOKEN: token });
    expect((await call(closed.baseUrl, 'GET', '/metrics')).status).toBe(401);
    expect((await call(closed.baseUrl, 'GET', '/metrics', { token: 'wrong-token-wrong-token' })).status).toBe(401);
    const scraped = await call(closed.baseUrl, 'GET', '/metrics', { token });
    expect(scraped.status).toBe(200);
    expect(String(scraped.body)).toContain('process_cpu_user_seconds_total');

    const open = await start({});
    expect((await call(open.baseUrl, 'GET', '/metrics')).status).toBe(200);
  });
});
