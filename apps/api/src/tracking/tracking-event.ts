import type { IngestEvent } from '@mailpulse/contracts';
import type { HitSignals } from './hit-signals';
import type { MessageRef, TrackingClaims } from './tracking-token';

export type UnsubscribeSource = 'one-click' | 'link';

// Built by assignment rather than spreads: these run once per pixel load or click.
function envelope(ref: MessageRef, id: string, at: Date): Record<string, unknown> {
  const e: Record<string, unknown> = { id, type: '', occurredAt: at.toISOString(), messageId: ref.messageId };
  if (ref.campaignId) e['campaignId'] = ref.campaignId;
  if (ref.contactEmail) e['contact'] = { email: ref.contactEmail };
  return e;
}

function addEngagement(p: Record<string, unknown>, signals: HitSignals, variant: string | undefined): Record<string, unknown> {
  p['method'] = signals.method;
  if (signals.userAgent) p['userAgent'] = signals.userAgent;
  if (signals.ip) p['ip'] = signals.ip;
  if (signals.prefetch) p['prefetch'] = true;
  if (variant) p['variant'] = variant;
  return p;
}

/** The `email.opened` or `email.clicked` event of one verified hit. */
export function engagementEvent(claims: TrackingClaims, signals: HitSignals, id: string, at: Date): IngestEvent {
  const e = envelope(claims, id, at);
  if (claims.kind === 'click') {
    e['type'] = 'email.clicked';
    const p: Record<string, unknown> = { url: claims.url };
    if (claims.linkId) p['linkId'] = claims.linkId;
    e['properties'] = addEngagement(p, signals, claims.variant);
  } else {
    e['type'] = 'email.opened';
    e['properties'] = addEngagement({}, signals, claims.variant);
  }
  return e as unknown as IngestEvent;
}

export function unsubscribeEvent(ref: MessageRef, source: UnsubscribeSource, id: string, at: Date): IngestEvent {
  const e = envelope(ref, id, at);
  e['type'] = 'email.unsubscribed';
  e['properties'] = ref.variant ? { source, variant: ref.variant } : { source };
  return e as unknown as IngestEvent;
}
