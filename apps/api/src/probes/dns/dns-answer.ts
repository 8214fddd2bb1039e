import type { DnsAssessment } from './dns-assessment';

/** A DNS answer as the checks see it: records, no such records, or a failed lookup with its code. */
export type DnsAnswer<T> = { kind: 'found'; records: T[] } | { kind: 'none'; code: string } | { kind: 'failed'; code: string };

/** Answers from the domain's own servers that say its zone is misconfigured, as opposed to the probe not reaching DNS. */
const ZONE_FAULTS: Record<string, string> = {
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  EFORMERR: 'FORMERR',
  EBADRESP: 'a malformed response',
  ENOTIMP: 'NOTIMP',
};

/** The assessment of a lookup that returned no records: missing, broken (a zone fault) or error (no answer). */
export function assessFailedLookup(name: string, answer: Exclude<DnsAnswer<unknown>, { kind: 'found' }>, what: string): DnsAssessment {
  if (answer.kind === 'none') {
    const why = answer.code === 'ENOTFOUND' ? `${name} does not exist` : `${name} has no ${what}`;
    return { status: 'missing', value: null, detail: why, facts: {} };
  }
  const fault = ZONE_FAULTS[answer.code];
  if (fault) return { status: 'broken', value: null, detail: `the DNS lookup of ${name} answered ${fault}`, facts: { code: answer.code } };
  return { status: 'error', value: null, detail: `the DNS lookup of ${name} failed (${answer.code}); nothing could be checked`, facts: { code: answer.code } };
}
