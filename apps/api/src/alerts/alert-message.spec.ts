import { createHmac } from 'node:crypto';
import { renderNotice, type AlertNotice } from './alert-message';
import { signWebhookBody } from './channels/webhook-signature';

const observation = {
  subject: '',
  breached: true,
  severity: 'critical' as const,
  value: 0.004,
  threshold: 0.003,
  volume: 1200,
  windowStart: '2026-11-22T09:00:00.000Z',
  windowEnd: '2026-11-22T10:00:00.000Z',
  summary: 'Complaint rate 0.4 % ≥ 0.3 % over the last 60 min (1200 sent, 1000 delivered, 0 hard bounces, 4 complaints)',
};
const notice: AlertNotice = {
  event: 'firing',
  incidentId: 'inc-1',
  workspaceId: 'ws-1',
  workspaceName: 'Acme',
  ruleName: 'Complaint rate',
  ruleKind: 'threshold',
  subject: '',
  severity: 'critical',
  openedAt: new Date('2026-11-22T10:00:00Z'),
  resolvedAt: null,
  opening: observation,
  latest: observation,
  portalUrl: 'https://mailpulse.example.com',
};

describe('renderNotice', () => {
  it('a firing notice says what, the numbers, the window and links into the portal', () => {
    const r = renderNotice(notice);
    expect(r.subject).toBe('[Mailpulse FIRING] Critical: Complaint rate — Acme');
    expect(r.text).toContain('Complaint rate 0.4 % ≥ 0.3 % over the last 60 min (1200 sent');
    expect(r.text).toContain('Window: 2026-11-22 09:00 – 2026-11-22 10:00 UTC.');
    expect(r.link).toBe('https://mailpulse.example.com/anomalies?workspace=ws-1&incident=inc-1');
    expect(r.text).toContain(r.link);
    expect(JSON.stringify(r.slack)).toContain(r.link);
    expect(r.webhook).toMatchObject({ event: 'firing', incident: { id: 'inc-1', severity: 'critical', latest: { value: 0.004 } }, link: r.link });
  });

  it('a resolution says how long it lasted', () => {
    const r = renderNotice({ ...notice, event: 'resolved', resolvedAt: new Date('2026-11-22T11:25:00Z'), latest: { ...observation, breached: false, summary: 'Complaint rate 0.05 %' } });
    expect(r.subject).toMatch(/^\[Mailpulse RESOLVED\]/);
    expect(r.text).toContain('lasted 1 h 25 min');
    expect(r.text).toContain('Now: Complaint rate 0.05 %.');
  });
});

describe('signWebhookBody', () => {
  it('is t=<seconds>,v1=<HMAC-SHA256 of "t.body">', () => {
    const at = new Date('2026-11-22T10:00:00Z');
    const header = signWebhookBody('s3cret-s3cret-s3cret', '{"a":1}', at);
    const t = at.getTime() / 1000;
    expect(header).toBe(`t=${t},v1=${createHmac('sha256', 's3cret-s3cret-s3cret').update(`${t}.{"a":1}`).digest('hex')}`);
  });
});
