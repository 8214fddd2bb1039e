import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

export interface ReportAnomaly {
  metric: string;
  recipientDomain: string;
  bucket: Date;
  observed: number;
  expected: number;
  lowerBound: number;
  upperBound: number;
  severity: string;
}

export interface ReportAlert {
  ruleName: string;
  subject: string;
  severity: string;
  summary: string;
  openedAt: Date;
  resolvedAt: Date | null;
}

/** What the PDF reports read besides the analytics services: names, anomaly records and alert incidents. */
@Injectable()
export class ReportRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async workspaceName(workspaceId: string): Promise<string> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [workspaceId]);
    return rows[0]?.name ?? workspaceId;
  }

  async anomalies(workspaceId: string, from: Date, to: Date, limit = 30): Promise<ReportAnomaly[]> {
    const { rows } = await this.pool.query<ReportAnomaly>(
      `SELECT metric, recipient_domain AS "recipientDomain", bucket, observed, expected, lower_bound AS "lowerBound", upper_bound AS "upperBound", severity
       FROM anomalies WHERE workspace_id = $1 AND bucket >= $2 AND bucket < $3
       ORDER BY (severity = 'critical') DESC, score DESC, bucket LIMIT $4`,
      [workspaceId, from, to, limit],
    );
    return rows.sort((a, b) => a.bucket.getTime() - b.bucket.getTime());
  }

  async alerts(workspaceId: string, from: Date, to: Date, limit = 30): Promise<ReportAlert[]> {
    const { rows } = await this.pool.query<ReportAlert>(
      `SELECT r.name AS "ruleName", i.subject, i.severity, i.summary, i.opened_at AS "openedAt", i.resolved_at AS "resolvedAt"
       FROM alert_incidents i JOIN alert_rules r ON r.id = i.rule_id
       WHERE i.workspace_id = $1 AND i.opened_at < $3 AND coalesce(i.resolved_at, 'infinity') >= $2
       ORDER BY i.opened_at LIMIT $4`,
      [workspaceId, from, to, limit],
    );
    return rows;
  }
}
