import type { EventType } from '@mailpulse/contracts';
import type { Label } from '../messages/message-step';

/** An event that is not part of a message's life (campaign lifecycle, user, infra), before it gets its id. */
export interface EventDraft {
  readonly atMs: number;
  readonly type: EventType;
  readonly label: Label;
  readonly campaignId?: string;
  readonly properties: Record<string, unknown>;
}
