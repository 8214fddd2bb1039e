import type { IngestEvent } from '@mailpulse/contracts';
import { simulate } from '@mailpulse/simulator';
import { Pool } from 'pg';
import { call, newUser, signIn } from '../../test/support/auth-requests';
import { postEvents, startTestApp, type TestApp, uniqueId } from '../../test/support/test-app';
import { testDatabaseUrl } from '../../test/support/test-database';
import { EXPORT_FETCH_ROWS } from './export.repository';
import { PG_POOL } from '../database/database.module';

const HOUR = 3_600_000;

/** RFC 4180 records (quoted fields with "", commas and line breaks inside quotes), for reading the exports back. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i++;
    } else field += ch;
  }
  if (field !== '' || record.length) {
    endField();
    records.push(record);
  }
  return records;
}

describe('CSV exports', () => {
  let t: TestApp;
  let pool: Pool;
  let ws: string;
  let readKey: string;
  let from: string;
  let to: string;
  const tricky = uniqueId('tricky-');

  beforeAll(async () => {
    t = await startTestApp();
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    const created = await t.newWorkspace();
    ws = created.workspaceId;
    readKey = created.readKey;
    const end = new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR);
    from = new Date(end.getTime() - 3 * 24 * HOUR).toISOString();
    to = end.toISOString();
    const events: IngestEvent[] = [];
    for (const { event } of simulate({ seed: 21, days: 2, end: new Date(end.getTime() - HOUR), contacts: 2500, campaignsPerWeek: 14, idPrefix: uniqueId('ex-') })) events.push(event);
    // Values a naive CSV writer breaks: commas, quotes, line breaks, and a spreadsheet formula.
    const at = new Date(end.getTime() - 30 * 60_000).toISOString();
    events.push(
      { id: `${tricky}-1`, type: 'email.sent', occurredAt: at, messageId: `${tricky}-m`, campaignId: 'quote"comma,campaign', contact: { externalId: '=HYPERLINK("http://evil")' } } as IngestEvent,
      { id: `${tricky}-2`, type: 'email.bounced', occurredAt: at, messageId: `${tricky}-m`, campaignId: 'quote"comma,campaign', properties: { bounceClass: 'hard', smtpCode: 550, reason: 'line one\nline two, "quoted"' } } as IngestEvent,
    );
    for (let i = 0; i < events.length; i += 5000) {
      const res = await postEvents(t.baseUrl, created.ingestKey, events.slice(i, i + 5000));
      expect(res.status).toBeLessThan(300);
    }
  }, 300_000);

  afterAll(async () => {
    await pool?.end();
    // The aborted download's HTTP connection can still be open here, which would keep close() waiting for it.
    t?.app.getHttpServer().closeAllConnections();
    await t?.close();
  });

  const download = async (path: string, token = readKey) => {
    const res = await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  it('streams every event of the range, oldest first, with a header row and RFC 4180 quoting', async () => {
    const res = await download(`/v1/exports/events.csv?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="events-${from.slice(0, 10)}-${to.slice(0, 10)}.csv"`);
    const [header, ...rows] = parseCsv(res.text);
    expect(header).toEqual(['id', 'type', 'occurred_at', 'received_at', 'campaign_id', 'message_id', 'contact_email', 'contact_external_id', 'recipient_domain', 'variant', 'verdict', 'amount', 'client', 'os', 'device', 'properties']);
    const { rows: db } = await pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE type = 'email.opened')::int AS opens FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3`, [ws, from, to]);
    // More rows than one cursor batch, so the export really went through several FETCHes.
    expect(db[0].n).toBeGreaterThan(EXPORT_FETCH_ROWS * 3);
    expect(rows).toHaveLength(db[0].n);
    expect(rows.filter((r) => r[1] === 'email.opened')).toHaveLength(db[0].opens);
    const times = rows.map((r) => r[2]!);
    expect([...times].sort()).toEqual(times);

    const sent = rows.find((r) => r[0] === `${tricky}-1`)!;
    expect(sent[4]).toBe('quote"comma,campaign');
    // A formula is written with a leading quote so a spreadsheet shows it instead of running it.
    expect(sent[7]).toBe(`'=HYPERLINK("http://evil")`);
    const bounce = rows.find((r) => r[0] === `${tricky}-2`)!;
    expect(JSON.parse(bounce[15]!)).toMatchObject({ bounceClass: 'hard', smtpCode: 550, reason: 'line one\nline two, "quoted"' });
  });

  it('filters like the event explorer', async () => {
    const res = await download(`/v1/exports/events.csv?from=${from}&to=${to}&type=email.bounced,email.complained&campaignId=${encodeURIComponent('quote"comma,campaign')}`);
    const rows = parseCsv(res.text).slice(1);
    expect(rows.map((r) => r[0])).toEqual([`${tricky}-2`]);
  });

  it('exports bounces and complaints with their properties as columns', async () => {
    const bounces = parseCsv((await download(`/v1/exports/bounces.csv?from=${from}&to=${to}`)).text);
    expect(bounces[0]).toEqual(['occurred_at', 'event_id', 'message_id', 'campaign_id', 'variant', 'contact_email', 'contact_external_id', 'recipient_domain', 'bounce_class', 'smtp_code', 'reason']);
    const { rows: db } = await pool.query(
      `SELECT count(*)::int AS bounces, count(*) FILTER (WHERE properties->>'bounceClass' = 'hard')::int AS hard,
              (SELECT count(*)::int FROM events WHERE workspace_id = $1 AND type = 'email.complained' AND occurred_at >= $2 AND occurred_at < $3) AS complaints
       FROM events WHERE workspace_id = $1 AND type = 'email.bounced' AND occurred_at >= $2 AND occurred_at < $3`,
      [ws, from, to],
    );
    expect(bounces.length - 1).toBe(db[0].bounces);
    expect(bounces.filter((r) => r[8] === 'hard')).toHaveLength(db[0].hard);
    expect(bounces.find((r) => r[1] === `${tricky}-2`)!.slice(8)).toEqual(['hard', '550', 'line one\nline two, "quoted"']);
    const complaints = parseCsv((await download(`/v1/exports/complaints.csv?from=${from}&to=${to}`)).text);
    expect(complaints.length - 1).toBe(db[0].complaints);
    expect(db[0].complaints).toBeGreaterThan(0);
  });

  it('exports contact engagement that adds up to the message states', async () => {
    const rows = parseCsv((await download(`/v1/exports/contacts.csv?from=${from}&to=${to}`)).text);
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    const body = rows.slice(1);
    const { rows: db } = await pool.query(
      `SELECT count(DISTINCT coalesce(contact_email, contact_external_id))::int AS contacts, count(*)::int AS messages,
              count(first_human_open_at)::int AS opened_human, count(complained_at)::int AS complained
       FROM message_states WHERE workspace_id = $1 AND sent_at >= $2 AND sent_at < $3 AND coalesce(contact_email, contact_external_id) IS NOT NULL`,
      [ws, from, to],
    );
    const sum = (name: string) => body.reduce((s, r) => s + Number(r[col(name)]), 0);
    expect(body).toHaveLength(db[0].contacts);
    expect([sum('messages'), sum('opened_human'), sum('complained')]).toEqual([db[0].messages, db[0].opened_human, db[0].complained]);
  });

  it('exports campaign metrics with the rates of @mailpulse/metrics', async () => {
    const rows = parseCsv((await download('/v1/exports/campaigns.csv')).text);
    const header = rows[0]!;
    const api = (await call(t.baseUrl, 'GET', '/v1/campaigns?limit=100', { token: readKey })).body['items'] as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(rows.length - 1).toBe(api.length);
    for (const c of api) {
      const row = rows.find((r) => r[0] === c['id'])!;
      expect(Number(row[header.indexOf('sent')])).toBe(c['counts'].sent);
      expect(Number(row[header.indexOf('opened_human')])).toBe(c['counts'].opens.human.unique);
      const rate = c['rates'].complaint as number | null;
      expect(row[header.indexOf('complaint_rate')]).toBe(rate === null ? '' : String(rate));
    }
  });

  it('gives the file to signed-in viewers, and refuses bad filters naming the field', async () => {
    const viewer = await signIn(t, await newUser(t, { workspaceId: ws, role: 'viewer' }));
    expect((await download(`/v1/exports/bounces.csv?from=${from}&to=${to}`, viewer)).status).toBe(200);
    for (const [query, field] of [
      ['type=email.exploded', 'type'],
      ['from=yesterday', 'from'],
      [`from=${to}&to=${from}`, 'from'],
      ['colour=red', 'colour'],
    ]) {
      const res = await call(t.baseUrl, 'GET', `/v1/exports/events.csv?${query}`, { token: readKey });
      expect([res.status, res.body['error']['field']]).toEqual([400, field]);
    }
    expect((await call(t.baseUrl, 'GET', '/v1/exports/events.csv')).status).toBe(401);
  });

  it('closes the cursor when the client goes away mid-download', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.baseUrl}/v1/exports/events.csv?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${readKey}` }, signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => undefined);
    // The export's transaction ends (no session left idle in it with the cursor open).
    const deadline = Date.now() + 10_000;
    let open = -1;
    while (Date.now() < deadline) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND query LIKE 'FETCH % FROM export_rows'`);
      open = rows[0].n;
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(open).toBe(0);
    // …and its connection went back to the pool.
    const appPool = t.app.get<symbol, Pool>(PG_POOL);
    expect(appPool.totalCount - appPool.idleCount).toBe(0);
  });
});
