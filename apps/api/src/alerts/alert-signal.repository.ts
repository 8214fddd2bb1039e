import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { ThresholdDefinition } from './dto/alert-rule.dto';
import type { WindowCounts } from './threshold-measure';

export interface SmtpFailure {
  host: string;
  port: number;
  error: string | null;
  checkedAt: Date;
  since: Date;
}

export interface DnsProblem {
  domain: string;
  record: string;
  selector: string;
  status: 'missing' | 'broken';
  detail: string | null;
  checkedAt: Date;
  since: Date;
}

export interface AnomalySignal {
  metric: string;
  recipientDomain: string;
  bucket: Date;
  observed: number;
  expected: number;
  lowerBound: number;
  upperBound: number;
  severity: 'warning' | 'critical';
}

/** What alert rules are evaluated against: minute rollups, bounce events, probe statuses and anomaly records. */
@Injectable()
export class AlertSignalRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Message counts of a workspace in [from, to): sends, deliveries, complaints and unsubscribes from the minute
   * rollups; bounces by class from the bounce events (the rollups do not keep the class).
   */
  async windowCounts(workspaceId: string, filter: ThresholdDefinition['filter'], from: Date, to: Date): Promise<WindowCounts> {
    const params: unknown[] = [workspaceId, from, to];
    const rollupWhere: string[] = [];
    const eventWhere: string[] = [];
    if (filter.campaignId !== undefined) {
      const p = `$${params.push(filter.campaignId)}`;
      rollupWhere.push(`campaign_id = ${p}`);
      eventWhere.push(`campaign_id = ${p}`);
    }
    if (filter.recipientDomain !== undefined) {
      const p = `$${params.push(filter.recipientDomain)}`;
      rollupWhere.push(`recipient_domain = ${p}`);
      eventWhere.push(`recipient_domain = ${p}`);
    }
    if (filter.variant !== undefined) {
      const p = `$${params.push(filter.variant)}`;
      rollupWhere.push(`variant = ${p}`);
      eventWhere.push(`variant = ${p}`);
    }
    const and = (w: string[]) => w.map((c) => ` AND ${c}`).join('');
    const { rows } = await this.pool.query<{ sent: number; delivered: number; complaints: number; unsubscribes: number; hard: number; soft: number; block: number }>(
      `WITH r AS (
         SELECT coalesce(sum(count) FILTER (WHERE type = 'email.sent'), 0) AS sent,
                coalesce(sum(count) FILTER (WHERE type = 'email.delivered'), 0) AS delivered,
                coalesce(sum(count) FILTER (WHERE type = 'email.complained'), 0) AS complaints,
                coalesce(sum(count) FILTER (WHERE type = 'email.unsubscribed'), 0) AS unsubscribes
         FROM rollups_minute
         WHERE workspace_id = $1 AND bucket >= $2 AND bucket < $3
           AND type IN ('email.sent', 'email.delivered', 'email.complained', 'email.unsubscribed')${and(rollupWhere)}
       ), b AS (
         SELECT count(*) FILTER (WHERE properties->>'bounceClass' = 'hard') AS hard,
                count(*) FILTER (WHERE properties->>'bounceClass' = 'soft') AS soft,
                count(*) FILTER (WHERE coalesce(properties->>'bounceClass', 'block') NOT IN ('hard', 'soft')) AS block
         FROM events
         WHERE workspace_id = $1 AND type = 'email.bounced' AND occurred_at >= $2 AND occurred_at < $3${and(eventWhere)}
       )
       SELECT r.*, b.* FROM r, b`,
      params,
    );
    const row = rows[0]!;
    return {
      sent: Number(row.sent),
      delivered: Number(row.delivered),
      complaints: Number(row.complaints),
      unsubscribes: Number(row.unsubscribes),
      bounces: { hard: Number(row.hard), soft: Number(row.soft), block: Number(row.block) },
    };
  }

  async smtpFailures(workspaceId: string): Promise<SmtpFailure[]> {
    const { rows } = await this.pool.query<SmtpFailure>(
      `SELECT host, port, error, checked_at AS "checkedAt", status_changed_at AS since
       FROM smtp_probe_statuses WHERE workspace_id = $1 AND NOT ok ORDER BY host, port`,
      [workspaceId],
    );
    return rows;
  }

  /** SPF, DKIM and DMARC records that are missing or broken (MX is not an authentication record). */
  async dnsProblems(workspaceId: string): Promise<DnsProblem[]> {
    const { rows } = await this.pool.query<DnsProblem>(
      `SELECT domain, record, selector, status, detail, checked_at AS "checkedAt", status_changed_at AS since
       FROM dns_check_statuses
       WHERE workspace_id = $1 AND record IN ('spf', 'dkim', 'dmarc') AND status IN ('missing', 'broken')
       ORDER BY domain, record, selector`,
      [workspaceId],
    );
    return rows;
  }

  /** Anomalies of buckets that ended in (from, to], optionally of one metric (the detector scores closed hours). */
  async anomalies(workspaceId: string, from: Date, to: Date, metric?: string): Promise<AnomalySignal[]> {
    const { rows } = await this.pool.query<AnomalySignal>(
      `SELECT metric, recipient_domain AS "recipientDomain", bucket, observed, expected, lower_bound AS "lowerBound",
              upper_bound AS "upperBound", severity
       FROM anomalies
       WHERE workspace_id = $1 AND bucket + make_interval(secs => bucket_seconds) > $2 AND bucket + make_interval(secs => bucket_seconds) <= $3
         AND ($4::text IS NULL OR metric = $4)
       ORDER BY bucket`,
      [workspaceId, from, to, metric ?? null],
    );
    return rows;
  }
}
