import type { Pool } from 'pg';

/**
 * Runs `run` while holding the session advisory lock `name` (`pg_try_advisory_lock`), on a connection kept for the
 * duration; returns false at once, without running it, when another process holds the lock.
 */
export async function whileSessionLocked(pool: Pool, name: string, run: () => Promise<void>): Promise<boolean> {
  const client = await pool.connect();
  let healthy = true;
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
    if (!rows[0]!.locked) return false;
    try {
      await run();
    } finally {
      // A connection that cannot unlock is closed instead, which releases a session lock too.
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => (healthy = false));
    }
    return true;
  } finally {
    client.release(!healthy);
  }
}
