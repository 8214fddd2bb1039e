import type { ValidEvent } from '@mailpulse/contracts';
import { classifyEngagement } from './engagement-classifier';
import type { EnrichedEvent, ValidatedItem } from './pipeline.types';
import { ok, Step, StepResult } from './step';
import type { UserAgentParser } from './user-agent.parser';

/** What is known about a message from its earlier events (campaign, recipient, variant). */
export interface MessageInfo {
  campaignId: string | null;
  contactEmail: string | null;
  contactExternalId: string | null;
  recipientDomain: string | null;
  variant: string | null;
  /** First delivery, epoch ms. */
  deliveredAt: number | null;
}

export function recipientDomainOf(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  return at === -1 ? null : email.slice(at + 1);
}

/** The message facts an event itself carries, used to resolve its siblings that carry only a messageId. */
export function messageInfoOf(event: ValidEvent): MessageInfo {
  const p = event.properties as Record<string, unknown>;
  return {
    campaignId: event.campaignId ?? null,
    contactEmail: event.contact?.email ?? null,
    contactExternalId: event.contact?.externalId ?? null,
    recipientDomain: recipientDomainOf(event.contact?.email),
    variant: typeof p['variant'] === 'string' ? p['variant'] : null,
    deliveredAt: event.type === 'email.delivered' ? Date.parse(event.occurredAt) : null,
  };
}

/**
 * The enricher: fills campaign, contact, variant and recipient domain from the message's known facts
 * when the event leaves them out, parses the user agent and gives opens/clicks a human/machine verdict.
 */
export function createEnricherStep(messages: ReadonlyMap<string, MessageInfo>, userAgents: UserAgentParser): Step<ValidatedItem, EnrichedEvent> {
  return {
    name: 'enricher',
    apply(item: ValidatedItem): StepResult<EnrichedEvent> {
      const e = item.event;
      const p = e.properties as Record<string, unknown>;
      const own = messageInfoOf(e);
      const known = e.messageId ? messages.get(e.messageId) : undefined;
      const userAgent = typeof p['userAgent'] === 'string' ? p['userAgent'] : undefined;
      const ua = userAgents.parse(userAgent);
      const contactEmail = own.contactEmail ?? known?.contactEmail ?? null;
      const judged = classifyEngagement({
        type: e.type,
        userAgent,
        ip: typeof p['ip'] === 'string' ? p['ip'] : undefined,
        method: typeof p['method'] === 'string' ? p['method'] : undefined,
        prefetch: p['prefetch'] === true,
        vendorMachineOpen: p['vendorMachineOpen'] === true,
        occurredAt: item.occurredAt.getTime(),
        deliveredAt: known?.deliveredAt ?? null,
        botUserAgent: ua.bot,
      });
      return ok({
        index: item.index,
        workspaceId: item.workspaceId,
        id: item.id,
        type: e.type,
        occurredAt: item.occurredAt,
        receivedAt: item.receivedAt,
        campaignId: own.campaignId ?? known?.campaignId ?? null,
        messageId: e.messageId ?? null,
        contactEmail,
        contactExternalId: own.contactExternalId ?? known?.contactExternalId ?? null,
        recipientDomain: recipientDomainOf(contactEmail) ?? known?.recipientDomain ?? null,
        variant: own.variant ?? known?.variant ?? null,
        verdict: judged.verdict,
        verdictReasons: judged.reasons,
        amount: e.type === 'conversion' ? (p['amount'] as number) : null,
        bounceClass: e.type === 'email.bounced' ? (p['bounceClass'] as string) : null,
        client: ua.client,
        os: ua.os,
        device: ua.device,
        properties: p,
      });
    },
  };
}
