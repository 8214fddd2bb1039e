import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { DnsStatusRow, SmtpStatusRow } from './probe-status';

interface DnsRow {
  domain: string;
  record: DnsStatusRow['record'];
  selector: string;
  status: DnsStatusRow['status'];
  value: string | null;
  detail: string | null;
  facts: Record<string, unknown>;
  checked_at: Date;
  value_changed_at: Date;
  status_changed_at: Date;
}
interface SmtpRow {
  host: string;
  port: number;
  ok: boolean;
  latency_ms: number | null;
  error: string | null;
  facts: Record<string, unknown>;
  checked_at: Date;
  status_changed_at: Date;
}

/** The current status of every check (one row each, upserted by each run); the history is the infra events. */
@Injectable()
export class ProbeStatusRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async dnsStatuses(workspaceId: string): Promise<DnsStatusRow[]> {
    const { rows } = await this.pool.query<DnsRow>(
      `SELECT domain, record, selector, status, value, detail, facts, checked_at, value_changed_at, status_changed_at
       FROM dns_check_statuses WHERE workspace_id = $1
       ORDER BY domain, array_position(ARRAY['spf', 'dkim', 'dmarc', 'mx'], record), selector`,
      [workspaceId],
    );
    return rows.map((r) => ({
      domain: r.domain,
      record: r.record,
      selector: r.selector,
      status: r.status,
      value: r.value,
      detail: r.detail ?? '',
      facts: r.facts,
      checkedAt: r.checked_at,
      valueChangedAt: r.value_changed_at,
      statusChangedAt: r.status_changed_at,
    }));
  }

  async smtpStatuses(workspaceId: string): Promise<SmtpStatusRow[]> {
    const { rows } = await this.pool.query<SmtpRow>(
      `SELECT host, port, ok, latency_ms, error, facts, checked_at, status_changed_at
       FROM smtp_probe_statuses WHERE workspace_id = $1 ORDER BY host, port`,
      [workspaceId],
    );
    return rows.map((r) => ({
      host: r.host,
      port: r.port,
      ok: r.ok,
      latencyMs: r.latency_ms ?? 0,
      error: r.error,
      facts: r.facts,
      checkedAt: r.checked_at,
      statusChangedAt: r.status_changed_at,
    }));
  }

  /** Upserts the statuses; rows of a domain deleted while the probes ran are skipped (the join finds no domain). */
  async saveDnsStatuses(workspaceId: string, statuses: DnsStatusRow[]): Promise<void> {
    if (!statuses.length) return;
    await this.pool.query(
      `INSERT INTO dns_check_statuses (workspace_id, domain, record, selector, status, value, detail, facts, checked_at, value_changed_at, status_changed_at)
       SELECT $1, r.domain, r.record, r.selector, r.status, r.value, r.detail, r.facts, r."checkedAt", r."valueChangedAt", r."statusChangedAt"
       FROM jsonb_to_recordset($2::jsonb) AS r (domain text, record text, selector text, status text, value text, detail text, facts jsonb,
                                                "checkedAt" timestamptz, "valueChangedAt" timestamptz, "statusChangedAt" timestamptz)
       JOIN sending_domains d ON d.workspace_id = $1 AND d.domain = r.domain
       ON CONFLICT (workspace_id, domain, record, selector) DO UPDATE SET
         status = EXCLUDED.status, value = EXCLUDED.value, detail = EXCLUDED.detail, facts = EXCLUDED.facts, checked_at = EXCLUDED.checked_at,
         value_changed_at = EXCLUDED.value_changed_at, status_changed_at = EXCLUDED.status_changed_at`,
      [workspaceId, JSON.stringify(statuses)],
    );
  }

  async saveSmtpStatuses(workspaceId: string, statuses: SmtpStatusRow[]): Promise<void> {
    if (!statuses.length) return;
    await this.pool.query(
      `INSERT INTO smtp_probe_statuses (workspace_id, host, port, ok, latency_ms, error, facts, checked_at, status_changed_at)
       SELECT $1, r.host, r.port, r.ok, round(r."latencyMs"), r.error, r.facts, r."checkedAt", r."statusChangedAt"
       FROM jsonb_to_recordset($2::jsonb) AS r (host text, port integer, ok boolean, "latencyMs" numeric, error text, facts jsonb,
                                                "checkedAt" timestamptz, "statusChangedAt" timestamptz)
       JOIN smtp_hosts h ON h.workspace_id = $1 AND h.host = r.host AND h.port = r.port
       ON CONFLICT (workspace_id, host, port) DO UPDATE SET
         ok = EXCLUDED.ok, latency_ms = EXCLUDED.latency_ms, error = EXCLUDED.error, facts = EXCLUDED.facts,
         checked_at = EXCLUDED.checked_at, status_changed_at = EXCLUDED.status_changed_at`,
      [workspaceId, JSON.stringify(statuses)],
    );
  }
}
