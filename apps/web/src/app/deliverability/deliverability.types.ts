/** `GET /v1/sending-domains` and `GET /v1/smtp-hosts` (docs/probes.md). */
export type DnsStatus = 'ok' | 'missing' | 'broken' | 'changed' | 'error' | 'pending';

export interface DnsCheck {
  record: string;
  selector: string;
  status: DnsStatus;
  value: string | null;
  detail: string;
  checkedAt: string;
}

export interface SmtpHostView {
  host: string;
  port: number;
  expectStarttls: boolean;
  domain: string | null;
  status: { ok: boolean; latencyMs: number; error: string | null; checkedAt: string } | null;
}

export interface SendingDomainView {
  domain: string;
  dkimSelectors: string[];
  status: DnsStatus;
  checks: DnsCheck[];
  smtpHosts: SmtpHostView[];
}

/** `ok` green, `warn` amber, everything else that is not ok red; `pending`/`insufficient-volume` grey. */
export function statusTone(status: string): 'ok' | 'warn' | 'bad' | '' {
  if (status === 'ok') return 'ok';
  if (status === 'warn' || status === 'changed') return 'warn';
  if (status === 'pending' || status === 'insufficient-volume') return '';
  return 'bad';
}

export interface VpsReport {
  host: string;
  cpuPercent: number | null;
  memoryPercent: number | null;
  diskPercent: number | null;
  at: string;
}

/** A threshold status in words. */
export function statusWords(status: string): string {
  switch (status) {
    case 'ok':
      return 'within limits';
    case 'warn':
      return 'warning';
    case 'critical':
      return 'over the limit';
    case 'insufficient-volume':
      return 'too few messages to judge';
    default:
      return status;
  }
}

/** The latest infra.vps report per host, from explorer events (newest first). */
export function latestVpsReports(events: ReadonlyArray<{ occurredAt: string; properties: Record<string, unknown> }>): VpsReport[] {
  const byHost = new Map<string, VpsReport>();
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  for (const e of events) {
    const host = typeof e.properties['host'] === 'string' ? e.properties['host'] : 'unknown';
    const seen = byHost.get(host);
    if (seen && seen.at >= e.occurredAt) continue;
    byHost.set(host, { host, cpuPercent: num(e.properties['cpuPercent']), memoryPercent: num(e.properties['memoryPercent']), diskPercent: num(e.properties['diskPercent']), at: e.occurredAt });
  }
  return [...byHost.values()].sort((a, b) => a.host.localeCompare(b.host));
}
