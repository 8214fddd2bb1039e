import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { call, uniqueEmail } from './support/auth-requests';
import { createWorkspaceWithCli, ROOT, serverEnv } from './support/server-process';
import { createApp } from '../src/app.factory';
import { startTestApp, testConfig, TestApp, uniqueId } from './support/test-app';
import { testDatabaseUrl } from './support/test-database';

const FRESH_SUFFIXES = ['auth_boot', 'auth_demo', 'auth_boot_bad'] as const;

/** Runs statements against the server's `postgres` database (creating and dropping databases). */
async function onServer(...statements: string[]): Promise<void> {
  const admin = new URL(testDatabaseUrl());
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

const freshName = (suffix: (typeof FRESH_SUFFIXES)[number]) => `${new URL(testDatabaseUrl()).pathname.slice(1)}_${suffix}`;

/** An empty database of its own (its name still says "test"), for checks that need "no user exists yet". */
async function freshDatabase(suffix: (typeof FRESH_SUFFIXES)[number]): Promise<string> {
  const name = freshName(suffix);
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, `CREATE DATABASE "${name}"`);
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

const login = (t: TestApp, email: string, password: string) => call(t.baseUrl, 'POST', '/v1/auth/login', { body: { email, password } });

describe('the first admin', () => {
  const apps: TestApp[] = [];
  const start = async (overrides: Record<string, string>) => {
    const t = await startTestApp(overrides);
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await onServer(...FRESH_SUFFIXES.map((s) => `DROP DATABASE IF EXISTS "${freshName(s)}" WITH (FORCE)`));
  });

  it('comes from MAILPULSE_ADMIN_EMAIL/PASSWORD on the first start, as admin of a new "Default" workspace', async () => {
    const DATABASE_URL = await freshDatabase('auth_boot');
    const t = await start({ DATABASE_URL, MAILPULSE_ADMIN_EMAIL: 'Boss@Example.test', MAILPULSE_ADMIN_PASSWORD: 'correct horse battery' });
    const res = await login(t, 'boss@example.test', 'correct horse battery');
    expect(res.status).toBe(200);
    expect(res.body.workspaces).toEqual([{ id: expect.any(String), name: 'Default', role: 'admin' }]);
    const workspaceId = res.body.workspaces[0].id as string;
    // Its keys are made by the admin, through the API, and shown to them once.
    expect((await call(t.baseUrl, 'GET', '/v1/api-keys', { token: res.body.token })).body).toEqual({ apiKeys: [] });

    const pool = new Pool({ connectionString: DATABASE_URL, max: 1 });
    try {
      const audit = await pool.query('SELECT actor, action FROM audit_log WHERE workspace_id = $1 ORDER BY id', [workspaceId]);
      expect(audit.rows).toEqual([{ actor: 'system', action: 'workspace.create' }]);
      const hash = await pool.query('SELECT password_hash FROM users WHERE email = $1', ['boss@example.test']);
      expect(hash.rows[0].password_hash).toMatch(/^\$2[aby]\$11\$/);
    } finally {
      await pool.end();
    }
    await t.close();
    apps.length = 0;

    // Later starts leave the users alone: a changed variable does not add or change anyone.
    const again = await start({ DATABASE_URL, MAILPULSE_ADMIN_EMAIL: 'other@example.test', MAILPULSE_ADMIN_PASSWORD: 'another password' });
    expect((await login(again, 'other@example.test', 'another password')).status).toBe(401);
    expect((await login(again, 'boss@example.test', 'correct horse battery')).status).toBe(200);
  });

  it('with the demo on: the env admin and the demo user are admins of the demo workspace; the demo password is kept', async () => {
    const DATABASE_URL = await freshDatabase('auth_demo');
    const dataDir = mkdtempSync(join(tmpdir(), 'mailpulse-auth-demo-'));
    try {
      const env = { DATABASE_URL, MAILPULSE_DEMO: 'on', MAILPULSE_DATA_DIR: dataDir, DEMO_EVENTS_PER_SECOND: '1', MAILPULSE_ADMIN_EMAIL: 'ops@example.test', MAILPULSE_ADMIN_PASSWORD: 'ops password 1' };
      const t = await start(env);
      const saved = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'));
      expect(saved).toMatchObject({ userEmail: 'demo@mailpulse.local', userPassword: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/) });

      const demo = await login(t, 'demo@mailpulse.local', saved.userPassword);
      expect(demo.body.workspaces).toEqual([{ id: saved.workspaceId, name: 'Demo', role: 'admin' }]);
      const ops = await login(t, 'ops@example.test', 'ops password 1');
      expect(ops.body.workspaces).toEqual([{ id: saved.workspaceId, name: 'Demo', role: 'admin' }]);
      await t.close();
      apps.length = 0;

      const again = await start(env);
      expect(JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')).userPassword).toBe(saved.userPassword);
      expect((await login(again, 'demo@mailpulse.local', saved.userPassword)).status).toBe(200);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ MAILPULSE_ADMIN_EMAIL: 'a@example.test' }, /^Invalid configuration: MAILPULSE_ADMIN_PASSWORD is required when MAILPULSE_ADMIN_EMAIL is set$/],
    [{ MAILPULSE_ADMIN_PASSWORD: 'long enough' }, /^Invalid configuration: MAILPULSE_ADMIN_EMAIL is required when MAILPULSE_ADMIN_PASSWORD is set$/],
    [{ MAILPULSE_ADMIN_EMAIL: 'a@example.test', MAILPULSE_ADMIN_PASSWORD: 'hunter2' }, /^Invalid configuration: MAILPULSE_ADMIN_PASSWORD must be at least 8 characters$/],
  ])('a wrong pair %p stops the start, naming the variable (never echoing the password)', async (vars, message) => {
    const DATABASE_URL = await freshDatabase('auth_boot_bad');
    const app = await createApp(testConfig({ DATABASE_URL, ...vars }));
    try {
      await expect(app.listen(0, '127.0.0.1')).rejects.toThrow(message);
    } finally {
      await app.close();
    }
  });
});

