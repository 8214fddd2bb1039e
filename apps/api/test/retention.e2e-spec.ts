import { call, newUser, signIn } from './support/auth-requests';
import { startTestApp, TestApp } from './support/test-app';

/** The retention setting over REST: admins read and change it (audited), others may not, bad bodies name the field. */
describe('retention setting over REST', () => {
  let t: TestApp;
  let ws: { workspaceId: string; readKey: string };
  let admin: string;
  let analyst: string;

  beforeAll(async () => {
    t = await startTestApp({ RETENTION_DEFAULT_DAYS: '365' });
    ws = await t.newWorkspace();
    admin = await signIn(t, await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' }));
    analyst = await signIn(t, await newUser(t, { workspaceId: ws.workspaceId, role: 'analyst' }));
  });
  afterAll(() => t.close());

  it('starts at the default, changes, goes back to the default, and is audited', async () => {
    expect((await call(t.baseUrl, 'GET', '/v1/retention', { token: admin })).body).toEqual({ retentionDays: null, effectiveDays: 365, defaultDays: 365 });
    const set = await call(t.baseUrl, 'PUT', '/v1/retention', { token: admin, body: { retentionDays: 30 } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ retentionDays: 30, effectiveDays: 30, defaultDays: 365 });
    expect((await call(t.baseUrl, 'GET', '/v1/retention', { token: admin })).body.effectiveDays).toBe(30);
    expect((await call(t.baseUrl, 'PUT', '/v1/retention', { token: admin, body: { retentionDays: null } })).body.effectiveDays).toBe(365);
    const audit = await call(t.baseUrl, 'GET', '/v1/audit-log', { token: admin });
    expect(audit.body.entries.filter((e: { action: string }) => e.action === 'retention.change').map((e: { details: unknown }) => e.details)).toEqual([
      { from: 30, to: null },
      { from: null, to: 30 },
    ]);
  });

  it('is for admins only', async () => {
    expect((await call(t.baseUrl, 'PUT', '/v1/retention', { token: analyst, body: { retentionDays: 1 } })).status).toBe(403);
    expect((await call(t.baseUrl, 'GET', '/v1/retention', { token: ws.readKey })).status).toBe(403);
  });

  it.each([
    [{}, 'retentionDays'],
    [{ retentionDays: -1 }, 'retentionDays'],
    [{ retentionDays: 1.5 }, 'retentionDays'],
    [{ retentionDays: '30' }, 'retentionDays'],
    [{ retentionDays: 40_000 }, 'retentionDays'],
    [{ retentionDays: 3, extra: true }, 'extra'],
    [[], 'body'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await call(t.baseUrl, 'PUT', '/v1/retention', { token: admin, body });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });
});
