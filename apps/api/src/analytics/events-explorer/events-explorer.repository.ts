import { Inject, Injectable } from '@nestjs/common';
import type { ExplorerEvent } from '@mailpulse/contracts';
import type { Pool } from 'pg';
import { prepared } from '../query/prepared';
import { PG_POOL } from '../../database/database.module';

export interface ExplorerFilter {
  types?: string[];
  campaignId?: string;
  messageId?: string;
  contact?: string;
  from: Date;
  to: Date;
}

@Injectable()
export class EventsExplorerRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Raw events newest first, keyset-paged on (occurred_at, id). */
  async page(
    workspaceId: string,
    f: ExplorerFilter,
    limit: number,
    before?: [Date, string],
  ): Promise<ExplorerEvent[]> {
    const params: unknown[] = [workspaceId, f.from, f.to, limit];
    const where: string[] = [];
    if (f.types) where.push(`type = ANY($${params.push(f.types)}::text[])`);
    if (f.campaignId !== undefined)
      where.push(`campaign_id = $${params.push(f.campaignId)}`);
    if (f.messageId !== undefined)
      where.push(`message_id = $${params.push(f.messageId)}`);
    if (f.contact !== undefined) {
      const p = `$${params.push(f.contact)}`;
      where.push(`(contact_email = lower(${p}) OR contact_external_id = ${p})`);
    }
    if (before)
      where.push(
        `(occurred_at, id) < ($${params.push(before[0])}::timestamptz, $${params.push(before[1])}::text COLLATE "C")`,
      );
    const { rows } = await this.pool.query<
      ExplorerEvent & { occurredAt: Date; receivedAt: Date }
    >(
      prepared(
        `SELECT id, type, occurred_at AS "occurredAt", received_at AS "receivedAt", campaign_id AS "campaignId", message_id AS "messageId",
              contact_email AS "contactEmail", contact_external_id AS "contactExternalId", recipient_domain AS "recipientDomain",
              variant, verdict, amount, properties
       FROM events
       WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3${where.map((w) => ` AND ${w}`).join('')}
       ORDER BY occurred_at DESC, id DESC LIMIT $4`,
        params,
      ),
    );
    return rows;
  }
}
