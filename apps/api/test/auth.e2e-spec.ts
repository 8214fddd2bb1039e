import type { Pool } from 'pg';
import { PG_POOL } from '../src/database/database.module';
import { call, event, newUser, signIn, uniqueEmail, uniqueIp } from './support/auth-requests';
import { startTestApp, TestApp } from './support/test-app';

/** Sign-in, sessions, roles, API keys, members and the audit log, over HTTP against the real Postgres and Redis. */
describe('who may do what', () => {
  let t: TestApp;
  let pool: Pool;
  const api = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(t.baseUrl, method, path, options);

  beforeAll(async () => {
    t = await startTestApp();
    pool = t.app.get(PG_POOL);
  });
  afterAll(async () => {
    await t.close();
  });

  const auditOf = async (workspaceId: string) =>
    (await pool.query<{ actor: string; action: string; target: string; details: Record<string, unknown> }>('SELECT actor, action, target, details FROM audit_log WHERE workspace_id = $1 ORDER BY id', [workspaceId])).rows;

  describe('POST /v1/auth/login', () => {
    it('answers a token, its expiry, the user and their workspaces, and sets an HttpOnly cookie', async () => {
      const ws = await t.newWorkspace('Acme');
      const user = await newUser(t, { workspaceId: ws.workspaceId, role: 'analyst' });
      const before = Date.now();
      const res = await api('POST', '/v1/auth/login', { body: { email: user.email.toUpperCase(), password: user.password } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        token: expect.stringMatching(/^mp_session_[A-Za-z0-9_-]{43}$/),
        expiresAt: expect.any(String),
        user: { id: user.id, email: user.email },
        workspaces: [{ id: ws.workspaceId, name: 'Acme', role: 'analyst' }],
      });
      const ttl = Date.parse(res.body.expiresAt) - before;
      expect(ttl).toBeGreaterThan(167.9 * 3_600_000);
      expect(ttl).toBeLessThan(168.1 * 3_600_000);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(new RegExp(`^mp_session=${res.body.token}; Path=/; Max-Age=\\d+; Expires=.+; HttpOnly; SameSite=Lax$`));
      expect(res.headers.get('cache-control')).toBe('no-store');
      const stored = await pool.query('SELECT token_hash FROM sessions WHERE user_id = $1', [user.id]);
      expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored.rows)).not.toContain(res.body.token);
    });

    it('marks the cookie Secure when the request came over https (X-Forwarded-Proto from the proxy)', async () => {
      const user = await newUser(t);
      const res = await api('POST', '/v1/auth/login', { body: { email: user.email, password: user.password }, headers: { 'x-forwarded-proto': 'https' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
    });

    it('answers 401 with the same message for a wrong password and an unknown address', async () => {
      const user = await newUser(t);
      const wrongPassword = await api('POST', '/v1/auth/login', { body: { email: user.email, password: 'not-the-password' } });
      const unknownEmail = await api('POST', '/v1/auth/login', { body: { email: uniqueEmail('nobody'), password: user.password } });
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      expect(wrongPassword.body).toEqual({ error: { code: 'invalid_credentials', message: 'The email or password is wrong' } });
      expect(unknownEmail.body).toEqual(wrongPassword.body);
      expect(wrongPassword.headers.get('set-cookie')).toBeNull();
    });

    it.each([
      ['no body', undefined, 'body'],
      ['no password', { email: 'a@example.test' }, 'password'],
      ['not an address', { email: 'ada', password: 'x' }, 'email'],
      ['an unknown field', { email: 'a@example.test', password: 'x', admin: true }, 'admin'],
    ])('answers 400 naming the field for %s', async (_, body, field) => {
      const res = await api('POST', '/v1/auth/login', { body });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_body', field });
      expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
    });

    it('answers 429 with Retry-After after 5 failures for an address, even for the right password, from any IP', async () => {
      const user = await newUser(t);
      for (let i = 0; i < 5; i++) {
        expect((await api('POST', '/v1/auth/login', { body: { email: user.email, password: `wrong-${i}` } })).status).toBe(401);
      }
      const refused = await api('POST', '/v1/auth/login', { body: { email: user.email, password: user.password } });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('too_many_attempts');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(refused.body.error.message).toContain(`${retryAfter} s`);
      // Another address from the same client is not affected.
      const other = await newUser(t);
      expect((await api('POST', '/v1/auth/login', { body: { email: other.email, password: other.password } })).status).toBe(200);
    });

    it('lets the address in again once the failures leave the window', async () => {
      const user = await newUser(t);
      for (let i = 0; i < 5; i++) await api('POST', '/v1/auth/login', { body: { email: user.email, password: 'wrong' } });
      expect((await api('POST', '/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(429);
      await pool.query(`UPDATE login_attempts SET at = at - interval '15 minutes' WHERE email = $1`, [user.email]);
      expect((await api('POST', '/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
    });

    it('counts a burst of parallel guesses as it arrives: at most 5 passwords are checked', async () => {
      const user = await newUser(t);
      const results = await Promise.all(
        Array.from({ length: 15 }, (_, i) => api('POST', '/v1/auth/login', { body: { email: user.email, password: `guess-${i}` } })),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(10);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    });

    it('a successful sign-in clears the address\'s failures', async () => {
      const user = await newUser(t);
      for (let i = 0; i < 4; i++) await api('POST', '/v1/auth/login', { body: { email: user.email, password: 'wrong' } });
      expect((await api('POST', '/v1/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
      for (let i = 0; i < 4; i++) {
        expect((await api('POST', '/v1/auth/login', { body: { email: user.email, password: 'wrong' } })).status).toBe(401);
      }
    });

    it('answers 429 to a client IP that keeps failing across many addresses (20 in 15 minutes)', async () => {
      const ip = uniqueIp();
      for (let i = 0; i < 20; i++) {
        expect((await api('POST', '/v1/auth/login', { ip, body: { email: uniqueEmail('spray'), password: 'Winter2026!' } })).status).toBe(401);
      }
      const refused = await api('POST', '/v1/auth/login', { ip, body: { email: uniqueEmail('spray'), password: 'Winter2026!' } });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.body.error.message).toMatch(/your network address/);
    });
  });

  describe('sessions', () => {
    it('GET /v1/auth/me answers the user and workspaces, by bearer token or by cookie', async () => {
      const ws = await t.newWorkspace('Me');
      const user = await newUser(t, { workspaceId: ws.workspaceId, role: 'viewer' });
      const token = await signIn(t, user);
      const expected = { user: { id: user.id, email: user.email }, workspaces: [{ id: ws.workspaceId, name: 'Me', role: 'viewer' }] };
      expect(await api('GET', '/v1/auth/me', { token })).toMatchObject({ status: 200, body: expected });
      expect(await api('GET', '/v1/auth/me', { cookie: token })).toMatchObject({ status: 200, body: expected });
    });

    it('answers 401 without a session, with an unknown one, or with an API key', async () => {
      const ws = await t.newWorkspace();
      expect(await api('GET', '/v1/auth/me')).toMatchObject({ status: 401, body: { error: { code: 'missing_credentials' } } });
      expect(await api('GET', '/v1/auth/me', { token: 'mp_session_nope' })).toMatchObject({ status: 401, body: { error: { code: 'invalid_session' } } });
      expect(await api('GET', '/v1/auth/me', { cookie: 'garbage' })).toMatchObject({ status: 401, body: { error: { code: 'invalid_session', field: 'Cookie' } } });
      expect(await api('GET', '/v1/auth/me', { token: ws.readKey })).toMatchObject({ status: 403, body: { error: { code: 'session_required' } } });
      expect(await api('GET', '/v1/auth/me', { headers: { authorization: 'Basic abc' } })).toMatchObject({ status: 401, body: { error: { field: 'Authorization' } } });
    });

    it('POST /v1/auth/logout ends the session at once and clears the cookie', async () => {
      const user = await newUser(t);
      const token = await signIn(t, user);
      const out = await api('POST', '/v1/auth/logout', { token });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^mp_session=; Path=\/; Max-Age=0;/);
      expect((await api('GET', '/v1/auth/me', { token })).status).toBe(401);
      expect((await api('GET', '/v1/auth/me', { cookie: token })).status).toBe(401);
      const revoked = await pool.query('SELECT revoked_at FROM sessions WHERE user_id = $1', [user.id]);
      expect(revoked.rows[0].revoked_at).not.toBeNull();
    });

    it('an expired session is refused', async () => {
      const user = await newUser(t);
      const token = await signIn(t, user);
      await pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      expect(await api('GET', '/v1/auth/me', { token })).toMatchObject({ status: 401, body: { error: { code: 'invalid_session' } } });
    });
  });

  describe('roles and workspaces', () => {
    it('a viewer may not manage keys: 403 naming the role needed', async () => {
      const ws = await t.newWorkspace();
      const viewer = await newUser(t, { workspaceId: ws.workspaceId, role: 'viewer' });
      const token = await signIn(t, viewer);
      const res = await api('POST', '/v1/api-keys', { token, body: { name: 'mine', scope: 'read' } });
      expect(res.status).toBe(403);
      expect(res.body.error).toEqual({ code: 'insufficient_role', message: 'This needs the admin role in this workspace; you are a viewer' });
      expect((await api('GET', '/v1/api-keys', { token })).status).toBe(403);
      expect((await api('GET', '/v1/members', { token })).status).toBe(403);
    });

    it('an analyst may not manage members either', async () => {
      const ws = await t.newWorkspace();
      const analyst = await newUser(t, { workspaceId: ws.workspaceId, role: 'analyst' });
      const res = await api('GET', '/v1/members', { token: await signIn(t, analyst) });
      expect(res).toMatchObject({ status: 403, body: { error: { code: 'insufficient_role', message: 'This needs the admin role in this workspace; you are an analyst' } } });
    });

    it('a workspace the user is not a member of answers 404, exactly like one that does not exist', async () => {
      const mine = await t.newWorkspace();
      const theirs = await t.newWorkspace();
      const admin = await newUser(t, { workspaceId: mine.workspaceId, role: 'admin' });
      const token = await signIn(t, admin);
      const foreign = await api('GET', '/v1/api-keys', { token, workspace: theirs.workspaceId });
      const missing = await api('GET', '/v1/api-keys', { token, workspace: '00000000-0000-4000-8000-000000000000' });
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(foreign.body.error.code).toBe('not_found');
      expect(foreign.body.error.message.replace(theirs.workspaceId, 'ID')).toBe(missing.body.error.message.replace('00000000-0000-4000-8000-000000000000', 'ID'));
      expect(JSON.stringify(foreign.body)).not.toMatch(/mp_read_|mp_ingest_/);
      expect((await api('POST', '/v1/events', { token, workspace: theirs.workspaceId, body: event() })).status).toBe(404);
    });

    it('X-Workspace-Id must be a workspace id; a user in several workspaces must send it', async () => {
      const a = await t.newWorkspace();
      const b = await t.newWorkspace();
      const user = await newUser(t, { workspaceId: a.workspaceId, role: 'admin' });
      await pool.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'viewer')`, [b.workspaceId, user.id]);
      const token = await signIn(t, user);
      expect(await api('GET', '/v1/api-keys', { token, workspace: 'acme' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_body', field: 'X-Workspace-Id' } } });
      expect(await api('GET', '/v1/api-keys', { token })).toMatchObject({ status: 400, body: { error: { code: 'workspace_required', field: 'X-Workspace-Id' } } });
      expect((await api('GET', '/v1/api-keys', { token, workspace: a.workspaceId })).status).toBe(200);
      expect((await api('GET', '/v1/api-keys', { token, workspace: b.workspaceId })).status).toBe(403);
    });

    it('a user without workspaces gets 404 on workspace routes and may create one, becoming its admin', async () => {
      const user = await newUser(t);
      const token = await signIn(t, user);
      expect((await api('GET', '/v1/api-keys', { token })).status).toBe(404);
      expect(await api('GET', '/v1/workspaces', { token })).toMatchObject({ status: 200, body: { workspaces: [] } });
      expect(await api('POST', '/v1/workspaces', { token, body: { name: '  ' } })).toMatchObject({ status: 400, body: { error: { field: 'name' } } });

      const created = await api('POST', '/v1/workspaces', { token, body: { name: 'Side project' } });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        name: 'Side project',
        role: 'admin',
        ingestKey: expect.stringMatching(/^mp_ingest_/),
        readKey: expect.stringMatching(/^mp_read_/),
      });
      expect(await api('GET', '/v1/workspaces', { token })).toMatchObject({ body: { workspaces: [{ id: created.body.id, name: 'Side project', role: 'admin' }] } });
      expect((await api('POST', '/v1/events', { token: created.body.ingestKey, body: event() })).status).toBe(202);
      const keys = (await api('GET', '/v1/api-keys', { token })).body.apiKeys;
      expect(keys).toHaveLength(2);
      expect(keys).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ scope: 'ingest', createdBy: { id: user.id, email: user.email } }),
          expect.objectContaining({ scope: 'read', createdBy: { id: user.id, email: user.email } }),
        ]),
      );
      expect(await auditOf(created.body.id)).toEqual([
        expect.objectContaining({ actor: `user:${user.id}`, action: 'workspace.create', target: `workspace:${created.body.id}`, details: expect.objectContaining({ name: 'Side project' }) }),
      ]);
    });

    it('POST /v1/events takes an ingest key or a session of an analyst or admin, not a viewer or a read key', async () => {
      const ws = await t.newWorkspace();
      const analyst = await newUser(t, { workspaceId: ws.workspaceId, role: 'analyst' });
      const viewer = await newUser(t, { workspaceId: ws.workspaceId, role: 'viewer' });
      expect(await api('POST', '/v1/events', { token: await signIn(t, analyst), body: event() })).toMatchObject({ status: 202, body: { accepted: 1 } });
      expect(await api('POST', '/v1/events', { token: ws.ingestKey, body: event() })).toMatchObject({ status: 202, body: { accepted: 1 } });
      expect(await api('POST', '/v1/events', { token: await signIn(t, viewer), body: event() })).toMatchObject({
        status: 403,
        body: { error: { code: 'insufficient_role', message: 'This needs the analyst role in this workspace; you are a viewer' } },
      });
      expect(await api('POST', '/v1/events', { token: ws.readKey, body: event() })).toMatchObject({ status: 403, body: { error: { code: 'wrong_key_scope' } } });
      expect(await api('POST', '/v1/events', { body: event() })).toMatchObject({ status: 401, body: { error: { code: 'missing_key' } } });
      const stored = await pool.query('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1', [ws.workspaceId]);
      expect(stored.rows[0].n).toBe(2);
    });

    it('API keys cannot use the management routes', async () => {
      const ws = await t.newWorkspace();
      expect(await api('GET', '/v1/api-keys', { token: ws.readKey })).toMatchObject({ status: 403, body: { error: { code: 'session_required' } } });
      expect(await api('GET', '/v1/members', { token: ws.ingestKey })).toMatchObject({ status: 403, body: { error: { code: 'session_required' } } });
      expect(await api('GET', '/v1/members', { token: 'mp_read_unknown' })).toMatchObject({ status: 401, body: { error: { code: 'invalid_key' } } });
    });
  });

  describe('API keys', () => {
    it('lists without secrets, creates a key shown once, revokes it so it stops working at once', async () => {
      const ws = await t.newWorkspace();
      const admin = await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' });
      const token = await signIn(t, admin);

      const created = await api('POST', '/v1/api-keys', { token, body: { name: 'ESP relay', scope: 'ingest' } });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        name: 'ESP relay',
        scope: 'ingest',
        prefix: created.body.key.slice(0, 14),
        createdAt: expect.any(String),
        createdBy: { id: admin.id, email: admin.email },
        revokedAt: null,
        key: expect.stringMatching(/^mp_ingest_[A-Za-z0-9_-]{32}$/),
      });
      const key = created.body.key as string;

      const list = await api('GET', '/v1/api-keys', { token });
      expect(list.status).toBe(200);
      const names = list.body.apiKeys.map((k: { name: string }) => k.name);
      expect([...names].sort()).toEqual(['Default ingest key', 'Default read key', 'ESP relay']);
      expect(names.at(-1)).toBe('ESP relay');
      const text = JSON.stringify(list.body);
      for (const secret of [key, ws.ingestKey, ws.readKey]) expect(text).not.toContain(secret);
      expect(list.body.apiKeys.every((k: Record<string, unknown>) => !('key' in k) && !('hash' in k) && !('keyHash' in k))).toBe(true);

      // The key works (and is now in the key cache) …
      expect((await api('POST', '/v1/events', { token: key, body: event() })).status).toBe(202);
      // … until it is revoked: refused on the very next request.
      const revoked = await api('DELETE', `/v1/api-keys/${created.body.id}`, { token });
      expect(revoked).toMatchObject({ status: 200, body: { apiKey: { id: created.body.id, revokedAt: expect.any(String) } } });
      expect(await api('POST', '/v1/events', { token: key, body: event() })).toMatchObject({ status: 401, body: { error: { code: 'invalid_key' } } });

      // Revoking again changes nothing and is not audited twice.
      expect((await api('DELETE', `/v1/api-keys/${created.body.id}`, { token })).status).toBe(200);
      const actions = (await auditOf(ws.workspaceId)).map((r) => r.action);
      expect(actions).toEqual(['user.create', 'member.add', 'api_key.create', 'api_key.revoke']);
    });

    it('a read key cannot ingest; keys of another workspace cannot be revoked; bad ids are 400', async () => {
      const ws = await t.newWorkspace();
      const other = await t.newWorkspace();
      const admin = await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' });
      const token = await signIn(t, admin);
      const read = await api('POST', '/v1/api-keys', { token, body: { name: 'dashboard', scope: 'read' } });
      expect(await api('POST', '/v1/events', { token: read.body.key, body: event() })).toMatchObject({
        status: 403,
        body: { error: { code: 'wrong_key_scope', message: 'This is a read key; this route needs a ingest key' } },
      });

      const otherKeyId = (await pool.query('SELECT id FROM api_keys WHERE workspace_id = $1 LIMIT 1', [other.workspaceId])).rows[0].id;
      expect(await api('DELETE', `/v1/api-keys/${otherKeyId}`, { token })).toMatchObject({ status: 404, body: { error: { field: 'id' } } });
      expect((await api('POST', '/v1/events', { token: other.ingestKey, body: event() })).status).toBe(202);
      expect(await api('DELETE', '/v1/api-keys/not-an-id', { token })).toMatchObject({ status: 400, body: { error: { code: 'invalid_body', field: 'id' } } });
      expect(await api('POST', '/v1/api-keys', { token, body: { name: 'x', scope: 'write' } })).toMatchObject({ status: 400, body: { error: { field: 'scope' } } });
      expect(await api('POST', '/v1/api-keys', { token, body: { scope: 'read' } })).toMatchObject({ status: 400, body: { error: { field: 'name' } } });
    });
  });

  describe('members', () => {
    it('invites an existing user by email, changes the role, removes them; each change audited', async () => {
      const ws = await t.newWorkspace();
      const admin = await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' });
      const invitee = await newUser(t);
      const token = await signIn(t, admin);

      const added = await api('POST', '/v1/members', { token, body: { email: invitee.email.toUpperCase(), role: 'viewer' } });
      expect(added).toMatchObject({ status: 201, body: { member: { userId: invitee.id, email: invitee.email, role: 'viewer' } } });
      expect(await api('GET', '/v1/auth/me', { token: await signIn(t, invitee) })).toMatchObject({ body: { workspaces: [{ id: ws.workspaceId, role: 'viewer' }] } });

      expect(await api('POST', '/v1/members', { token, body: { email: invitee.email, role: 'admin' } })).toMatchObject({ status: 409, body: { error: { code: 'already_member', field: 'email' } } });
      expect(await api('POST', '/v1/members', { token, body: { email: uniqueEmail('ghost'), role: 'viewer' } })).toMatchObject({ status: 404, body: { error: { field: 'email' } } });
      expect(await api('POST', '/v1/members', { token, body: { email: invitee.email, role: 'owner' } })).toMatchObject({ status: 400, body: { error: { field: 'role' } } });

      expect(await api('PATCH', `/v1/members/${invitee.id}`, { token, body: { role: 'analyst' } })).toMatchObject({ status: 200, body: { member: { role: 'analyst' } } });
      const list = await api('GET', '/v1/members', { token });
      expect(list.body.members).toEqual(
        expect.arrayContaining([expect.objectContaining({ userId: admin.id, role: 'admin' }), expect.objectContaining({ userId: invitee.id, role: 'analyst' })]),
      );
      expect(JSON.stringify(list.body)).not.toMatch(/password|hash/i);

      expect(await api('DELETE', `/v1/members/${invitee.id}`, { token })).toMatchObject({ status: 200, body: { member: { userId: invitee.id } } });
      expect(await api('PATCH', `/v1/members/${invitee.id}`, { token, body: { role: 'viewer' } })).toMatchObject({ status: 404, body: { error: { field: 'userId' } } });
      expect((await api('GET', '/v1/api-keys', { token: await signIn(t, invitee), workspace: ws.workspaceId })).status).toBe(404);

      expect(await auditOf(ws.workspaceId)).toEqual([
        { actor: 'cli', action: 'user.create', target: `user:${admin.id}`, details: { email: admin.email } },
        { actor: 'cli', action: 'member.add', target: `user:${admin.id}`, details: { role: 'admin' } },
        { actor: `user:${admin.id}`, action: 'member.add', target: `user:${invitee.id}`, details: { role: 'viewer' } },
        { actor: `user:${admin.id}`, action: 'member.role_change', target: `user:${invitee.id}`, details: { from: 'viewer', to: 'analyst' } },
        { actor: `user:${admin.id}`, action: 'member.remove', target: `user:${invitee.id}`, details: { role: 'analyst', email: invitee.email } },
      ]);
      const viaApi = await api('GET', '/v1/audit-log?limit=2', { token });
      expect(viaApi.status).toBe(200);
      expect(viaApi.body.entries.map((e: { action: string }) => e.action)).toEqual(['member.remove', 'member.role_change']);
      const older = await api('GET', `/v1/audit-log?before=${viaApi.body.entries[1].id}`, { token });
      expect(older.body.entries.map((e: { action: string }) => e.action)).toEqual(['member.add', 'member.add', 'user.create']);
    });

    it('never leaves a workspace without an admin', async () => {
      const ws = await t.newWorkspace();
      const admin = await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' });
      const token = await signIn(t, admin);
      const lastAdmin = { status: 409, body: { error: { code: 'last_admin', field: 'role' } } };
      expect(await api('PATCH', `/v1/members/${admin.id}`, { token, body: { role: 'viewer' } })).toMatchObject(lastAdmin);
      expect(await api('DELETE', `/v1/members/${admin.id}`, { token })).toMatchObject(lastAdmin);

      const second = await newUser(t);
      await api('POST', '/v1/members', { token, body: { email: second.email, role: 'admin' } });
      expect(await api('PATCH', `/v1/members/${admin.id}`, { token, body: { role: 'viewer' } })).toMatchObject({ status: 200, body: { member: { role: 'viewer' } } });
      // The demoted admin is a viewer now; the remaining admin cannot leave.
      expect((await api('GET', '/v1/members', { token })).status).toBe(403);
      const secondToken = await signIn(t, second);
      expect(await api('DELETE', `/v1/members/${second.id}`, { token: secondToken })).toMatchObject(lastAdmin);
      const admins = await pool.query(`SELECT count(*)::int AS n FROM memberships WHERE workspace_id = $1 AND role = 'admin'`, [ws.workspaceId]);
      expect(admins.rows[0].n).toBe(1);
    });

    it('two admins demoting each other at the same moment: one wins, one is refused', async () => {
      const ws = await t.newWorkspace();
      const a = await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' });
      const b = await newUser(t, { workspaceId: ws.workspaceId, role: 'admin' });
      const [ta, tb] = await Promise.all([signIn(t, a), signIn(t, b)]);
      const results = await Promise.all([
        api('PATCH', `/v1/members/${b.id}`, { token: ta, body: { role: 'viewer' } }),
        api('PATCH', `/v1/members/${a.id}`, { token: tb, body: { role: 'viewer' } }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      // Either one demotion wins and the other is refused (409 last admin, or 403 when the loser was already demoted).
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      const admins = await pool.query(`SELECT count(*)::int AS n FROM memberships WHERE workspace_id = $1 AND role = 'admin'`, [ws.workspaceId]);
      expect(admins.rows[0].n).toBe(1);
    });
  });
});
