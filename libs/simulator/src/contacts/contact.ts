import type { MailClient } from '../world/mail-clients';
import type { RecipientDomain } from '../world/recipient-domains';
import type { TimeZone } from '../world/time-zones';

/** One recipient, with the hidden traits that drive what they do with a message. */
export interface Contact {
  readonly index: number;
  readonly email: string;
  readonly domain: RecipientDomain;
  readonly client: MailClient;
  readonly timeZone: TimeZone;
  /** Local hour (0–23) around which this person reads mail when not reading at once. */
  readonly preferredHourLocal: number;
  /** Probability of opening a campaign of ordinary appeal that reached the inbox. */
  readonly propensity: number;
  /** Multiplier on the chance of clicking once opened. */
  readonly clickAffinity: number;
  /** The reader's own address, used when their device makes the request. */
  readonly ip: string;
  /** Browser used when clicking. */
  readonly browserUserAgent: string;
  /** Image request user agent for clients that fetch from the device; undefined for proxied clients. */
  readonly deviceOpenUserAgent: string | undefined;
}

/** The preferred hour in UTC, which is what a send-time optimiser can act on. */
export function preferredHourUtc(contact: Contact): number {
  const hour = contact.preferredHourLocal - contact.timeZone.offsetMinutes / 60;
  return ((Math.round(hour) % 24) + 24) % 24;
}
