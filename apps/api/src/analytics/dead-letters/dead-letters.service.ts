import { Injectable } from '@nestjs/common';
import type { DeadLetterResponse } from '@mailpulse/contracts';
import { encodeCursor } from '../query/analytics-query';
import { DeadLettersRepository } from './dead-letters.repository';

@Injectable()
export class DeadLettersService {
  constructor(private readonly repo: DeadLettersRepository) {}

  async page(
    workspaceId: string,
    q: { limit: number; source?: string; cursor?: unknown[] },
  ): Promise<DeadLetterResponse> {
    const before =
      q.cursor && typeof q.cursor[0] === 'number' ? q.cursor[0] : undefined;
    const rows = await this.repo.page(
      workspaceId,
      q.limit + 1,
      q.source,
      before,
    );
    const items = rows.slice(0, q.limit).map((r) => ({
      id: String(r.id),
      source: r.source,
      reason: r.reason,
      field: r.field,
      payload: r.payload,
      raw: r.raw,
      receivedAt: r.received_at.toISOString(),
    }));
    const last = rows[q.limit - 1];
    return {
      items,
      nextCursor:
        rows.length > q.limit && last ? encodeCursor([last.id]) : null,
    };
  }
}
