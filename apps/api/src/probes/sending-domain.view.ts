import type { DnsStatus, DnsStatusRow, SmtpStatusRow } from './probe-status';
import { worstDnsStatus } from './probe-status';
import type { SendingDomain, SmtpHost } from './sending-domain.repository';

/** One DNS check of a domain as the API shows it. */
export type DnsCheckView = Omit<DnsStatusRow, 'domain'>;

/** The last probe of an SMTP host as the API shows it. */
export type SmtpStatusView = Omit<SmtpStatusRow, 'host' | 'port'>;

/** What `GET /v1/smtp-hosts` and `GET /v1/sending-domains` show for a host: its settings and its last probe. */
export interface SmtpHostView extends SmtpHost {
  status: SmtpStatusView | null;
}

/** What `GET /v1/sending-domains` shows for a domain: its settings, the status of each check, its SMTP hosts. */
export interface SendingDomainView extends SendingDomain {
  /** The worst of its checks; `pending` before the first probe run. */
  status: DnsStatus | 'pending';
  checks: DnsCheckView[];
  smtpHosts: SmtpHostView[];
}

export function dnsCheckView(row: DnsStatusRow): DnsCheckView {
  return {
    record: row.record,
    selector: row.selector,
    status: row.status,
    value: row.value,
    detail: row.detail,
    facts: row.facts,
    checkedAt: row.checkedAt,
    valueChangedAt: row.valueChangedAt,
    statusChangedAt: row.statusChangedAt,
  };
}

function smtpStatusView(row: SmtpStatusRow): SmtpStatusView {
  return { ok: row.ok, latencyMs: row.latencyMs, error: row.error, facts: row.facts, checkedAt: row.checkedAt, statusChangedAt: row.statusChangedAt };
}

export function smtpHostViews(hosts: SmtpHost[], statuses: SmtpStatusRow[]): SmtpHostView[] {
  return hosts.map((h) => {
    const found = statuses.find((s) => s.host === h.host && s.port === h.port);
    return { ...h, status: found ? smtpStatusView(found) : null };
  });
}

export function sendingDomainViews(domains: SendingDomain[], dnsStatuses: DnsStatusRow[], hosts: SmtpHostView[]): SendingDomainView[] {
  return domains.map((d) => {
    const checks = dnsStatuses.filter((s) => s.domain === d.domain).map(dnsCheckView);
    return { ...d, status: worstDnsStatus(checks.map((c) => c.status)), checks, smtpHosts: hosts.filter((h) => h.domain === d.domain) };
  });
}
