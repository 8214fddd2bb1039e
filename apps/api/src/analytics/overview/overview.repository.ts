import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { prepared } from '../query/prepared';
import { PG_POOL } from '../../database/database.module';
import { rollupSpans, rollupUnion } from '../counts/rollup-spans';

/** Event counts of a period by type and verdict class (machine or not), from the rollups. */
export interface PeriodEventCount {
  type: string;
  machine: boolean;
  /** Whether these counts are of buckets at or after `since`. */
  recent: boolean;
  count: number;
  amount: number;
}

export interface PeriodUniques {
  opened: number;
  openedHuman: number;
  clicked: number;
  clickedHuman: number;
}

/**
 * Reads for the overview's periods. Each read covers [from, to) once and splits its counts at `since` (the start of
 * today within the last 24 hours), so both periods come from one pass.
 */
@Injectable()
export class OverviewRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async eventCounts(
    workspaceId: string,
    from: Date,
    to: Date,
    since: Date,
  ): Promise<PeriodEventCount[]> {
    const params: unknown[] = [workspaceId];
    const union = rollupUnion(
      rollupSpans(from, to),
      'bucket, type, verdict, count, amount',
      params,
    );
    const sinceParam = `$${params.push(since)}`;
    const { rows } = await this.pool.query<PeriodEventCount>(
      prepared(
        `SELECT type, verdict = 'machine' AS machine, bucket >= ${sinceParam} AS recent,
                sum(count)::bigint AS count, sum(amount)::float8 AS amount
         FROM (${union}) r GROUP BY 1, 2, 3`,
        params,
      ),
    );
    return rows;
  }

  /** Bounce events in [from, to) by class, split at `since`. */
  async bouncesByClass(
    workspaceId: string,
    from: Date,
    to: Date,
    since: Date,
  ): Promise<Array<{ class: string; recent: boolean; count: number }>> {
    const { rows } = await this.pool.query<{
      class: string;
      recent: boolean;
      count: number;
    }>(
      prepared(
        `SELECT coalesce(properties->>'bounceClass', 'block') AS class, occurred_at >= $4 AS recent, count(*)::int AS count
         FROM events WHERE workspace_id = $1 AND type = 'email.bounced' AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1, 2`,
        [workspaceId, from, to, since],
      ),
    );
    return rows;
  }

  /**
   * Messages whose first open / first human open / first click / first human click falls in [from, to), and those
   * of them at or after `since`.
   */
  async firstEngagements(
    workspaceId: string,
    from: Date,
    to: Date,
    since: Date,
  ): Promise<{ all: PeriodUniques; recent: PeriodUniques }> {
    const count = (column: string) =>
      `(SELECT count(*)::int AS "${column}", count(*) FILTER (WHERE ${column} >= $4)::int AS "${column}_recent"
        FROM message_states WHERE workspace_id = $1 AND ${column} >= $2 AND ${column} < $3) AS ${column}`;
    const { rows } = await this.pool.query<Record<string, number>>(
      prepared(
        `SELECT * FROM ${['first_open_at', 'first_human_open_at', 'first_click_at', 'first_human_click_at'].map(count).join(', ')}`,
        [workspaceId, from, to, since],
      ),
    );
    const r = rows[0]!;
    const pick = (suffix: string): PeriodUniques => ({
      opened: r[`first_open_at${suffix}`]!,
      openedHuman: r[`first_human_open_at${suffix}`]!,
      clicked: r[`first_click_at${suffix}`]!,
      clickedHuman: r[`first_human_click_at${suffix}`]!,
    });
    return { all: pick(''), recent: pick('_recent') };
  }
}
