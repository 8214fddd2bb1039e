import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { prepared } from '../query/prepared';
import { PG_POOL } from '../../database/database.module';

export interface DeadLetterRow {
  id: number;
  source: string;
  reason: string;
  field: string | null;
  payload: unknown;
  raw: string | null;
  received_at: Date;
}

@Injectable()
export class DeadLettersRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Newest first, keyset-paged on id. */
  async page(
    workspaceId: string,
    limit: number,
    source?: string,
    beforeId?: number,
  ): Promise<DeadLetterRow[]> {
    const params: unknown[] = [workspaceId, limit];
    const where: string[] = [];
    if (source !== undefined) where.push(`source = $${params.push(source)}`);
    if (beforeId !== undefined) where.push(`id < $${params.push(beforeId)}`);
    const { rows } = await this.pool.query<DeadLetterRow>(
      prepared(
        `SELECT id, source, reason, field, payload, raw, received_at FROM dead_letters
       WHERE workspace_id = $1${where.map((w) => ` AND ${w}`).join('')} ORDER BY id DESC LIMIT $2`,
        params,
      ),
    );
    return rows;
  }
}
