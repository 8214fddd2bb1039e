import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';
import type { LiveMinuteCounts } from './live-store';

/** What the live store holds, recomputed from PostgreSQL for a range of minutes (after the store missed updates). */
@Injectable()
export class LiveRebuildRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Per workspace and minute in [from, to): counts by type workspace-wide (campaign '') and per campaign, from the
   * minute rollups, which hold exactly the stored events. With `workspaceId`, only that workspace's minutes.
   */
  async countsBetween(from: Date, to: Date, workspaceId?: string): Promise<LiveMinuteCounts[]> {
    const { rows } = await this.pool.query<{ workspace_id: string; bucket: Date; campaign_id: string; counts: Record<string, number> }>(
      `WITH per_type AS (
         SELECT workspace_id, bucket, campaign_id, type, sum(count)::bigint AS n FROM rollups_minute
          WHERE bucket >= $1 AND bucket < $2 AND ($3::uuid IS NULL OR workspace_id = $3) GROUP BY GROUPING SETS ((workspace_id, bucket, type), (workspace_id, bucket, campaign_id, type))
       )
       SELECT workspace_id, bucket, coalesce(campaign_id, '') AS campaign_id, jsonb_object_agg(type, n) AS counts
         FROM per_type WHERE campaign_id IS NULL OR campaign_id <> '' GROUP BY 1, 2, 3`,
      [from, to, workspaceId ?? null],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, campaignId: r.campaign_id, minute: r.bucket.getTime(), counts: r.counts }));
  }

  /** Per workspace and minute in [from, to): the contacts (address, else external id) with events in it. With `workspaceId`, only that workspace's. */
  async contactsBetween(from: Date, to: Date, workspaceId?: string): Promise<{ workspaceId: string; minute: number; contactKeys: string[] }[]> {
    const { rows } = await this.pool.query<{ workspace_id: string; minute: Date; contacts: string[] }>(
      `SELECT workspace_id, date_trunc('minute', occurred_at) AS minute, array_agg(DISTINCT coalesce(contact_email, contact_external_id)) AS contacts
         FROM events WHERE occurred_at >= $1 AND occurred_at < $2 AND ($3::uuid IS NULL OR workspace_id = $3)
          AND coalesce(contact_email, contact_external_id) IS NOT NULL
        GROUP BY 1, 2`,
      [from, to, workspaceId ?? null],
    );
    return rows.map((r) => ({ workspaceId: r.workspace_id, minute: r.minute.getTime(), contactKeys: r.contacts }));
  }
}
