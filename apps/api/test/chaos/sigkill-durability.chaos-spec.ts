import type { ChildProcess } from 'node:child_process';
import { Pool } from 'pg';
import { testDatabaseUrl } from '../support/test-database';
import { createWorkspaceWithCli, freePort, killHard, startServer } from '../support/server-process';
import { uniqueId } from '../support/test-app';

/**
 * Clients send batches while the server is killed with SIGKILL and restarted. A client retries a batch until
 * it gets a 202 (as ESP webhooks do). Afterwards every acknowledged event is stored exactly once, and the
 * rollups count each stored event once.
 */
describe('chaos: SIGKILL the API under load', () => {
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
  let server: ChildProcess | undefined;
  // Each test starts its own server: the one it leaves running is stopped before the next begins.
  afterEach(async () => {
    if (server) await killHard(server);
    server = undefined;
  });
  afterAll(() => pool.end());

  it('stores every acknowledged event exactly once across kills and restarts', async () => {
    const port = await freePort();
    const ws = createWorkspaceWithCli(`durability-${uniqueId()}`);
    server = await startServer(port);
    const run = uniqueId('d');
    const acked = new Set<string>();
    let attemptsFailed = 0;
    let stop = false;

    const client = async (c: number) => {
      for (let b = 0; !stop; b++) {
        const at = new Date(Date.now() - (b % 50) * 60_000).toISOString();
        const batch = Array.from({ length: 250 }, (_, i) => ({
          id: `${run}-${c}-${b}-${i}`,
          type: i % 3 === 0 ? 'email.opened' : 'email.sent',
          occurredAt: at,
          messageId: `${run}-m-${c}-${b}-${i % 80}`,
          campaignId: `camp-${c}`,
          contact: { email: `p${i}@example.com` },
        }));
        for (;;) {
          try {
            const res = await fetch(`http://127.0.0.1:${port}/v1/events`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.ingestKey}` },
              body: JSON.stringify(batch),
            });
            if (res.status === 202) {
              for (const e of batch) acked.add(e.id);
              break;
            }
            attemptsFailed++;
          } catch {
            attemptsFailed++;
          }
          if (stop) return;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };

    const clients = [0, 1, 2, 3].map(client);
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 1_200));
      await killHard(server);
      await new Promise((r) => setTimeout(r, 200));
      server = await startServer(port);
    }
    await new Promise((r) => setTimeout(r, 800));
    stop = true;
    await Promise.all(clients);

    expect(acked.size).toBeGreaterThan(1_000);
    expect(attemptsFailed).toBeGreaterThan(0); // the kills did interrupt requests
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
  });
  it('stores every answered pixel load across kills and restarts (the next process stores the journal a killed one left)', async () => {
    const port = await freePort();
    const ws = createWorkspaceWithCli(`journal-${uniqueId()}`);
    server = await startServer(port);
    const run = uniqueId('j');
    const pixels: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/messages/prepare`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.ingestKey}` },
        body: JSON.stringify({ html: '<html><body><p>Hi</p></body></html>', messageId: `${run}-m${i}`, campaignId: 'journal', contact: { email: `j${i}@example.com` } }),
      });
      expect(res.status).toBe(200);
      const html = ((await res.json()) as { html: string }).html;
      pixels.push(new URL(/<img[^>]+src="([^"]+)"/.exec(html)![1]!).pathname);
    }
    let answered = 0;
    let sent = 0;
    let stop = false;
    const client = async (c: number) => {
      for (let i = c; !stop; i++) {
        sent++;
        try {
          const res = await fetch(`http://127.0.0.1:${port}${pixels[i % pixels.length]}`);
          await res.arrayBuffer();
          if (res.status === 200) answered++;
        } catch {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const clients = Array.from({ length: 16 }, (_, c) => client(c));
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 1_000));
      await killHard(server);
      await new Promise((r) => setTimeout(r, 200));
      server = await startServer(port);
    }
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await Promise.all(clients);

    expect(answered).toBeGreaterThan(500);
    const stored = async () =>
      (await pool.query<{ n: number; ids: number }>("SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM events WHERE workspace_id = $1 AND type = 'email.opened'", [ws.workspaceId])).rows[0]!;
    for (let i = 0; i < 300 && (await stored()).n < answered; i++) await new Promise((r) => setTimeout(r, 100));
    const { n, ids } = await stored();
    // Every answered load is stored, once; a load the kill cut off before its answer may be stored too.
    expect(n).toBeGreaterThanOrEqual(answered);
    expect(n).toBeLessThanOrEqual(sent);
    expect(ids).toBe(n);
    const { rows } = await pool.query<{ rolled: number }>(
      "SELECT coalesce(sum(count), 0)::int AS rolled FROM rollups_minute WHERE workspace_id = $1 AND type = 'email.opened'",
      [ws.workspaceId],
    );
    expect(rows[0]!.rolled).toBe(n);
  }, 120_000);
});
