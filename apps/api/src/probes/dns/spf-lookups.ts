import type { DnsAnswer } from './dns-answer';
import { isSpfRecord, NestedSpf, parseSpfRecord, SPF_LOOKUP_LIMIT } from './spf-record';

/** Stops following includes after this many records, whatever they say (loops, runaway chains). */
const MAX_RECORDS_FOLLOWED = 30;

/**
 * Follows the includes and redirects of an SPF record through DNS and adds up their lookups, so the 10-lookup
 * limit is checked on what a receiver really evaluates. A target without exactly one SPF record is a problem
 * (a permanent error for receivers); a target that could not be looked up is not counted against the domain.
 */
export async function followSpfIncludes(domains: string[], fetchTxt: (name: string) => Promise<DnsAnswer<string>>): Promise<NestedSpf> {
  const result: NestedSpf = { lookups: 0, problems: [] };
  // A receiver evaluates a record each time it is included, so repeats count again; a loop ends at the limit.
  const fetched = new Map<string, Promise<DnsAnswer<string>>>();
  const queue = [...domains];
  let followed = 0;
  while (queue.length && followed < MAX_RECORDS_FOLLOWED && result.lookups <= SPF_LOOKUP_LIMIT) {
    const domain = queue.shift()!;
    followed++;
    if (!fetched.has(domain)) fetched.set(domain, fetchTxt(domain));
    const answer = await fetched.get(domain)!;
    if (answer.kind === 'failed') continue;
    const records = answer.kind === 'found' ? answer.records.filter(isSpfRecord) : [];
    if (records.length !== 1) {
      const problem = `${domain} (included) has ${records.length === 0 ? 'no SPF record' : `${records.length} SPF records`}`;
      if (!result.problems.includes(problem)) result.problems.push(problem);
      continue;
    }
    const spf = parseSpfRecord(records[0]!);
    result.lookups += spf.lookups;
    const problem = `${domain} (included): ${spf.errors.join(', ')}`;
    if (spf.errors.length && !result.problems.includes(problem)) result.problems.push(problem);
    queue.push(...spf.nestedDomains);
  }
  return result;
}
