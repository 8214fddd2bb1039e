import { Inject, Injectable } from '@nestjs/common';
import type { BandScore } from '@mailpulse/features';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { AnomalyRecord } from './anomaly.record';

interface AnomalyRow {
  id: number;
  workspace_id: string;
  metric: string;
  recipient_domain: string;
  bucket: Date;
  bucket_seconds: number;
  observed: number;
  expected: number;
  lower_bound: number;
  upper_bound: number;
  severity: 'warning' | 'critical';
  score: number;
  model_version: string;
  detected_at: Date;
}

const COLUMNS = `id, workspace_id, metric, recipient_domain, bucket, bucket_seconds, observed, expected, lower_bound, upper_bound, severity, score, model_version, detected_at`;

/** The `anomalies` table: written once per (workspace, metric, domain, bucket), read by id for feeds. */
@Injectable()
export class AnomalyRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Inserts the anomalous scores of a workspace; returns only the records that were new (a re-run inserts nothing). */
  async insertNew(workspaceId: string, scores: readonly BandScore[], bucketSeconds: number, modelVersion: string): Promise<AnomalyRecord[]> {
    if (scores.length === 0) return [];
    const { rows } = await this.pool.query<AnomalyRow>(
      `INSERT INTO anomalies (workspace_id, metric, recipient_domain, bucket, bucket_seconds, observed, expected, lower_bound, upper_bound, severity, score, model_version)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::int[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::text[], $11::float8[], $12::text[])
       ON CONFLICT (workspace_id, metric, recipient_domain, bucket) DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        workspaceId,
        scores.map((s) => s.metric),
        scores.map((s) => s.domain),
        scores.map((s) => s.bucketStart),
        scores.map(() => bucketSeconds),
        scores.map((s) => s.observed),
        scores.map((s) => s.expected),
        scores.map((s) => s.lower),
        scores.map((s) => s.upper),
        scores.map((s) => s.severity),
        scores.map((s) => s.score),
        scores.map(() => modelVersion),
      ],
    );
    return rows.map(toRecord).sort((a, b) => a.id - b.id);
  }

  /**
   * A workspace's anomalies with id > `afterId` and, when given, a bucket starting in [from, to); oldest first
   * (poll with the last id seen) or newest first.
   */
  async listForWorkspace(
    workspaceId: string,
    afterId: number,
    limit: number,
    range: { from?: Date; to?: Date; newestFirst?: boolean } = {},
  ): Promise<AnomalyRecord[]> {
    const { rows } = await this.pool.query<AnomalyRow>(
      `SELECT ${COLUMNS} FROM anomalies
        WHERE workspace_id = $1 AND id > $2 AND ($4::timestamptz IS NULL OR bucket >= $4) AND ($5::timestamptz IS NULL OR bucket < $5)
        ORDER BY id ${range.newestFirst ? 'DESC' : 'ASC'} LIMIT $3`,
      [workspaceId, afterId, limit, range.from ?? null, range.to ?? null],
    );
    return rows.map(toRecord);
  }

  /** Every workspace's anomalies with id > `afterId`, oldest first: for server-side consumers such as alert rules. */
  async listAll(afterId: number, limit: number): Promise<AnomalyRecord[]> {
    const { rows } = await this.pool.query<AnomalyRow>(`SELECT ${COLUMNS} FROM anomalies WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit]);
    return rows.map(toRecord);
  }
}

function toRecord(r: AnomalyRow): AnomalyRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    metric: r.metric,
    recipientDomain: r.recipient_domain,
    bucketStart: r.bucket.toISOString(),
    bucketSeconds: r.bucket_seconds,
    observed: r.observed,
    expected: r.expected,
    lower: r.lower_bound,
    upper: r.upper_bound,
    severity: r.severity,
    score: r.score,
    modelVersion: r.model_version,
    detectedAt: r.detected_at.toISOString(),
  };
}
