import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { prepared } from '../query/prepared';
import { PG_POOL } from '../../database/database.module';
import { rollupSpans, rollupUnion } from '../counts/rollup-spans';

/** Event counts of a period by type and verdict class (machine or not), from the rollups. */
export interface PeriodEventCount {
  type: string;
  machine: boolean;
  count: number;
  amount: number;
}

export interface PeriodUniques {
  opened: number;
  openedHuman: number;
  clicked: number;
  clickedHuman: number;
}

@Injectable()
export class OverviewRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async eventCounts(
    workspaceId: string,
    from: Date,
    to: Date,
  ): Promise<PeriodEventCount[]> {
    const params: unknown[] = [workspaceId];
    const union = rollupUnion(
      rollupSpans(from, to),
      'type, verdict, count, amount',
      params,
    );
    const { rows } = await this.pool.query<PeriodEventCount>(
      prepared(
        `SELECT type, verdict = 'machine' AS machine, sum(count)::bigint AS count, sum(amount)::float8 AS amount
       FROM (${union}) r GROUP BY 1, 2`,
        params,
      ),
    );
    return rows;
  }

  /** Bounce events in [from, to) by class. */
  async bouncesByClass(
    workspaceId: string,
    from: Date,
    to: Date,
  ): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ class: string; count: number }>(
      prepared(
        `SELECT coalesce(properties->>'bounceClass', 'block') AS class, count(*)::int AS count
       FROM events WHERE workspace_id = $1 AND type = 'email.bounced' AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1`,
        [workspaceId, from, to],
      ),
    );
    return Object.fromEntries(rows.map((r) => [r.class, r.count]));
  }

  /** Messages whose first open / first human open / first click / first human click falls in [from, to). */
  async firstEngagements(
    workspaceId: string,
    from: Date,
    to: Date,
  ): Promise<PeriodUniques> {
    const count = (column: string) =>
      `(SELECT count(*) FROM message_states WHERE workspace_id = $1 AND ${column} >= $2 AND ${column} < $3)::int`;
    const { rows } = await this.pool.query<PeriodUniques>(
      prepared(
        `SELECT ${count('first_open_at')} AS "opened", ${count('first_human_open_at')} AS "openedHuman",
              ${count('first_click_at')} AS "clicked", ${count('first_human_click_at')} AS "clickedHuman"`,
        [workspaceId, from, to],
      ),
    );
    return rows[0]!;
  }
}
