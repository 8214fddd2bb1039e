import { isIPv4, isIPv6 } from 'node:net';
import type { DnsAssessment } from './dns-assessment';

/** RFC 7208 §4.6.4: evaluating one SPF record may take at most 10 DNS-querying terms, includes counted. */
export const SPF_LOOKUP_LIMIT = 10;

export type SpfQualifier = '+' | '-' | '~' | '?';

export interface ParsedSpf {
  /** Terms that make a DNS query: include, a, mx, ptr, exists, redirect. */
  lookups: number;
  /** Domains whose own SPF records are evaluated too (include and redirect), without macro domains. */
  nestedDomains: string[];
  /** The qualifier of the `all` mechanism, null without one. */
  all: SpfQualifier | null;
  redirect: string | null;
  errors: string[];
}

/** Lookups and problems found below a record: in the records its includes and redirect point to. */
export interface NestedSpf {
  lookups: number;
  problems: string[];
}

const LOOKUP_MECHANISMS = new Set(['include', 'a', 'mx', 'ptr', 'exists']);
const ALL_MEANING: Record<SpfQualifier, string> = {
  '-': 'mail from servers not listed fails (-all)',
  '~': 'mail from servers not listed soft-fails (~all)',
  '?': 'mail from servers not listed is neutral (?all)',
  '+': 'every server may send (+all)',
};

export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt.trim());
}

function isCidr(value: string | undefined, max: number): boolean {
  return value === undefined || (/^\d{1,3}$/.test(value) && Number(value) <= max);
}

/** Parses one `v=spf1 …` record into what the checks need; syntax errors are collected, not thrown. */
export function parseSpfRecord(record: string): ParsedSpf {
  const parsed: ParsedSpf = { lookups: 0, nestedDomains: [], all: null, redirect: null, errors: [] };
  const nested = (domain: string) => {
    if (!domain.includes('%')) parsed.nestedDomains.push(domain.toLowerCase().replace(/\.$/, ''));
  };
  for (const term of record.trim().split(/\s+/).slice(1)) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(term);
    if (modifier) {
      const name = modifier[1]!.toLowerCase();
      const value = modifier[2]!;
      if (name === 'redirect') {
        if (parsed.redirect !== null) parsed.errors.push('redirect= appears twice');
        else if (!value) parsed.errors.push('redirect= needs a domain');
        else {
          parsed.redirect = value;
          parsed.lookups++;
          nested(value);
        }
      } else if (name === 'exp' && !value) parsed.errors.push('exp= needs a domain');
      continue; // other modifiers are ignored, as RFC 7208 §6 says
    }
    const m = /^([+\-~?]?)([a-z][a-z0-9]*)(?::([^/]*))?(?:\/(\d+))?(?:\/\/(\d+))?$/i.exec(term);
    if (!m) {
      parsed.errors.push(`"${term}" is not a valid term`);
      continue;
    }
    const qualifier = (m[1] || '+') as SpfQualifier;
    const mechanism = m[2]!.toLowerCase();
    const argument = m[3];
    if (LOOKUP_MECHANISMS.has(mechanism)) parsed.lookups++;
    switch (mechanism) {
      case 'all':
        if (argument !== undefined || m[4] !== undefined) parsed.errors.push('all takes no argument');
        parsed.all ??= qualifier;
        break;
      case 'include':
      case 'exists':
        if (!argument) parsed.errors.push(`${mechanism} needs a domain`);
        else if (mechanism === 'include') nested(argument);
        break;
      case 'a':
      case 'mx':
        if (argument === '') parsed.errors.push(`${mechanism}: has an empty domain`);
        if (!isCidr(m[4], 32) || !isCidr(m[5], 128)) parsed.errors.push(`"${term}" has an invalid prefix length`);
        break;
      case 'ptr':
        break;
      case 'ip4':
        if (!argument || !isIPv4(argument) || !isCidr(m[4], 32) || m[5] !== undefined) parsed.errors.push(`"${term}" is not a valid ip4 network`);
        break;
      case 'ip6':
        // ip6 addresses contain ':' themselves, so take everything after the first one.
        {
          const [address, prefix, ...rest] = term.replace(/^[+\-~?]?ip6:/i, '').split('/');
          if (!address || !isIPv6(address) || !isCidr(prefix, 128) || rest.length) parsed.errors.push(`"${term}" is not a valid ip6 network`);
        }
        break;
      default:
        parsed.errors.push(`"${mechanism}" is not an SPF mechanism`);
    }
  }
  return parsed;
}

/**
 * The SPF verdict for a domain's TXT records: missing without a `v=spf1` record, broken with several, a syntax
 * error, more than 10 DNS lookups (its own plus those of its includes), a broken include, or `+all`.
 */
export function assessSpf(txtRecords: string[], nested: NestedSpf = { lookups: 0, problems: [] }): DnsAssessment {
  const records = txtRecords.filter(isSpfRecord).map((r) => r.trim());
  if (records.length === 0) return { status: 'missing', value: null, detail: 'no v=spf1 TXT record', facts: {} };
  const value = records.join(' | ');
  if (records.length > 1) {
    return {
      status: 'broken',
      value,
      detail: `${records.length} v=spf1 records; receivers treat that as a permanent error (RFC 7208 §4.5)`,
      facts: { records: records.length },
    };
  }
  const spf = parseSpfRecord(records[0]!);
  const lookups = spf.lookups + nested.lookups;
  const facts = { lookups, all: spf.all === null ? null : `${spf.all}all`, ...(spf.redirect ? { redirect: spf.redirect } : {}) };
  const problems = [...spf.errors, ...nested.problems];
  if (lookups > SPF_LOOKUP_LIMIT) problems.push(`needs ${lookups} DNS lookups, more than the ${SPF_LOOKUP_LIMIT} SPF allows`);
  if (spf.all === '+') problems.push('+all lets every server on the internet send as this domain');
  if (problems.length) return { status: 'broken', value, detail: problems.join('; '), facts };
  const policy = spf.all ? ALL_MEANING[spf.all] : spf.redirect ? `policy of ${spf.redirect} (redirect)` : 'no all mechanism: mail from servers not listed is neutral';
  return { status: 'ok', value, detail: `${policy}; ${lookups} DNS lookup${lookups === 1 ? '' : 's'}`, facts };
}
