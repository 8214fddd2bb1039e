import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { ValidEvent } from '@mailpulse/contracts';

/**
 * The id of an event sent without one: a hash of its content, so a sender that retries the same event
 * without an id is still counted once. Two events identical in every field are, by design, one event.
 */
export function contentEventId(event: ValidEvent, occurredAtIso: string): string {
  const canonical = stringify([event.type, occurredAtIso, event.campaignId ?? null, event.messageId ?? null, event.contact ?? null, event.properties]);
  return `h_${createHash('sha256').update(canonical).digest('base64url').slice(0, 32)}`;
}
