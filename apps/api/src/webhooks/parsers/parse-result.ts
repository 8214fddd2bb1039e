import type { IngestEvent } from '@mailpulse/contracts';

/** A vendor event Mailpulse understands but cannot map (a required field is missing); it is dead-lettered. */
export interface InvalidVendorEvent {
  reason: string;
  payload: unknown;
}

/** What a vendor parser makes of one webhook request. Parsers are pure: same body, same result. */
export interface VendorParseResult {
  /** Events for the normal ingestion pipeline. */
  events: IngestEvent[];
  /** One line per vendor event the product does not use (kinds it has no type for, unknown kinds). */
  ignored: string[];
  invalid: InvalidVendorEvent[];
}

/** The body as a whole is not what the vendor sends (wrong shape): the request is answered 400 and dead-lettered. */
export class WebhookPayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export function emptyResult(): VendorParseResult {
  return { events: [], ignored: [], invalid: [] };
}
