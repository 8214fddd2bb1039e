import { Pool } from 'pg';
import { WebhookEndpointService } from '../src/webhooks/webhook-endpoint.service';
import { call, CallResult, newUser, signIn } from './support/auth-requests';
import { startTestApp, TestApp, uniqueId } from './support/test-app';
import { testDatabaseUrl } from './support/test-database';

/**
 * The isolation walk: every route of the OpenAPI document is called with workspace A's credentials (A's admin
 * session, also naming B in X-Workspace-Id; A's read and ingest keys) and with B's ids in the path, the query and
 * the body. No answer may hold anything of B that the caller did not send itself, and no row of B may change.
 *
 * B's data has two kinds of values: "probes", which the walk sends (B's campaign, message, contact, key, user,
 * domain ids) and which an answer may echo, and "secrets" that exist only in B's data (its name, its users'
 * addresses, a hidden campaign, its contacts' addresses, event properties, key names): none may ever come back.
 */
describe('isolation: workspace A cannot read or change workspace B through any route', () => {
  let t: TestApp;
  let pool: Pool;
  const u = uniqueId();
  const secret = {
    workspaceName: `b-secret-name-${u}`,
    hiddenCampaign: `b-secret-campaign-${u}`,
    hiddenMessage: `b-secret-message-${u}`,
    contactEmail: `b-secret-${u}@b-secret-domain-${u}.example`,
    subject: `b-secret-subject-${u}`,
    keyName: `b-secret-key-${u}`,
    deadLetter: `b-secret-dead-letter-${u}`,
  };
  const probe = {
    campaign: `b-probe-campaign-${u}`,
    message: `b-probe-message-${u}`,
    contact: `b-probe-contact-${u}`,
    domain: `b-probe-${u}.example`,
    host: `mx.b-probe-${u}.example`,
  };
  const secrets: string[] = [];
  const b = { workspaceId: '', ingestKey: '', readKey: '', adminId: '', adminEmail: '', viewerId: '', keyId: '', endpointId: '', session: '' };
  const a = { workspaceId: '', ingestKey: '', readKey: '', session: '' };

  beforeAll(async () => {
    t = await startTestApp();
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    const wsB = await t.newWorkspace(secret.workspaceName);
    Object.assign(b, wsB);
    const adminB = await newUser(t, { workspaceId: b.workspaceId, role: 'admin' });
    const viewerB = await newUser(t, { workspaceId: b.workspaceId, role: 'viewer' });
    Object.assign(b, { adminId: adminB.id, adminEmail: adminB.email, viewerId: viewerB.id, session: await signIn(t, adminB) });
    const wsA = await t.newWorkspace(`a-${u}`);
    Object.assign(a, wsA, { session: await signIn(t, await newUser(t, { workspaceId: wsA.workspaceId, role: 'admin' })) });

    // B's data, made through the API as B would.
    const now = Date.now();
    const events = [probe.campaign, secret.hiddenCampaign].flatMap((campaignId, c) =>
      ['email.sent', 'email.delivered', 'email.opened', 'email.clicked'].map((type, i) => ({
        id: `b-${u}-${c}-${i}`,
        type,
        occurredAt: new Date(now - (i + 1) * 60_000).toISOString(),
        campaignId,
        messageId: c === 0 ? probe.message : secret.hiddenMessage,
        contact: { email: secret.contactEmail, externalId: probe.contact },
        properties: type === 'email.clicked' ? { url: `https://example.com/${secret.subject}` } : type === 'email.sent' ? { subject: secret.subject, variant: 'A' } : {},
      })),
    );
    events.push({ id: `b-${u}-conv`, type: 'conversion', occurredAt: new Date(now - 30_000).toISOString(), campaignId: probe.campaign, messageId: probe.message, contact: { email: secret.contactEmail, externalId: probe.contact }, properties: { amount: 42, currency: 'EUR' } } as never);
    const sent = await call(t.baseUrl, 'POST', '/v1/events', { token: b.ingestKey, body: events });
    expect(sent.body).toMatchObject({ accepted: 9, rejected: [] });
    expect((await call(t.baseUrl, 'POST', '/v1/events', { token: b.ingestKey, body: { type: 'email.nonsense', occurredAt: new Date().toISOString(), note: secret.deadLetter } })).status).toBe(400);
    const key = await call(t.baseUrl, 'POST', '/v1/api-keys', { token: b.session, body: { name: secret.keyName, scope: 'read' } });
    expect(key.status).toBe(201);
    b.keyId = key.body.id;
    secrets.push(key.body.prefix, key.body.key, b.ingestKey, b.readKey);
    await call(t.baseUrl, 'PUT', '/v1/retention', { token: b.session, body: { retentionDays: 77 } });
    await call(t.baseUrl, 'POST', '/v1/sending-domains', { token: b.ingestKey, body: { domain: probe.domain } });
    await call(t.baseUrl, 'POST', '/v1/smtp-hosts', { token: b.ingestKey, body: { host: probe.host } });
    const endpoint = await t.app.get(WebhookEndpointService).create(b.workspaceId, { vendor: 'sendgrid', settings: {} });
    b.endpointId = endpoint.endpointId;
    secrets.push(endpoint.token);
    secrets.push(...Object.values(secret), b.adminEmail, secret.contactEmail.split('@')[1]!);
  }, 180_000);
  afterAll(async () => {
    await pool.end();
    await t.close();
  });

  /** Every row of every table that has a workspace_id column, for workspace B, plus B's users: a fingerprint of B. */
  async function stateOfB(): Promise<Record<string, string>> {
    const { rows: tables } = await pool.query<{ table_name: string }>(
      `SELECT c.table_name FROM information_schema.columns c JOIN pg_class p ON p.relname = c.table_name AND NOT p.relispartition
        WHERE c.table_schema = 'public' AND c.column_name = 'workspace_id' ORDER BY 1`,
    );
    const state: Record<string, string> = {};
    for (const { table_name } of tables) {
      const { rows } = await pool.query<{ digest: string | null; n: number }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest, count(*)::int AS n FROM "${table_name}" t WHERE workspace_id = $1`,
        [b.workspaceId],
      );
      state[table_name] = `${rows[0]!.n}:${rows[0]!.digest ?? ''}`;
    }
    const { rows: users } = await pool.query(`SELECT md5(string_agg(u::text, '|' ORDER BY id)) AS digest FROM users u WHERE id = ANY($1::uuid[])`, [[b.adminId, b.viewerId]]);
    state['users'] = users[0].digest;
    return state;
  }

  it('walks every route: nothing of B comes back, nothing of B changes', async () => {
    const before = await stateOfB();
    expect(Number(before['events']!.split(':')[0])).toBeGreaterThanOrEqual(9);

    const doc = await call(t.baseUrl, 'GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    type Operation = { parameters?: { name: string; in: string }[] };
    const SKIP = /^\/(health|metrics|api\/|t\/|v1\/auth\/)|^\/v1\/webhooks\/\{vendor\}\/\{token\}$/;
    const operations = Object.entries(doc.body.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ method: method.toUpperCase(), path, query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) })),
    );
    const walked = operations.filter((o) => !SKIP.test(o.path));
    expect(walked.length).toBeGreaterThan(30);

    const candidatesFor = (param: string): string[] => {
      if (/user/i.test(param)) return [b.adminId, b.viewerId];
      if (/domain/i.test(param)) return [probe.domain];
      if (/host/i.test(param)) return [probe.host];
      return [probe.campaign, b.keyId, b.endpointId, probe.contact, probe.message, b.workspaceId, b.adminId];
    };
    // Routes refuse query parameters they do not know, so each is tried bare, with each of B's ids alone under the
    // names routes use, and with everything at once (and the parameters the document declares).
    const queries = (names: string[]): string[] => {
      const single: Record<string, string> = { campaignId: probe.campaign, ids: probe.campaign, messageId: probe.message, externalId: probe.contact, email: probe.contact, q: probe.campaign };
      const all = new URLSearchParams(single);
      for (const n of names) if (!all.has(n)) all.set(n, /id$/i.test(n) ? probe.campaign : probe.contact);
      return ['', ...Object.entries(single).map(([k, v]) => new URLSearchParams({ [k]: v }).toString()), all.toString()];
    };
    const bodies = [
      {},
      {
        campaignId: probe.campaign, messageId: probe.message, contact: { externalId: probe.contact }, userId: b.adminId, workspaceId: b.workspaceId, id: b.keyId,
        domain: probe.domain, host: probe.host, name: 'walk', scope: 'read', role: 'viewer', retentionDays: 400, campaignIds: [probe.campaign],
      },
    ];
    const credentials = [
      { label: 'A admin session', token: a.session, workspace: a.workspaceId },
      { label: 'A admin session naming B', token: a.session, workspace: b.workspaceId },
      { label: 'A read key', token: a.readKey, workspace: b.workspaceId },
      { label: 'A ingest key', token: a.ingestKey, workspace: b.workspaceId },
    ];

    const leaks: string[] = [];
    const serverErrors: string[] = [];
    let calls = 0;
    const check = (what: string, res: CallResult) => {
      calls++;
      // (503 is the database being busy or away on a loaded machine, not a fault of the route.)
      if (res.status >= 500 && res.status !== 503) serverErrors.push(`${what} → ${res.status}`);
      const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      const found = secrets.filter((s) => s && text.includes(s));
      if (found.length) leaks.push(`${what} → ${res.status} shows ${found.join(', ')}`);
    };

    const controlReads: string[] = [];
    for (const op of walked) {
      const params = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
      const paths = params.length === 0 ? [op.path] : candidatesFor(params[0]!).map((value) => op.path.replace(/\{[^}]+\}/g, encodeURIComponent(value)));
      for (const path of paths) {
        for (const search of op.method === 'GET' ? queries(op.query) : ['']) {
          const url = search ? `${path}?${search}` : path;
          for (const cred of credentials) {
            for (const body of op.method === 'GET' || op.method === 'DELETE' ? [undefined] : bodies) {
              const res = await call(t.baseUrl, op.method, url, { token: cred.token, workspace: cred.workspace, ...(body === undefined ? {} : { body }) });
              check(`${op.method} ${url} as ${cred.label}${body ? ` with ${Object.keys(body).length ? 'B ids' : '{}'}` : ''}`, res);
            }
          }
          if (op.method === 'GET') controlReads.push(url);
        }
      }
    }

    expect(leaks).toEqual([]);
    expect(serverErrors).toEqual([]);
    expect(await stateOfB()).toEqual(before);

    // Control (after the state check: some reads create defaults, e.g. the tracking key): the same reads by B's own
    // admin do show B's data, so the walk would have seen it had it leaked.
    let controlHits = 0;
    for (const url of controlReads) {
      const own = await call(t.baseUrl, 'GET', url, { token: b.session });
      const text = typeof own.body === 'string' ? own.body : JSON.stringify(own.body);
      if (secrets.some((s) => s && text.includes(s))) controlHits++;
    }
    process.stdout.write(`isolation walk: ${walked.length} operations, ${calls} calls as A; ${controlHits} of ${controlReads.length} of the same reads by B's admin show B's data\n`);
    expect(controlHits).toBeGreaterThan(10);
  }, 600_000);
});
