/** The DNS records a sending domain is checked for. */
export type DnsRecordKind = 'spf' | 'dkim' | 'dmarc' | 'mx';

/**
 * What one check found. `error` means the probe could not tell (the resolver timed out or could not be
 * reached): it is kept in the status table but is not an `infra.dns` event, whose statuses describe the domain.
 */
export interface DnsAssessment {
  status: 'ok' | 'missing' | 'broken' | 'error';
  /** The record as published (TXT chunks joined; several records joined with " | "), null when there is none. */
  value: string | null;
  /** Why, in words: what is wrong, or what the record does. */
  detail: string;
  /** Parsed facts worth showing (DMARC policy, SPF lookups, key size, …). */
  facts: Record<string, unknown>;
}

/** One check of one domain: which record, at which DNS name, and what was found. */
export interface DnsCheck {
  record: DnsRecordKind;
  /** DKIM selector; '' for the other records. */
  selector: string;
  name: string;
  assessment: DnsAssessment;
}
