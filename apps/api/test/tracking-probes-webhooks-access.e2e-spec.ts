import type { Role } from '../src/workspaces/role';
import { call, newUser, signIn } from './support/auth-requests';
import { startTestApp, TestApp, uniqueId } from './support/test-app';

/**
 * Tracking, probe and webhook-subscription management routes take an API key of their scope (as before) or a
 * signed-in member whose role is high enough, on the workspace named by X-Workspace-Id.
 */
describe('tracking, probe and webhook management routes: API keys and sessions', () => {
  let t: TestApp;
  let ws: { workspaceId: string; ingestKey: string; readKey: string };
  const sessions = new Map<Role, string>();

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.newWorkspace();
    for (const role of ['viewer', 'analyst', 'admin'] as const) {
      sessions.set(role, await signIn(t, await newUser(t, { workspaceId: ws.workspaceId, role })));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  type Route = { name: string; method: string; path: () => string | Promise<string>; body?: () => unknown; ok: number; key: 'ingest' | 'read'; role: Role };
  const domain = () => `${uniqueId('d')}.example.com`;
  /** Adds a domain or host (with the ingest key) and returns the path that removes it. */
  async function added(collection: string, body: Record<string, unknown>, name: (b: Record<string, string>) => string): Promise<string> {
    const res = await call(t.baseUrl, 'POST', collection, { token: ws.ingestKey, body });
    expect(res.status).toBe(201);
    return `${collection}/${name(res.body)}`;
  }
  const routes: Route[] = [
    { name: 'prepare a message', method: 'POST', path: () => '/v1/messages/prepare', body: () => ({ html: '<p>Hi <a href="https://example.com/">x</a></p>', messageId: uniqueId('m-') }), ok: 200, key: 'ingest', role: 'analyst' },
    { name: 'read the tracking key', method: 'GET', path: () => '/v1/tracking/key', ok: 200, key: 'ingest', role: 'admin' },
    { name: 'rotate the tracking key', method: 'POST', path: () => '/v1/tracking/key/rotate', ok: 200, key: 'ingest', role: 'admin' },
    { name: 'add a sending domain', method: 'POST', path: () => '/v1/sending-domains', body: () => ({ domain: domain(), dkimSelectors: ['s1'] }), ok: 201, key: 'ingest', role: 'admin' },
    { name: 'list sending domains', method: 'GET', path: () => '/v1/sending-domains', ok: 200, key: 'read', role: 'viewer' },
    { name: 'remove a sending domain', method: 'DELETE', path: () => added('/v1/sending-domains', { domain: domain() }, (b) => b.domain), ok: 204, key: 'ingest', role: 'admin' },
    { name: 'add an SMTP host', method: 'POST', path: () => '/v1/smtp-hosts', body: () => ({ host: `mx.${domain()}`, port: 25 }), ok: 201, key: 'ingest', role: 'admin' },
    { name: 'list SMTP hosts', method: 'GET', path: () => '/v1/smtp-hosts', ok: 200, key: 'read', role: 'viewer' },
    { name: 'remove an SMTP host', method: 'DELETE', path: () => added('/v1/smtp-hosts', { host: `mx.${domain()}` }, (b) => b.host), ok: 204, key: 'ingest', role: 'admin' },
    { name: 'run the probes', method: 'POST', path: () => '/v1/probes/run', ok: 200, key: 'ingest', role: 'analyst' },
    { name: 'list SNS subscriptions', method: 'GET', path: () => '/v1/webhooks/subscriptions', ok: 200, key: 'read', role: 'admin' },
  ];
  const below: Record<Role, Role | null> = { viewer: null, analyst: 'viewer', admin: 'analyst' };
  const send = async (r: Route, options: { token?: string; cookie?: string; workspace?: string; headers?: Record<string, string> }) =>
    call(t.baseUrl, r.method, await r.path(), { ...options, ...(r.body ? { body: r.body() } : {}) });

  it.each(routes.map((r) => [r.name, r] as const))('%s: works with the API key of its scope, as before', async (_name, r) => {
    const res = await send(r, { token: r.key === 'ingest' ? ws.ingestKey : ws.readKey });
    expect([res.status, res.body]).toEqual([r.ok, expect.anything()]);
  });

  it.each(routes.filter((r) => r.key === 'ingest').map((r) => [r.name, r] as const))('%s: refuses a read key (403)', async (_name, r) => {
    const res = await send(r, { token: ws.readKey });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('wrong_key_scope');
  });

  it.each(routes.map((r) => [r.name, r] as const))('%s: works for a signed-in member with the role (bearer session and cookie)', async (_name, r) => {
    const token = sessions.get(r.role)!;
    expect((await send(r, { token, workspace: ws.workspaceId })).status).toBe(r.ok);
    // A cookie session from the portal's own origin.
    expect((await send(r, { cookie: token, workspace: ws.workspaceId, headers: { origin: t.baseUrl } })).status).toBe(r.ok);
    // One workspace only: the header may be left out.
    expect((await send(r, { token })).status).toBe(r.ok);
  });

  it.each(routes.filter((r) => below[r.role]).map((r) => [r.name, r] as const))('%s: refuses a member whose role is too low (403)', async (_name, r) => {
    const res = await send(r, { token: sessions.get(below[r.role]!)!, workspace: ws.workspaceId });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('insufficient_role');
    expect(res.body.error.message).toContain(`needs the ${r.role} role`);
  });

  it.each(routes.map((r) => [r.name, r] as const))('%s: 401 without credentials, 404 for a workspace the member is not in', async (_name, r) => {
    const anonymous = await send(r, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.field).toBe('Authorization');
    const other = await t.newWorkspace();
    expect((await send(r, { token: sessions.get('admin')!, workspace: other.workspaceId })).status).toBe(404);
  });

  it('a session acts on the workspace it names: the tracking key it reads is that workspace\'s', async () => {
    const viaKey = await call(t.baseUrl, 'GET', '/v1/tracking/key', { token: ws.ingestKey });
    const viaSession = await call(t.baseUrl, 'GET', '/v1/tracking/key', { token: sessions.get('admin')!, workspace: ws.workspaceId });
    expect(viaSession.body).toEqual(viaKey.body);
    expect(viaSession.body.workspaceId).toBe(ws.workspaceId);
  });
});
