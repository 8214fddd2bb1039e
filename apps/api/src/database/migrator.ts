import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';

/**
 * Applies the committed SQL files in `migrations/` in name order, each in its own transaction, once.
 * A session-level advisory lock makes concurrent start-ups of several API processes wait for each other.
 * (Plain SQL rather than TypeORM migrations: the event store is a partitioned table with a plpgsql helper,
 * which an ORM's schema model cannot describe.)
 */
export async function migrate(pool: Pool, dir: string): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['mailpulse.migrations']);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = await readFile(join(dir, file), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
        await client.query('COMMIT');
        applied.push(file);
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${file} failed: ${(err as Error).message}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['mailpulse.migrations']).catch(() => undefined);
    client.release();
  }
  return applied;
}

/** Where the SQL files are: beside the source in development, copied next to the bundle in builds. */
export function migrationsDir(): string {
  return process.env['MAILPULSE_MIGRATIONS_DIR'] ?? join(process.cwd(), 'apps/api/migrations');
}
