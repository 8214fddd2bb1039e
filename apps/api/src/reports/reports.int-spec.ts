import type { IngestEvent } from '@mailpulse/contracts';
import { simulate } from '@mailpulse/simulator';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { call, newUser, signIn } from '../../test/support/auth-requests';
import { startLoopbackSmtp, type LoopbackSmtp } from '../../test/support/loopback-smtp';
import { postEvents, startTestApp, type TestApp, uniqueId } from '../../test/support/test-app';
import { testDatabaseUrl } from '../../test/support/test-database';
import { JobRunner } from '../jobs/job.runner';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The rendered pages are kept here to be looked at (`pdftoppm` output, one PNG per page). */
const PAGES_DIR = join(tmpdir(), 'mailpulse-report-pages');

/** Text of a PDF (poppler's pdftotext, layout kept) and its pages as PNG files (pdftoppm). */
function inspectPdf(pdf: Buffer, name: string): { text: string; pages: string[] } {
  mkdirSync(PAGES_DIR, { recursive: true });
  const file = join(PAGES_DIR, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  for (const f of readdirSync(PAGES_DIR)) if (f.startsWith(`${name}-`) && f.endsWith('.png')) rmSync(join(PAGES_DIR, f));
  execFileSync('pdftoppm', ['-png', '-r', '70', file, join(PAGES_DIR, name)]);
  const pages = readdirSync(PAGES_DIR).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'));
  return { text, pages };
}

const fmt = (n: number) => n.toLocaleString('en-US');

describe('PDF reports', () => {
  let t: TestApp;
  let smtp: LoopbackSmtp;
  let pool: Pool;
  let ws: string;
  let wsName: string;
  let readKey: string;
  let adminToken: string;
  let from: Date;
  let to: Date;

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    t = await startTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Mailpulse Reports <reports@example.test>' });
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    wsName = `Acme Newsletters ${uniqueId()}`;
    const created = await t.newWorkspace(wsName);
    ws = created.workspaceId;
    readKey = created.readKey;
    adminToken = await signIn(t, await newUser(t, { workspaceId: ws, role: 'admin' }));
    to = new Date(Math.floor(Date.now() / DAY) * DAY);
    from = new Date(to.getTime() - 7 * DAY);
    const events: IngestEvent[] = [];
    const run = simulate({
      seed: 8,
      days: 7,
      end: to,
      contacts: 2000,
      campaignsPerWeek: 6,
      idPrefix: uniqueId('rp-'),
      anomalies: [{ kind: 'complaint-surge', start: new Date(to.getTime() - 3 * DAY + 9 * HOUR), end: new Date(to.getTime() - 3 * DAY + 15 * HOUR) }],
    });
    for (const { event } of run) events.push(event);
    for (let i = 0; i < events.length; i += 5000) {
      const res = await postEvents(t.baseUrl, created.ingestKey, events.slice(i, i + 5000));
      expect(res.status).toBeLessThan(300);
    }
    // An anomaly record as the detector writes it.
    await pool.query(
      `INSERT INTO anomalies (workspace_id, metric, recipient_domain, bucket, bucket_seconds, observed, expected, lower_bound, upper_bound, severity, score, model_version)
       VALUES ($1, 'complaint_rate', '', $2, 3600, 0.0123, 0.0004, 0, 0.0015, 'critical', 9.2, 'test')`,
      [ws, new Date(to.getTime() - 3 * DAY + 11 * HOUR)],
    );
  }, 300_000);

  afterAll(async () => {
    await pool?.end();
    await t?.close();
    await smtp?.close();
  });

  const getPdf = async (path: string) => {
    const res = await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${readKey}` } });
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
  };

  it('renders the workspace summary with KPI tables, charts, campaigns and anomalies', async () => {
    const res = await getPdf(`/v1/reports/summary.pdf?from=${from.toISOString()}&to=${to.toISOString()}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(res.disposition).toContain('mailpulse-summary-');
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = inspectPdf(res.body, 'summary');
    expect(pages.length).toBeGreaterThanOrEqual(2);

    const { rows } = await pool.query(
      `SELECT count(*) FILTER (WHERE type = 'email.sent')::int AS sent, count(*) FILTER (WHERE type = 'email.complained')::int AS complaints,
              count(*) FILTER (WHERE type = 'email.bounced' AND properties->>'bounceClass' = 'hard')::int AS hard
       FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3`,
      [ws, from, to],
    );
    expect(text).toContain('Workspace summary');
    expect(text).toContain(wsName);
    expect(text).toMatch(new RegExp(`Sent\\s[\\s\\S]*?${fmt(rows[0].sent)}`));
    expect(text).toContain(fmt(rows[0].sent));
    expect(text).toContain(fmt(rows[0].complaints));
    expect(text).toContain(fmt(rows[0].hard));
    // Chart titles and legends come from the SVG drawn into the PDF.
    expect(text).toContain('Messages and engagement');
    expect(text).toContain('Complaint and bounce rates');
    // Campaigns table: each campaign started in the period, with its sent count.
    const { rows: campaigns } = await pool.query(
      `SELECT campaign_id, count(*)::int AS sent FROM events WHERE workspace_id = $1 AND type = 'email.sent' GROUP BY 1 HAVING min(occurred_at) >= $2 ORDER BY 2 DESC LIMIT 3`,
      [ws, from],
    );
    expect(campaigns.length).toBeGreaterThan(0);
    for (const c of campaigns) expect(text).toContain(fmt(c.sent));
    expect(text).toMatch(/Anomalies \(1\)/);
    expect(text).toContain('complaint_rate');
    expect(text).toContain('1.23 %');
  });

  it('renders one campaign with its funnel, hourly chart and breakdowns', async () => {
    const { rows } = await pool.query(
      `SELECT campaign_id, count(*)::int AS sent FROM events WHERE workspace_id = $1 AND type = 'email.sent' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      [ws],
    );
    const id = rows[0].campaign_id as string;
    const res = await getPdf(`/v1/reports/campaigns/${encodeURIComponent(id)}.pdf`);
    expect(res.status).toBe(200);
    const { text, pages } = inspectPdf(res.body, 'campaign');
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(text).toContain(`id ${id}`);
    expect(text).toContain(fmt(rows[0].sent));
    expect(text).toContain('Funnel');
    expect(text).toContain('Recipient domains (top 10 by sent)');
    expect(text).toContain('gmail.com');
  });

  it('answers 404 for a campaign of no one and 400 naming the field for a bad range', async () => {
    expect((await getPdf('/v1/reports/campaigns/no-such-campaign.pdf')).status).toBe(404);
    const res = await call(t.baseUrl, 'GET', `/v1/reports/summary.pdf?from=${to.toISOString()}&to=${from.toISOString()}`, { token: readKey });
    expect([res.status, res.body['error']['field']]).toEqual([400, 'from']);
    const long = await call(t.baseUrl, 'GET', '/v1/reports/summary.pdf?from=2025-01-01&to=2025-12-31', { token: readKey });
    expect([long.status, long.body['error']['field']]).toEqual([400, 'from']);
  });

  it('emails a scheduled report as a PDF attachment and records the run', async () => {
    for (const [body, field] of [
      [{ name: 'Weekly', cron: '0 8 * * 1', timeZone: 'Mars/Olympus', recipients: ['a@example.test'] }, 'timeZone'],
      [{ name: 'Weekly', cron: '0 25 * * 1', timeZone: 'Europe/Paris', recipients: ['a@example.test'] }, 'cron'],
      [{ name: 'Weekly', cron: '0 8 * * 1', recipients: [] }, 'recipients'],
    ] as const) {
      const bad = await call(t.baseUrl, 'POST', '/v1/reports/schedules', { token: adminToken, body });
      expect([bad.status, bad.body['error']['field']]).toEqual([400, field]);
    }
    expect((await call(t.baseUrl, 'POST', '/v1/reports/schedules', { token: readKey, body: {} })).status).toBe(403);

    const created = await call(t.baseUrl, 'POST', '/v1/reports/schedules', {
      token: adminToken,
      body: { name: 'Weekly digest', cron: '0 8 * * 1', timeZone: 'Europe/Paris', periodDays: 7, recipients: ['boss@example.test', 'team@example.test'] },
    });
    expect(created.status).toBe(201);
    const job = created.body['job'] as string;
    const listed = await call(t.baseUrl, 'GET', '/v1/reports', { token: readKey });
    expect(listed.body['schedules'].map((s: Record<string, unknown>) => s['name'])).toEqual(['Weekly digest']);

    const slot = to;
    const outcome = await t.app.get(JobRunner).runSlot(job, slot, { force: true });
    expect(outcome).toMatchObject({ outcome: 'succeeded', rows: 2 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.subject).toBe('Mailpulse report: Weekly digest');
    expect((mail!.to as { value: Array<{ address: string }> }).value.map((v) => v.address)).toEqual(['boss@example.test', 'team@example.test']);
    expect(mail!.from!.text).toContain('reports@example.test');
    const { rows } = await pool.query(`SELECT count(*)::int AS sent FROM events WHERE workspace_id = $1 AND type = 'email.sent' AND occurred_at >= $2 AND occurred_at < $3`, [ws, from, to]);
    expect(mail!.text).toContain(`${fmt(rows[0].sent)} sent`);
    expect(mail!.attachments).toHaveLength(1);
    const pdf = mail!.attachments[0]!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.filename).toBe(`mailpulse-summary-${from.toISOString().slice(0, 10)}-${new Date(to.getTime() - 1).toISOString().slice(0, 10)}.pdf`);
    const { text } = inspectPdf(pdf.content, 'scheduled');
    expect(text).toContain('Workspace summary');
    expect(text).toContain(fmt(rows[0].sent));

    const runs = await call(t.baseUrl, 'GET', `/v1/jobs/runs?job=${encodeURIComponent(job)}`, { token: readKey });
    expect(runs.body['runs']).toEqual([expect.objectContaining({ job, outcome: 'succeeded', rows: 2, slot: slot.toISOString() })]);

    expect((await call(t.baseUrl, 'DELETE', `/v1/reports/schedules/${created.body['id']}`, { token: adminToken })).status).toBe(204);
    expect((await call(t.baseUrl, 'GET', '/v1/reports', { token: readKey })).body['schedules']).toEqual([]);
  });
});
