import { Pool } from 'pg';
import { connectLive } from '../../test/support/live-client';
import { startLoopbackHttp, type LoopbackHttp } from '../../test/support/loopback-http';
import { startTestApp, type TestApp } from '../../test/support/test-app';
import { testDatabaseUrl } from '../../test/support/test-database';
import { AlertDelivery } from './alert-delivery.service';
import { AlertEvaluator } from './alert-evaluator.service';
import { AlertsService } from './alerts.service';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Anomaly and infrastructure rules against the records they read: anomaly rows as the detector writes them, and
 * the probes' current-status rows (an SMTP host failing, a DKIM record broken, DMARC missing).
 */
describe('alerts: anomaly and infrastructure rules', () => {
  let t: TestApp;
  let pool: Pool;
  let ws: string;
  let readKey: string;
  let hook: LoopbackHttp;
  const base = new Date(Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR);

  beforeAll(async () => {
    hook = await startLoopbackHttp();
    t = await startTestApp();
    pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
    const created = await t.newWorkspace();
    ws = created.workspaceId;
    readKey = created.readKey;
    const alerts = t.app.get(AlertsService);
    await alerts.createChannel(ws, { kind: 'webhook', name: 'hook', url: hook.url, secret: 'whsec-0123456789abcdef' });
    await alerts.createRule(ws, { kind: 'anomaly', name: 'Anomalies', enabled: true, cooldownMinutes: 10, definition: { minimumSeverity: 'warning', windowMinutes: 60 } });

    await pool.query(`INSERT INTO sending_domains (workspace_id, domain) VALUES ($1, 'news.example.test')`, [ws]);
    await pool.query(`INSERT INTO smtp_hosts (workspace_id, host, port, domain) VALUES ($1, 'mx.example.test', 25, 'news.example.test')`, [ws]);
  }, 60_000);

  afterAll(async () => {
    await pool?.end();
    await t?.close();
    await hook?.close();
  });

  const incidents = async () =>
    (await pool.query(`SELECT i.subject, i.status, i.severity, r.builtin, r.kind FROM alert_incidents i JOIN alert_rules r ON r.id = i.rule_id WHERE i.workspace_id = $1 ORDER BY r.kind, i.subject`, [ws])).rows;

  it('fires on the anomalies of the last hour, one incident per metric and domain, and resolves after them', async () => {
    const evaluator = t.app.get(AlertEvaluator);
    // Two anomalous hours of the bounce rate at yahoo.com (the second critical), one of the open rate.
    await pool.query(
      `INSERT INTO anomalies (workspace_id, metric, recipient_domain, bucket, bucket_seconds, observed, expected, lower_bound, upper_bound, severity, score, model_version)
       VALUES ($1, 'bounce_rate', 'yahoo.com', $2, 3600, 0.21, 0.02, 0.0, 0.05, 'warning', 4.1, 'test'),
              ($1, 'bounce_rate', 'yahoo.com', $3, 3600, 0.35, 0.02, 0.0, 0.05, 'critical', 7.9, 'test'),
              ($1, 'open_rate', '', $2, 3600, 0.04, 0.3, 0.2, 0.4, 'warning', 3.5, 'test')`,
      [ws, base, new Date(base.getTime() + HOUR)],
    );
    for (let at = base.getTime() + HOUR; at <= base.getTime() + 4 * HOUR; at += MINUTE) await evaluator.evaluateAt(new Date(at), ws);
    const rows = (await incidents()).filter((r) => r.kind === 'anomaly');
    expect(rows).toEqual([
      { subject: 'bounce_rate@yahoo.com', status: 'resolved', severity: 'critical', builtin: null, kind: 'anomaly' },
      { subject: 'open_rate', status: 'resolved', severity: 'warning', builtin: null, kind: 'anomaly' },
    ]);
    const { rows: times } = await pool.query(
      `SELECT i.subject, i.opened_at, i.resolved_at FROM alert_incidents i JOIN alert_rules r ON r.id = i.rule_id WHERE i.workspace_id = $1 AND r.kind = 'anomaly' ORDER BY 1`,
      [ws],
    );
    // Fires when the anomalous hour has closed; clear once the last anomalous hour is older than the window,
    // resolved after the 10-minute cooldown.
    expect(times.map((r) => [r.subject, r.opened_at.getTime() - base.getTime(), r.resolved_at.getTime() - base.getTime()])).toEqual([
      ['bounce_rate@yahoo.com', HOUR, 3 * HOUR + 10 * MINUTE],
      ['open_rate', HOUR, 2 * HOUR + 10 * MINUTE],
    ]);
    await t.app.get(AlertDelivery).deliverDue();
    const events = hook.requests.map((r) => JSON.parse(r.body)).map((b) => `${b.event}:${b.incident.subject}`);
    expect(events.sort()).toEqual([
      'escalated:bounce_rate@yahoo.com',
      'firing:bounce_rate@yahoo.com',
      'firing:open_rate',
      'resolved:bounce_rate@yahoo.com',
      'resolved:open_rate',
    ]);
  });

  it('fires on a failing SMTP probe and broken or missing DNS authentication records, and resolves when they recover', async () => {
    const evaluator = t.app.get(AlertEvaluator);
    const at = new Date(base.getTime() + 10 * HOUR);
    await pool.query(
      `INSERT INTO smtp_probe_statuses (workspace_id, host, port, ok, error, checked_at, status_changed_at)
       VALUES ($1, 'mx.example.test', 25, false, 'connect ECONNREFUSED', $2, $2)`,
      [ws, at],
    );
    await pool.query(
      `INSERT INTO dns_check_statuses (workspace_id, domain, record, selector, status, detail, checked_at, value_changed_at, status_changed_at)
       VALUES ($1, 'news.example.test', 'dkim', 's1', 'broken', 'p= is empty (key revoked)', $2, $2, $2),
              ($1, 'news.example.test', 'dmarc', '', 'missing', 'no _dmarc TXT record', $2, $2, $2),
              ($1, 'news.example.test', 'mx', '', 'missing', 'no MX', $2, $2, $2),
              ($1, 'news.example.test', 'spf', '', 'ok', NULL, $2, $2, $2)`,
      [ws, at],
    );
    const live = await connectLive(t.baseUrl, { token: readKey });
    expect(await live.subscribe()).toMatchObject({ ok: true });
    await evaluator.evaluateAt(at, ws);
    const firing = (await incidents()).filter((r) => r.kind === 'infrastructure');
    // The portal's live stream hears of each new alert.
    const deadline = Date.now() + 5000;
    while (live.notices.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(live.notices.map((n) => [n.kind, n.severity, n.title]).sort()).toEqual([
      ['alert', 'critical', 'Alert: DNS authentication record missing or broken (news.example.test/dkim:s1)'],
      ['alert', 'critical', 'Alert: SMTP probe failing (mx.example.test:25)'],
      ['alert', 'warning', 'Alert: DNS authentication record missing or broken (news.example.test/dmarc)'],
    ]);
    live.close();
    expect(firing).toEqual([
      { subject: 'mx.example.test:25', status: 'firing', severity: 'critical', builtin: 'smtp-probe', kind: 'infrastructure' },
      { subject: 'news.example.test/dkim:s1', status: 'firing', severity: 'critical', builtin: 'dns-auth', kind: 'infrastructure' },
      { subject: 'news.example.test/dmarc', status: 'firing', severity: 'warning', builtin: 'dns-auth', kind: 'infrastructure' },
    ]);
    const { rows: summaries } = await pool.query(`SELECT summary FROM alert_incidents WHERE workspace_id = $1 AND subject LIKE '%dkim%'`, [ws]);
    expect(summaries[0].summary).toContain('DKIM (selector s1) record of news.example.test is broken since');

    // The probe recovers and DKIM is fixed; DMARC stays missing.
    await pool.query(`UPDATE smtp_probe_statuses SET ok = true WHERE workspace_id = $1`, [ws]);
    await pool.query(`UPDATE dns_check_statuses SET status = 'ok' WHERE workspace_id = $1 AND record = 'dkim'`, [ws]);
    for (let m = 1; m <= 16; m++) await evaluator.evaluateAt(new Date(at.getTime() + m * MINUTE), ws);
    expect((await incidents()).filter((r) => r.kind === 'infrastructure').map((r) => `${r.subject}:${r.status}`)).toEqual([
      'mx.example.test:25:resolved',
      'news.example.test/dkim:s1:resolved',
      'news.example.test/dmarc:firing',
    ]);
  });
});
