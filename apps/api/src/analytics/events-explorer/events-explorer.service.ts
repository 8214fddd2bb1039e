import { Injectable } from '@nestjs/common';
import type { EventExplorerResponse } from '@mailpulse/contracts';
import { encodeCursor } from '../query/analytics-query';
import {
  EventsExplorerRepository,
  ExplorerFilter,
} from './events-explorer.repository';

@Injectable()
export class EventsExplorerService {
  constructor(private readonly repo: EventsExplorerRepository) {}

  async page(
    workspaceId: string,
    q: ExplorerFilter & { limit: number; cursor?: unknown[] },
  ): Promise<EventExplorerResponse> {
    const before =
      q.cursor &&
      typeof q.cursor[0] === 'string' &&
      typeof q.cursor[1] === 'string'
        ? ([new Date(q.cursor[0]), q.cursor[1]] as [Date, string])
        : undefined;
    const rows = await this.repo.page(workspaceId, q, q.limit + 1, before);
    const items = rows.slice(0, q.limit).map((r) => ({
      ...r,
      occurredAt: new Date(r.occurredAt).toISOString(),
      receivedAt: new Date(r.receivedAt).toISOString(),
    }));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor:
        rows.length > q.limit && last
          ? encodeCursor([last.occurredAt, last.id])
          : null,
    };
  }
}
