import { Injectable } from '@nestjs/common';
import type {
  ContactJourneyResponse,
  LifecycleResponse,
} from '@mailpulse/contracts';
import { ApiErrorCode, ApiException } from '../../common/api.exception';
import { ContactsRepository } from './contacts.repository';
import { INACTIVE_AFTER_DAYS, lifecycleFunnel } from './lifecycle';

const DAY_MS = 86_400_000;

@Injectable()
export class ContactsService {
  constructor(private readonly repo: ContactsRepository) {}

  async journey(
    workspaceId: string,
    q: { email?: string; externalId?: string; limit: number },
  ): Promise<ContactJourneyResponse> {
    const events = await this.repo.journey(workspaceId, q, q.limit);
    if (events.length === 0)
      throw new ApiException(
        404,
        ApiErrorCode.NotFound,
        'No events of this contact in this workspace',
        q.email !== undefined ? 'email' : 'externalId',
      );
    return {
      contact: {
        email: q.email?.toLowerCase() ?? null,
        externalId: q.externalId ?? null,
      },
      firstSeenAt: events[0]!.occurredAt,
      lastSeenAt: events[events.length - 1]!.occurredAt,
      campaigns: [
        ...new Set(
          events
            .map((e) => e.campaignId)
            .filter((c): c is string => c !== null),
        ),
      ],
      events,
    };
  }

  /** Days are UTC dates; `to` is included. */
  async lifecycle(
    workspaceId: string,
    fromDay: string,
    toDay: string,
  ): Promise<LifecycleResponse> {
    const activity = await this.repo.activity(
      workspaceId,
      new Date(Date.parse(`${toDay}T00:00:00Z`) + DAY_MS),
    );
    return {
      from: fromDay,
      to: toDay,
      inactiveAfterDays: INACTIVE_AFTER_DAYS,
      days: lifecycleFunnel(activity, fromDay, toDay),
    };
  }
}
