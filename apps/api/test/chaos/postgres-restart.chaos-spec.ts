import { Pool } from 'pg';
import { startTestApp, TestApp, uniqueId } from '../support/test-app';
import { ThrowawayPostgres } from './support/throwaway-postgres';

/**
 * PostgreSQL crashes and comes back while clients keep sending. The server runs against a PostgreSQL of its own
 * (the shared one is never stopped). While the database is down, ingestion answers 503 with Retry-After (never a
 * 500); it recovers without a restart of the API; every event acknowledged with 202 is stored exactly once.
 */
describe('chaos: PostgreSQL restart under load', () => {
  let pg: ThrowawayPostgres;
  let t: TestApp;
  let pool: Pool;

  beforeAll(async () => {
    pg = await ThrowawayPostgres.create();
    t = await startTestApp({ DATABASE_URL: pg.url, REDIS_URL: '', DATABASE_POOL_SIZE: '6' });
    pool = new Pool({ connectionString: pg.url, max: 2 });
    pool.on('error', () => undefined);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await pool?.end();
    await pg?.destroy();
  });

  it('answers 503 with Retry-After while it is down, recovers by itself and loses nothing acknowledged', async () => {
    const ws = await t.newWorkspace(`chaos-pg-${uniqueId()}`);
    const run = uniqueId('pg');
    const acked = new Set<string>();
    const statuses = new Map<number, number>();
    let unavailableWithoutRetryAfter = 0;
    let networkErrors = 0;
    let stop = false;

    const client = async (c: number) => {
      for (let b = 0; !stop; b++) {
        const at = new Date(Date.now() - (b % 30) * 60_000).toISOString();
        const batch = Array.from({ length: 100 }, (_, i) => ({
          id: `${run}-${c}-${b}-${i}`,
          type: i % 4 === 0 ? 'email.delivered' : 'email.sent',
          occurredAt: at,
          messageId: `${run}-m-${c}-${b}-${i % 40}`,
          campaignId: `camp-${c}`,
          contact: { email: `p${i}@example.com` },
        }));
        // Like an ESP's webhook delivery: the same batch again until it is acknowledged.
        for (;;) {
          try {
            const res = await fetch(`${t.baseUrl}/v1/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.ingestKey}` },
              body: JSON.stringify(batch),
            });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            await res.arrayBuffer();
            if (res.status === 202) {
              for (const e of batch) acked.add(e.id);
              break;
            }
            if (res.status === 503 && !res.headers.get('retry-after')) unavailableWithoutRetryAfter++;
          } catch {
            networkErrors++;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    };

    const clients = [0, 1, 2].map(client);
    await new Promise((r) => setTimeout(r, 1_500));
    const ackedBeforeCrash = acked.size;
    await pg.stop('immediate');
    await new Promise((r) => setTimeout(r, 3_000));
    const ackedWhileDown = acked.size;
    await pg.start();
    await new Promise((r) => setTimeout(r, 3_000));
    stop = true;
    await Promise.all(clients);

    process.stdout.write(
      `postgres restart: ${acked.size} events acknowledged (${ackedBeforeCrash} before the crash), responses ${JSON.stringify(Object.fromEntries(statuses))}, ${networkErrors} network errors\n`,
    );
    expect(ackedBeforeCrash).toBeGreaterThan(0);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(unavailableWithoutRetryAfter).toBe(0);
    expect([...statuses.keys()].filter((s) => s !== 202 && s !== 503)).toEqual([]);
    expect(networkErrors).toBe(0);
    // It recovered on its own: more was acknowledged after the database came back.
    expect(acked.size).toBeGreaterThan(ackedWhileDown);

    const ids = [...acked];
    const { rows } = await pool.query<{ stored: number; distinct_ids: number }>(
      'SELECT count(*)::int AS stored, count(DISTINCT id)::int AS distinct_ids FROM events WHERE workspace_id = $1 AND id = ANY($2::text[])',
      [ws.workspaceId, ids],
    );
    expect(rows[0]).toEqual({ stored: ids.length, distinct_ids: ids.length });
    const { rows: totals } = await pool.query<{ raw: number; rolled: number }>(
      `SELECT (SELECT count(*)::int FROM events WHERE workspace_id = $1) AS raw,
              (SELECT coalesce(sum(count), 0)::int FROM rollups_minute WHERE workspace_id = $1) AS rolled`,
      [ws.workspaceId],
    );
    expect(totals[0]!.rolled).toBe(totals[0]!.raw);
  }, 90_000);
});
