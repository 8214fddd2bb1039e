/** The email service providers whose event webhooks Mailpulse accepts, as they appear in the URL. */
export const WEBHOOK_VENDORS = ['ses', 'sendgrid', 'mailgun', 'postmark'] as const;
export type WebhookVendor = (typeof WEBHOOK_VENDORS)[number];

export function isWebhookVendor(value: string): value is WebhookVendor {
  return (WEBHOOK_VENDORS as readonly string[]).includes(value);
}

/** The `source` stamped on events and dead letters that came in through a vendor's webhook. */
export function webhookSource(vendor: WebhookVendor): string {
  return `webhook:${vendor}`;
}