describe('npm run mailpulse -- user:create', () => {
  const cli = join(ROOT, 'dist/apps/api/cli.js');
  const run = (args: string[], input?: string) => spawnSync(process.execPath, [cli, 'user:create', ...args], { cwd: ROOT, env: serverEnv(0), encoding: 'utf8', input });
  let t: TestApp;

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npx nx build api\` first (npm run test:e2e does)`);
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a user who is admin of a workspace and can sign in', async () => {
    const ws = createWorkspaceWithCli(`cli-${uniqueId()}`);
    const email = uniqueEmail('cli');
    const out = run(['--email', email.toUpperCase(), '--password', 'cli password 1', '--workspace', ws.workspaceId, '--role', 'admin', '--json']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ userId: expect.any(String), email, workspaceId: ws.workspaceId, role: 'admin' });

    const res = await login(t, email, 'cli password 1');
    expect(res.status).toBe(200);
    expect(res.body.workspaces).toEqual([{ id: ws.workspaceId, name: expect.stringMatching(/^cli-/), role: 'admin' }]);
    expect((await call(t.baseUrl, 'GET', '/v1/members', { token: res.body.token })).status).toBe(200);
    const audit = await call(t.baseUrl, 'GET', '/v1/audit-log', { token: res.body.token });
    expect(audit.body.entries.map((e: { actor: string; action: string }) => `${e.actor} ${e.action}`)).toEqual(['cli member.add', 'cli user.create', 'cli workspace.create']);
  });

  it('reads the password from stdin with --password-stdin, and makes a user without a workspace', async () => {
    const email = uniqueEmail('stdin');
    const out = run(['--email', email, '--password-stdin'], 'from stdin 123\n');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(email);
    expect(await login(t, email, 'from stdin 123')).toMatchObject({ status: 200, body: { workspaces: [] } });
  });

  it.each([
    [['--email', 'x@example.test'], 64, /--password \(or --password-stdin\) is required/],
    [['--email', 'x@example.test', '--password', 'short'], 64, /password: must be at least 8 characters/],
    [['--email', 'nope', '--password', 'long enough'], 64, /email: must be an email address/],
    [['--email', 'x@example.test', '--password', 'long enough', '--workspace', '00000000-0000-4000-8000-000000000000'], 64, /--workspace and --role go together/],
    [['--email', 'x@example.test', '--password', 'long enough', '--workspace', 'acme', '--role', 'admin'], 64, /--workspace must be a workspace id/],
    [['--email', 'x@example.test', '--password', 'long enough', '--workspace', '00000000-0000-4000-8000-000000000000', '--role', 'owner'], 64, /--role must be one of viewer, analyst, admin/],
    [['--email', uniqueEmail(), '--password', 'long enough', '--workspace', '00000000-0000-4000-8000-000000000000', '--role', 'admin'], 1, /no workspace 00000000-0000-4000-8000-000000000000/],
  ])('refuses %p with exit %p and says why', (args, status, message) => {
    const out = run(args);
    expect(out.status).toBe(status);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
  });

  it('refuses an address that exists already (exit 1)', () => {
    const email = uniqueEmail('twice');
    expect(run(['--email', email, '--password', 'long enough']).status).toBe(0);
    const again = run(['--email', email, '--password', 'long enough']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists already/);
  });
});
