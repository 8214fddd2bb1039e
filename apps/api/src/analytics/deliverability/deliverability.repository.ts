import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { prepared } from '../query/prepared';
import { PG_POOL } from '../../database/database.module';
import { rollupSpans, rollupUnion } from '../counts/rollup-spans';

export interface DomainEventCounts {
  domain: string;
  sent: number;
  delivered: number;
  complaints: number;
}

export interface DomainBounces {
  domain: string;
  hard: number;
  soft: number;
  block: number;
}

@Injectable()
export class DeliverabilityRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Sent, delivered and complaint events per recipient domain in [from, to), from the rollups. */
  async domainCounts(
    workspaceId: string,
    from: Date,
    to: Date,
  ): Promise<DomainEventCounts[]> {
    const params: unknown[] = [workspaceId];
    const union = rollupUnion(
      rollupSpans(from, to),
      'recipient_domain, type, count',
      params,
      ` AND type IN ('email.sent', 'email.delivered', 'email.complained')`,
    );
    const { rows } = await this.pool.query<DomainEventCounts>(
      prepared(
        `SELECT recipient_domain AS domain,
              coalesce(sum(count) FILTER (WHERE type = 'email.sent'), 0)::bigint AS sent,
              coalesce(sum(count) FILTER (WHERE type = 'email.delivered'), 0)::bigint AS delivered,
              coalesce(sum(count) FILTER (WHERE type = 'email.complained'), 0)::bigint AS complaints
       FROM (${union}) r GROUP BY recipient_domain`,
        params,
      ),
    );
    return rows;
  }

  /** Bounce events per recipient domain and class in [from, to). */
  async domainBounces(
    workspaceId: string,
    from: Date,
    to: Date,
  ): Promise<DomainBounces[]> {
    const { rows } = await this.pool.query<DomainBounces>(
      prepared(
        `SELECT coalesce(recipient_domain, '') AS domain,
              count(*) FILTER (WHERE properties->>'bounceClass' = 'hard')::int AS hard,
              count(*) FILTER (WHERE properties->>'bounceClass' = 'soft')::int AS soft,
              count(*) FILTER (WHERE coalesce(properties->>'bounceClass', '') NOT IN ('hard', 'soft'))::int AS block
       FROM events WHERE workspace_id = $1 AND type = 'email.bounced' AND occurred_at >= $2 AND occurred_at < $3
       GROUP BY 1`,
        [workspaceId, from, to],
      ),
    );
    return rows;
  }
}
