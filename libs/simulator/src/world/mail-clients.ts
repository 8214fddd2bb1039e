/**
 * The mail clients a contact reads with. The client decides what an open looks like to the tracker:
 * Apple Mail with Mail Privacy Protection pre-fetches every image through Apple's proxy at delivery
 * (a machine open), Gmail fetches images through Google's image proxy when the person opens (a human
 * open from a Google IP), the others fetch from the reader's own device.
 */
export const MAIL_CLIENTS = [
  'apple-mail-mpp',
  'apple-mail',
  'gmail',
  'outlook',
  'other',
] as const;
export type MailClient = (typeof MAIL_CLIENTS)[number];

export type ClientMix = Readonly<Record<MailClient, number>>;
