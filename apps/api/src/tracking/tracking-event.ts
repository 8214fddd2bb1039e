import type { IngestEvent } from '@mailpulse/contracts';
import type { HitSignals } from './hit-signals';
import type { MessageRef, TrackingClaims } from './tracking-token';

export type UnsubscribeSource = 'one-click' | 'link';

function envelope(ref: MessageRef, id: string, at: Date) {
  return {
    id,
    occurredAt: at.toISOString(),
    messageId: ref.messageId,
    ...(ref.campaignId ? { campaignId: ref.campaignId } : {}),
    ...(ref.contactEmail ? { contact: { email: ref.contactEmail } } : {}),
  };
}

function engagement(signals: HitSignals) {
  return {
    method: signals.method,
    ...(signals.userAgent ? { userAgent: signals.userAgent } : {}),
    ...(signals.ip ? { ip: signals.ip } : {}),
    ...(signals.prefetch ? { prefetch: true } : {}),
  };
}

/** The `email.opened` or `email.clicked` event of one verified hit. */
export function engagementEvent(claims: TrackingClaims, signals: HitSignals, id: string, at: Date): IngestEvent {
  const variant = claims.variant ? { variant: claims.variant } : {};
  if (claims.kind === 'click') {
    return { ...envelope(claims, id, at), type: 'email.clicked', properties: { url: claims.url, ...(claims.linkId ? { linkId: claims.linkId } : {}), ...engagement(signals), ...variant } };
  }
  return { ...envelope(claims, id, at), type: 'email.opened', properties: { ...engagement(signals), ...variant } };
}

export function unsubscribeEvent(ref: MessageRef, source: UnsubscribeSource, id: string, at: Date): IngestEvent {
  return { ...envelope(ref, id, at), type: 'email.unsubscribed', properties: { source, ...(ref.variant ? { variant: ref.variant } : {}) } };
}
