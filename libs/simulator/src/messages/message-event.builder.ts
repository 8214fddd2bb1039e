import type { IngestEvent } from '@mailpulse/contracts';
import type { Campaign, CampaignVariant } from '../campaigns/campaign';
import type { Contact } from '../contacts/contact';
import { WORKSPACE_PROFILE } from '../world/workspace-profile';
import { UNSUBSCRIBE_LINK, type MessageStep } from './message-step';

export function messageIdFor(campaign: Campaign, contact: Contact): string {
  return `${campaign.id}-m${contact.index}`;
}

/** Writes one step of a message's life as the event an ESP or the tracking endpoints would report. */
export function buildMessageEvent(
  id: string,
  step: MessageStep,
  campaign: Campaign,
  variant: CampaignVariant,
  contact: Contact,
  messageId: string,
): IngestEvent {
  return {
    id,
    type: step.type,
    occurredAt: new Date(step.atMs).toISOString(),
    campaignId: campaign.id,
    messageId,
    contact: { email: contact.email },
    properties: propertiesOf(step, campaign, variant, messageId),
  } as IngestEvent;
}

function propertiesOf(
  step: MessageStep,
  campaign: Campaign,
  variant: CampaignVariant,
  messageId: string,
): Record<string, unknown> {
  switch (step.type) {
    case 'email.sent':
      return {
        variant: variant.id,
        subject: variant.subject,
        sendingDomain: WORKSPACE_PROFILE.sendingDomain,
        esp: WORKSPACE_PROFILE.esp,
      };
    case 'email.deferred':
      return { reason: step.reason, attempt: step.attempt };
    case 'email.delivered':
      return { variant: variant.id, smtpResponse: '250 2.0.0 OK' };
    case 'email.bounced':
      return {
        variant: variant.id,
        bounceClass: step.bounceClass,
        smtpCode: step.smtpCode,
        reason: `${step.smtpCode} ${step.reason}`,
      };
    case 'email.opened':
      return { userAgent: step.userAgent, ip: step.ip, method: step.method };
    case 'email.clicked': {
      const unsubscribe = step.linkIndex === UNSUBSCRIBE_LINK;
      const link = unsubscribe
        ? undefined
        : campaign.links[step.linkIndex ?? 0];
      return {
        userAgent: step.userAgent,
        ip: step.ip,
        method: step.method,
        url:
          link?.url ??
          `${campaign.unsubscribeUrl}?m=${encodeURIComponent(messageId)}`,
        linkId: link?.linkId ?? 'unsubscribe',
      };
    }
    case 'email.complained':
      return { feedbackType: 'abuse' };
    case 'email.unsubscribed':
      return { source: step.unsubscribeSource, list: 'newsletter' };
    case 'email.replied':
      return {};
    case 'conversion':
      return {
        amount: step.amount,
        currency: WORKSPACE_PROFILE.currency,
        orderId: `${messageId}-order`,
      };
  }
}
