import { Pool } from 'pg';
import { createPool } from '../database/database.module';
import { testDatabaseUrl } from '../../test/support/test-database';
import { TrackingSecretRepository } from './tracking-secret.repository';

describe('TrackingSecretRepository (real PostgreSQL)', () => {
  let pool: Pool;
  let repo: TrackingSecretRepository;
  const newWorkspace = async () => (await pool.query<{ id: string }>("INSERT INTO workspaces (name) VALUES ('tracking-secrets') RETURNING id")).rows[0]!.id;

  beforeAll(() => {
    pool = createPool(testDatabaseUrl(), 8);
    repo = new TrackingSecretRepository(pool);
  });
  afterAll(() => pool.end());

  it('creates version 1 with 32 random bytes on first use, then returns the same key', async () => {
    const ws = await newWorkspace();
    const first = await repo.currentOrCreate(ws);
    expect(first.version).toBe(1);
    expect(first.secret).toHaveLength(32);
    expect(await repo.currentOrCreate(ws)).toEqual(first);
    expect(await repo.currentOrCreate(await newWorkspace())).not.toEqual(first);
  });

  it('gives concurrent first uses (several processes) one and the same key', async () => {
    const ws = await newWorkspace();
    const keys = await Promise.all(Array.from({ length: 8 }, () => new TrackingSecretRepository(pool).currentOrCreate(ws)));
    expect(new Set(keys.map((k) => `${k.version}:${k.secret.toString('hex')}`)).size).toBe(1);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM tracking_secrets WHERE workspace_id = $1', [ws]);
    expect(rows[0].n).toBe(1);
  });

  it('rotates to the next version; older versions still verify until retired', async () => {
    const ws = await newWorkspace();
    const v1 = await repo.currentOrCreate(ws);
    const v2 = await repo.rotate(ws);
    expect(v2.version).toBe(2);
    expect(await repo.currentOrCreate(ws)).toEqual(v2);
    expect(await repo.find(ws, 1)).toEqual(v1.secret);
    expect(await repo.find(ws, 2)).toEqual(v2.secret);
    expect(await repo.find(ws, 3)).toBeNull();

    await pool.query('UPDATE tracking_secrets SET retired_at = now() WHERE workspace_id = $1 AND version = 1', [ws]);
    expect(await repo.find(ws, 1)).toBeNull();
  });

  it('creates the next version when every version is retired', async () => {
    const ws = await newWorkspace();
    await repo.currentOrCreate(ws);
    await pool.query('UPDATE tracking_secrets SET retired_at = now() WHERE workspace_id = $1', [ws]);
    expect((await repo.currentOrCreate(ws)).version).toBe(2);
  });

  it('scopes every lookup by workspace', async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    await repo.currentOrCreate(a);
    expect(await repo.find(b, 1)).toBeNull();
  });
});
