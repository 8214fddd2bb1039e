import { Inject, Injectable } from '@nestjs/common';
import type { TimeBucket } from '@mailpulse/contracts';
import type { VerdictVariant } from '@mailpulse/metrics';
import type { Pool } from 'pg';
import { prepared } from '../query/prepared';
import { PG_POOL } from '../../database/database.module';

export interface SeriesFilter {
  campaignId?: string;
  variant?: string;
  domain?: string;
}

/** What to sum per bucket: event counts of `type` (or the amounts, for revenue). */
export interface SeriesPart {
  name: string;
  type: string;
  sum: 'count' | 'amount';
}

const TABLE: Record<TimeBucket, string> = {
  minute: 'rollups_minute',
  hour: 'rollups_hour',
  day: 'rollups_day',
};
const ENGAGEMENT = new Set(['email.opened', 'email.clicked']);

@Injectable()
export class TimeSeriesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Per bucket of the rollup of that grain in [from, to): one sum per part; buckets without rows are absent. */
  async sums(
    workspaceId: string,
    bucket: TimeBucket,
    from: Date,
    to: Date,
    parts: SeriesPart[],
    verdict: VerdictVariant,
    filter: SeriesFilter,
  ): Promise<Array<{ bucket: Date } & Record<string, number>>> {
    const params: unknown[] = [
      workspaceId,
      from,
      to,
      [...new Set(parts.map((p) => p.type))],
    ];
    const where: string[] = [];
    if (filter.campaignId !== undefined)
      where.push(`campaign_id = $${params.push(filter.campaignId)}`);
    if (filter.variant !== undefined)
      where.push(`variant = $${params.push(filter.variant)}`);
    if (filter.domain !== undefined)
      where.push(
        `recipient_domain = $${params.push(filter.domain.toLowerCase())}`,
      );
    const verdictCondition =
      verdict === 'human'
        ? ` AND verdict <> 'machine'`
        : verdict === 'machine'
          ? ` AND verdict = 'machine'`
          : '';
    const columns = parts.map((p, i) => {
      const typeParam = `$${params.push(p.type)}`;
      const cond = `type = ${typeParam}${ENGAGEMENT.has(p.type) ? verdictCondition : ''}`;
      return `coalesce(sum(${p.sum}) FILTER (WHERE ${cond}), 0)::float8 AS p${i}`;
    });
    const { rows } = await this.pool.query<
      { bucket: Date } & Record<string, number>
    >(
      prepared(
        `SELECT bucket, ${columns.join(', ')}
       FROM ${TABLE[bucket]}
       WHERE workspace_id = $1 AND bucket >= $2 AND bucket < $3 AND type = ANY($4::text[])${where.map((w) => ` AND ${w}`).join('')}
       GROUP BY bucket ORDER BY bucket`,
        params,
      ),
    );
    return rows.map((r) => {
      const out: { bucket: Date } & Record<string, number> = {
        bucket: r.bucket,
      } as { bucket: Date } & Record<string, number>;
      parts.forEach((p, i) => (out[p.name] = r[`p${i}`]!));
      return out;
    });
  }
}
