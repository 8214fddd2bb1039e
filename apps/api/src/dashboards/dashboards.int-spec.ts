import { DASHBOARD_LIMITS, type DashboardWidgetInput } from '@mailpulse/contracts';
import { Pool } from 'pg';
import { call, type CallResult, newUser, signIn } from '../../test/support/auth-requests';
import { startTestApp, type TestApp } from '../../test/support/test-app';
import { testDatabaseUrl } from '../../test/support/test-database';

function kpi(overrides: Partial<DashboardWidgetInput> = {}): DashboardWidgetInput {
  return { kind: 'kpi', title: 'Opens', metric: 'opens', range: '24h', position: { x: 0, y: 0, w: 3, h: 2 }, ...overrides };
}

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Morning check', widgets: [kpi()], ...overrides };
}

describe('dashboards', () => {
  let t: TestApp;
  let pool: Pool;
  const ws = { id: '', readKey: '' };
  const other = { id: '', analyst: '' };
  const as = { admin: '', analyst: '', analyst2: '', viewer: '' };
  const ids = { admin: '', analyst: '', viewer: '' };

  /** A request in workspace A as one of its members (or its read key). */
  const req = (token: string, method: string, path: string, payload?: unknown): Promise<CallResult> =>
    call(t.baseUrl, method, path, { token, workspace: ws.id, ...(payload === undefined ? {} : { body: payload }) });

  async function created(token: string, payload: Record<string, unknown> = body()): Promise<Record<string, never> & { id: string; version: number }> {
    const res = await req(token, 'POST', '/v1/dashboards', payload);
    expect(res.status).toBe(201);
    return res.body as never;
  }

  beforeAll(async () => {
    t = await startTestApp();
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    const a = await t.newWorkspace();
    Object.assign(ws, { id: a.workspaceId, readKey: a.readKey });
    for (const role of ['admin', 'analyst', 'viewer'] as const) {
      const user = await newUser(t, { workspaceId: ws.id, role });
      ids[role] = user.id;
      as[role] = await signIn(t, user);
    }
    as.analyst2 = await signIn(t, await newUser(t, { workspaceId: ws.id, role: 'analyst' }));
    const b = await t.newWorkspace();
    other.id = b.workspaceId;
    other.analyst = await signIn(t, await newUser(t, { workspaceId: other.id, role: 'analyst' }));
  }, 60_000);
  afterAll(async () => {
    await pool.end();
    await t.close();
  });

  it('round trip: create, read, list, replace with the version, delete; each change audited', async () => {
    const widgets: DashboardWidgetInput[] = [
      kpi({ id: 'opens-kpi', verdict: 'human', filters: { campaignId: 'spring', domain: 'Gmail.com' } }),
      { kind: 'timeseries', title: 'Clicks', metric: 'clicks', range: '7d', position: { x: 3, y: 0, w: 9, h: 4 } },
      { kind: 'anomalies', title: 'Anomalies', range: '30d', position: { x: 0, y: 4, w: 12, h: 3 } },
    ];
    const made = await req(as.analyst, 'POST', '/v1/dashboards', { name: '  Launch  ', description: 'For the launch', widgets });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      name: 'Launch',
      description: 'For the launch',
      shared: false,
      ownerUserId: ids.analyst,
      isDefault: false,
      canEdit: true,
      version: 1,
    });
    expect(made.body['ownerName']).toMatch(/@example\.test$/);
    const stored = made.body['widgets'] as Record<string, unknown>[];
    expect(stored[0]).toEqual({ ...widgets[0], filters: { campaignId: 'spring', domain: 'gmail.com' } });
    expect(stored[1]!['id']).toMatch(/^[0-9a-f-]{36}$/);
    const id = made.body['id'] as string;

    expect((await req(as.analyst, 'GET', `/v1/dashboards/${id}`)).body).toEqual(made.body);
    const list = await req(as.analyst, 'GET', '/v1/dashboards');
    expect(list.body['dashboards'].map((d: { id: string }) => d.id)).toContain(id);

    const replaced = await req(as.analyst, 'PUT', `/v1/dashboards/${id}`, { name: 'Launch week', shared: true, widgets: stored.slice(1), version: 1 });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'Launch week', shared: true, version: 2 });
    expect(replaced.body['description']).toBeUndefined();
    expect(replaced.body['widgets']).toEqual(stored.slice(1));

    expect((await req(as.analyst, 'DELETE', `/v1/dashboards/${id}`)).status).toBe(204);
    expect((await req(as.analyst, 'GET', `/v1/dashboards/${id}`)).status).toBe(404);

    const { rows } = await pool.query<{ action: string; actor_user_id: string }>(
      `SELECT action, actor_user_id FROM audit_log WHERE workspace_id = $1 AND target = $2 ORDER BY id`,
      [ws.id, `dashboard:${id}`],
    );
    expect(rows).toEqual(['dashboard.create', 'dashboard.update', 'dashboard.delete'].map((action) => ({ action, actor_user_id: ids.analyst })));
  });

  it('creates from a starter template', async () => {
    for (const template of ['deliverability', 'engagement']) {
      const res = await req(as.analyst, 'POST', '/v1/dashboards', { name: template, template });
      expect(res.status).toBe(201);
      expect(res.body['widgets'].length).toBeGreaterThan(4);
      // What the template gave passes the same checks when saved back.
      const saved = await req(as.analyst, 'PUT', `/v1/dashboards/${res.body['id']}`, { name: template, shared: false, widgets: res.body['widgets'], version: 1 });
      expect(saved.status).toBe(200);
    }
  });

  describe('who sees and changes what', () => {
    let privateOfAnalyst: string;
    let sharedOfAnalyst: string;

    beforeAll(async () => {
      privateOfAnalyst = (await created(as.analyst, body({ name: 'Mine only' }))).id;
      sharedOfAnalyst = (await created(as.analyst, body({ name: 'Team', shared: true }))).id;
    });

    it('another member, the read key and another workspace do not see a private dashboard (404)', async () => {
      for (const token of [as.analyst2, as.viewer, as.admin, ws.readKey]) {
        expect((await req(token, 'GET', `/v1/dashboards/${privateOfAnalyst}`)).status).toBe(404);
        const list = await req(token, 'GET', '/v1/dashboards');
        expect(list.status).toBe(200);
        expect(list.body['dashboards'].map((d: { id: string }) => d.id)).not.toContain(privateOfAnalyst);
        expect(list.body['dashboards'].map((d: { id: string }) => d.id)).toContain(sharedOfAnalyst);
      }
      for (const path of [privateOfAnalyst, sharedOfAnalyst]) {
        const res = await call(t.baseUrl, 'GET', `/v1/dashboards/${path}`, { token: other.analyst, workspace: other.id });
        expect(res.status).toBe(404);
        expect(res.body['error']).toMatchObject({ code: 'not_found', field: 'id' });
      }
      expect((await call(t.baseUrl, 'PUT', `/v1/dashboards/${sharedOfAnalyst}`, { token: other.analyst, workspace: other.id, body: body({ shared: true, version: 1 }) })).status).toBe(404);
      expect((await call(t.baseUrl, 'DELETE', `/v1/dashboards/${sharedOfAnalyst}`, { token: other.analyst, workspace: other.id })).status).toBe(404);
      expect((await call(t.baseUrl, 'PUT', `/v1/dashboards/${sharedOfAnalyst}/default`, { token: other.analyst, workspace: other.id })).status).toBe(404);
    });

    it('the read key sees shared dashboards without owner addresses or defaults', async () => {
      const res = await req(ws.readKey, 'GET', `/v1/dashboards/${sharedOfAnalyst}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ shared: true, isDefault: false, canEdit: false });
      expect(res.body['ownerName']).toBeUndefined();
      expect((await req(ws.readKey, 'GET', '/v1/dashboards')).body['defaultDashboardId']).toBeNull();
      for (const [method, path] of [
        ['POST', '/v1/dashboards'],
        ['PUT', `/v1/dashboards/${sharedOfAnalyst}`],
        ['DELETE', `/v1/dashboards/${sharedOfAnalyst}`],
        ['PUT', `/v1/dashboards/${sharedOfAnalyst}/default`],
        ['DELETE', `/v1/dashboards/${sharedOfAnalyst}/default`],
      ] as const) {
        expect({ method, path, status: (await req(ws.readKey, method, path, method === 'DELETE' ? undefined : body({ shared: true, version: 1 }))).status }).toEqual({ method, path, status: 403 });
      }
    });

    it('a viewer reads shared dashboards but cannot create, change or delete (403)', async () => {
      const seen = await req(as.viewer, 'GET', `/v1/dashboards/${sharedOfAnalyst}`);
      expect(seen.body).toMatchObject({ canEdit: false });
      expect((await req(as.viewer, 'POST', '/v1/dashboards', body())).status).toBe(403);
      expect((await req(as.viewer, 'PUT', `/v1/dashboards/${sharedOfAnalyst}`, body({ shared: true, version: 1 }))).status).toBe(403);
      expect((await req(as.viewer, 'DELETE', `/v1/dashboards/${sharedOfAnalyst}`)).status).toBe(403);
    });

    it("another analyst may not change a shared dashboard; an admin may change and delete it, not another's private one", async () => {
      expect((await req(as.analyst2, 'GET', `/v1/dashboards/${sharedOfAnalyst}`)).body['canEdit']).toBe(false);
      const refused = await req(as.analyst2, 'PUT', `/v1/dashboards/${sharedOfAnalyst}`, body({ shared: true, version: 1 }));
      expect(refused.status).toBe(403);
      expect(refused.body['error']['code']).toBe('not_dashboard_owner');
      expect((await req(as.analyst2, 'DELETE', `/v1/dashboards/${sharedOfAnalyst}`)).status).toBe(403);

      expect((await req(as.admin, 'GET', `/v1/dashboards/${sharedOfAnalyst}`)).body['canEdit']).toBe(true);
      const edited = await req(as.admin, 'PUT', `/v1/dashboards/${sharedOfAnalyst}`, body({ name: 'Team (admin)', shared: true, version: 1 }));
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ name: 'Team (admin)', ownerUserId: ids.analyst, version: 2 });
      expect((await req(as.admin, 'PUT', `/v1/dashboards/${privateOfAnalyst}`, body({ shared: true, version: 1 }))).status).toBe(404);
      expect((await req(as.admin, 'DELETE', `/v1/dashboards/${privateOfAnalyst}`)).status).toBe(404);
      expect((await req(as.admin, 'DELETE', `/v1/dashboards/${sharedOfAnalyst}`)).status).toBe(204);
      expect((await req(as.analyst, 'GET', `/v1/dashboards/${sharedOfAnalyst}`)).status).toBe(404);
      expect((await req(as.analyst, 'GET', `/v1/dashboards/${privateOfAnalyst}`)).status).toBe(200);
    });
  });

  it('a stale version is a 409 naming the current one, and nothing changes', async () => {
    const d = await created(as.analyst);
    const first = await req(as.analyst, 'PUT', `/v1/dashboards/${d.id}`, body({ name: 'First save', shared: false, version: 1 }));
    expect(first.status).toBe(200);
    const stale = await req(as.analyst, 'PUT', `/v1/dashboards/${d.id}`, body({ name: 'Second save', shared: false, version: 1 }));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ currentVersion: 2, error: { code: 'version_conflict', field: 'version' } });
    expect((await req(as.analyst, 'GET', `/v1/dashboards/${d.id}`)).body).toMatchObject({ name: 'First save', version: 2 });
  });

  it('two saves of the same version at once: one wins, the other is a 409', async () => {
    const d = await created(as.analyst);
    const results = await Promise.all(
      ['One', 'Two'].map((name) => req(as.analyst, 'PUT', `/v1/dashboards/${d.id}`, body({ name, shared: false, version: 1 }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  describe('defaults', () => {
    it('each member has their own default; GET /default falls back to the oldest shared dashboard, else 404', async () => {
      const fresh = await t.newWorkspace();
      const admin = await newUser(t, { workspaceId: fresh.workspaceId, role: 'admin' });
      const viewer = await newUser(t, { workspaceId: fresh.workspaceId, role: 'viewer' });
      const [adminToken, viewerToken] = [await signIn(t, admin), await signIn(t, viewer)];
      const inFresh = (token: string, method: string, path: string, payload?: unknown) =>
        call(t.baseUrl, method, path, { token, workspace: fresh.workspaceId, ...(payload === undefined ? {} : { body: payload }) });

      const none = await inFresh(viewerToken, 'GET', '/v1/dashboards/default');
      expect(none.status).toBe(404);
      expect(none.body['error']['message']).toMatch(/No default dashboard/);
      expect((await inFresh(fresh.readKey, 'GET', '/v1/dashboards/default')).status).toBe(404);

      const privateOne = (await inFresh(adminToken, 'POST', '/v1/dashboards', body({ name: 'Private' }))).body['id'];
      const firstShared = (await inFresh(adminToken, 'POST', '/v1/dashboards', body({ name: 'Z first shared', shared: true }))).body['id'];
      const secondShared = (await inFresh(adminToken, 'POST', '/v1/dashboards', body({ name: 'A second shared', shared: true }))).body['id'];

      expect((await inFresh(viewerToken, 'GET', '/v1/dashboards/default')).body).toMatchObject({ source: 'workspace', dashboard: { id: firstShared, isDefault: false } });
      expect((await inFresh(fresh.readKey, 'GET', '/v1/dashboards/default')).body).toMatchObject({ source: 'workspace', dashboard: { id: firstShared } });

      // The viewer may choose a shared one, not the admin's private one.
      expect((await inFresh(viewerToken, 'PUT', `/v1/dashboards/${privateOne}/default`)).status).toBe(404);
      const chosen = await inFresh(viewerToken, 'PUT', `/v1/dashboards/${secondShared}/default`);
      expect(chosen.status).toBe(200);
      expect(chosen.body).toEqual({ defaultDashboardId: secondShared });
      expect((await inFresh(adminToken, 'PUT', `/v1/dashboards/${privateOne}/default`)).status).toBe(200);

      expect((await inFresh(viewerToken, 'GET', '/v1/dashboards/default')).body).toMatchObject({ source: 'user', dashboard: { id: secondShared, isDefault: true } });
      expect((await inFresh(adminToken, 'GET', '/v1/dashboards/default')).body).toMatchObject({ source: 'user', dashboard: { id: privateOne, isDefault: true } });
      const viewerList = await inFresh(viewerToken, 'GET', '/v1/dashboards');
      expect(viewerList.body['defaultDashboardId']).toBe(secondShared);
      expect(viewerList.body['dashboards'].filter((d: { isDefault: boolean }) => d.isDefault).map((d: { id: string }) => d.id)).toEqual([secondShared]);
      expect((await inFresh(fresh.readKey, 'GET', '/v1/dashboards/default')).body['source']).toBe('workspace');

      // Choosing another replaces the choice; one row per member and workspace.
      expect((await inFresh(viewerToken, 'PUT', `/v1/dashboards/${firstShared}/default`)).status).toBe(200);
      const { rows } = await pool.query('SELECT dashboard_id FROM dashboard_defaults WHERE workspace_id = $1 AND user_id = $2', [fresh.workspaceId, viewer.id]);
      expect(rows).toEqual([{ dashboard_id: firstShared }]);

      // Unsharing drops it as other members' default (the owner's own choice stays).
      expect((await inFresh(adminToken, 'PUT', `/v1/dashboards/${firstShared}/default`)).status).toBe(200);
      expect((await inFresh(adminToken, 'PUT', `/v1/dashboards/${firstShared}`, body({ name: 'Now private', shared: false, version: 1 }))).status).toBe(200);
      expect((await inFresh(viewerToken, 'GET', '/v1/dashboards/default')).body).toMatchObject({ source: 'workspace', dashboard: { id: secondShared } });
      expect((await inFresh(adminToken, 'GET', '/v1/dashboards/default')).body).toMatchObject({ source: 'user', dashboard: { id: firstShared } });

      // Clearing: idempotent, then the fallback answers again.
      expect((await inFresh(adminToken, 'DELETE', `/v1/dashboards/${firstShared}/default`)).status).toBe(204);
      expect((await inFresh(adminToken, 'DELETE', `/v1/dashboards/${firstShared}/default`)).status).toBe(204);
      expect((await inFresh(adminToken, 'GET', '/v1/dashboards/default')).body).toMatchObject({ source: 'workspace', dashboard: { id: secondShared } });

      // Deleting a dashboard removes it as anyone's default.
      expect((await inFresh(viewerToken, 'PUT', `/v1/dashboards/${secondShared}/default`)).status).toBe(200);
      expect((await inFresh(adminToken, 'DELETE', `/v1/dashboards/${secondShared}`)).status).toBe(204);
      expect((await inFresh(viewerToken, 'GET', '/v1/dashboards/default')).status).toBe(404);
    });
  });

  describe('a bad body is a 400 naming the field', () => {
    const w = (overrides: Record<string, unknown>) => ({ ...kpi(), ...overrides });
    const at = (i: number, overrides: Record<string, unknown>) => {
      const widgets: Record<string, unknown>[] = [0, 1, 2, 3].map((n) => kpi({ position: { x: n * 3, y: 0, w: 3, h: 2 } }));
      widgets[i] = { ...widgets[i], ...overrides };
      return { widgets };
    };
    const tooMany = Array.from({ length: DASHBOARD_LIMITS.maxWidgets + 1 }, (_, n) => kpi({ position: { x: (n % 4) * 3, y: Math.floor(n / 4) * 2, w: 3, h: 2 } }));
    it.each([
      ['not an object', [1, 2], 'body', /must be a JSON object/],
      ['name missing', { name: undefined }, 'name', /is required/],
      ['name empty', { name: '   ' }, 'name', /must not be empty/],
      ['name too long', { name: 'x'.repeat(101) }, 'name', /at most 100/],
      ['name with a control character', { name: 'a\u0000b' }, 'name', /control characters/],
      ['description too long', { description: 'x'.repeat(501) }, 'description', /at most 500/],
      ['shared not a boolean', { shared: 'yes' }, 'shared', /true or false/],
      ['unknown field', { colour: 'red' }, 'colour', /is not a known field/],
      ['widgets not an array', { widgets: {} }, 'widgets', /must be an array/],
      ['too many widgets', { widgets: tooMany }, 'widgets', /at most 40 widgets/],
      ['widget not an object', { widgets: ['kpi'] }, 'widgets[0]', /must be an object/],
      ['unknown kind', at(2, { kind: 'pie' }), 'widgets[2].kind', /must be one of kpi, timeseries/],
      ['title missing', at(1, { title: undefined }), 'widgets[1].title', /is required/],
      ['title too long', at(1, { title: 'x'.repeat(101) }), 'widgets[1].title', /at most 100/],
      ['unknown metric', at(0, { metric: 'happiness' }), 'widgets[0].metric', /must be one of sent, delivered/],
      ['metric missing on a kpi', at(3, { metric: undefined }), 'widgets[3].metric', /is required for a kpi widget/],
      ['metric on a funnel', at(3, { kind: 'funnel' }), 'widgets[3].metric', /only for kpi and timeseries/],
      ['unknown verdict', at(0, { verdict: 'robot' }), 'widgets[0].verdict', /must be one of human, machine, total/],
      ['range missing', at(0, { range: undefined }), 'widgets[0].range', /is required/],
      ['unknown range', at(0, { range: '2d' }), 'widgets[0].range', /must be one of 1h, 24h, 7d, 30d, 90d/],
      ['unknown filter', at(0, { filters: { contact: 'x' } }), 'widgets[0].filters.contact', /is not a known field/],
      ['empty filter value', at(0, { filters: { campaignId: '' } }), 'widgets[0].filters.campaignId', /must not be empty/],
      ['filters not an object', at(0, { filters: 'gmail.com' }), 'widgets[0].filters', /must be an object/],
      ['unknown widget field', at(0, { colour: 'red' }), 'widgets[0].colour', /is not a known field/],
      ['bad widget id', at(0, { id: 'no spaces' }), 'widgets[0].id', /letters, digits/],
      ['duplicate widget id', { widgets: [w({ id: 'a' }), w({ id: 'a', position: { x: 3, y: 0, w: 3, h: 2 } })] }, 'widgets[1].id', /widgets\[0\] already/],
      ['position missing', at(3, { position: undefined }), 'widgets[3].position', /is required/],
      ['width 0', at(3, { position: { x: 9, y: 0, w: 0, h: 2 } }), 'widgets[3].position.w', /must be between 1 and 12/],
      ['width 13', at(3, { position: { x: 0, y: 9, w: 13, h: 2 } }), 'widgets[3].position.w', /must be between 1 and 12/],
      ['height 13', at(3, { position: { x: 9, y: 0, w: 3, h: 13 } }), 'widgets[3].position.h', /must be between 1 and 12/],
      ['fractional x', at(3, { position: { x: 1.5, y: 0, w: 3, h: 2 } }), 'widgets[3].position.x', /whole number/],
      ['negative y', at(3, { position: { x: 9, y: -1, w: 3, h: 2 } }), 'widgets[3].position.y', /must be between 0 and 200/],
      ['x past the grid', at(3, { position: { x: 12, y: 0, w: 1, h: 2 } }), 'widgets[3].position.x', /must be between 0 and 11/],
      ['x + w past the grid', at(3, { position: { x: 10, y: 4, w: 3, h: 2 } }), 'widgets[3].position.w', /at most 2 when x is 10/],
      ['string for a number', at(3, { position: { x: '9', y: 0, w: 3, h: 2 } }), 'widgets[3].position.x', /must be a number/],
      ['unknown position field', at(3, { position: { x: 9, y: 0, w: 3, h: 2, z: 1 } }), 'widgets[3].position.z', /is not a known field/],
      ['overlapping widgets', at(3, { position: { x: 7, y: 1, w: 3, h: 2 } }), 'widgets[3].position', /overlaps widgets\[2\]/],
      ['template with widgets', { template: 'engagement', widgets: [] }, 'widgets', /left out when a template/],
      ['unknown template', { template: 'sales' }, 'template', /must be one of deliverability, engagement/],
    ])('create: %s', async (_case, change, field, message) => {
      const payload = Array.isArray(change) ? change : { ...body(), ...change };
      const res = await req(as.analyst, 'POST', '/v1/dashboards', payload);
      expect(res.status).toBe(400);
      expect(res.body['error']).toMatchObject({ code: 'invalid_body', field });
      expect(res.body['error']['message']).toMatch(new RegExp(`^${field.replace(/[[\]]/g, '\\$&')}: `));
      expect(res.body['error']['message']).toMatch(message);
    });

    it.each([
      ['version missing', { version: undefined }, 'version', /is required/],
      ['version 0', { version: 0 }, 'version', /at least 1/],
      ['version fractional', { version: 1.5 }, 'version', /whole number/],
      ['shared missing', { shared: undefined }, 'shared', /is required/],
      ['widgets missing', { widgets: undefined }, 'widgets', /is required/],
      ['template on update', { template: 'engagement' }, 'template', /is not a known field/],
    ])('replace: %s', async (_case, change, field, message) => {
      const d = await created(as.analyst);
      const res = await req(as.analyst, 'PUT', `/v1/dashboards/${d.id}`, { ...body({ shared: false, version: 1 }), ...change });
      expect(res.status).toBe(400);
      expect(res.body['error']).toMatchObject({ code: 'invalid_body', field });
      expect(res.body['error']['message']).toMatch(message);
    });

    it.each(['not-a-uuid', 'b-probe-campaign'])('a path id that is not a dashboard id (%s) is a 400 naming id', async (id) => {
      for (const [method, path] of [['GET', `/v1/dashboards/${id}`], ['DELETE', `/v1/dashboards/${id}`], ['PUT', `/v1/dashboards/${id}/default`]] as const) {
        const res = await req(as.admin, method, path);
        expect({ path, status: res.status, field: res.body['error']?.['field'] }).toEqual({ path, status: 400, field: 'id' });
      }
    });
  });
});
