import type { DnsAssessment } from './dns-assessment';
import { parseTagList } from './tag-list';

const POLICIES = ['none', 'quarantine', 'reject'] as const;
type DmarcPolicy = (typeof POLICIES)[number];

/** The parsed policy of a DMARC record (RFC 7489 §6.3); `sp` defaults to `p`, `pct` to 100. */
export interface DmarcFacts {
  p: DmarcPolicy;
  sp: DmarcPolicy;
  pct: number;
  rua: string[];
  ruf: string[];
  adkim: 'r' | 's';
  aspf: 'r' | 's';
}

export function dmarcRecordName(domain: string): string {
  return `_dmarc.${domain}`;
}

/** Most parent domains looked at for a policy (the DMARCbis tree walk stops after a few labels as well). */
export const MAX_DMARC_PARENTS = 7;

/**
 * Where a receiver looks next when `_dmarc.<domain>` has no record: the parent domains, nearest first, down to the
 * domain under the top-level domain (the DMARCbis tree walk; RFC 7489 §6.6.3 asks for the organizational domain,
 * which is among them). `mail.news.example.co.uk` → `news.example.co.uk`, `example.co.uk`, `co.uk`.
 */
export function dmarcParentDomains(domain: string): string[] {
  const labels = domain.replace(/\.$/, '').split('.');
  const parents: string[] = [];
  for (let i = 1; i < labels.length - 1 && parents.length < MAX_DMARC_PARENTS; i++) parents.push(labels.slice(i).join('.'));
  return parents;
}

/**
 * The verdict for a domain without its own record whose parent publishes one: the parent's record applies, with
 * its subdomain policy `sp` (which defaults to `p`). A broken parent record is broken for the domain too.
 */
export function assessInheritedDmarc(domain: string, parent: string, parentTxtRecords: string[]): DnsAssessment {
  const own = assessDmarc(parentTxtRecords);
  const intro = `no record at ${dmarcRecordName(domain)}; the record of ${parent} applies`;
  if (own.status !== 'ok') return { ...own, detail: `${intro}, and it is ${own.status}: ${own.detail}`, facts: { ...own.facts, inheritedFrom: parent } };
  const facts = own.facts as unknown as DmarcFacts;
  const enforcement = facts.sp === 'none' ? 'sp=none: failing mail is only reported, nothing is enforced' : `sp=${facts.sp} on ${facts.pct}% of failing mail`;
  return { status: 'ok', value: own.value, detail: `${intro} (${enforcement})`, facts: { ...own.facts, inheritedFrom: parent } };
}

export function isDmarcRecord(txt: string): boolean {
  return /^v\s*=\s*DMARC1\s*(;|$)/i.test(txt.trim());
}

function isPolicy(value: string | undefined): value is DmarcPolicy {
  return (POLICIES as readonly string[]).includes(value ?? '');
}

function uris(value: string | undefined): string[] {
  return (value ?? '').split(',').map((u) => u.trim()).filter(Boolean);
}

/**
 * The DMARC verdict for the TXT records at `_dmarc.<domain>`: missing without a `v=DMARC1` record, broken with
 * several, a missing or unknown `p`/`sp`, a `pct` outside 0–100, report addresses that are not URIs or a
 * malformed tag list; otherwise ok with the parsed policy.
 */
export function assessDmarc(txtRecords: string[]): DnsAssessment {
  const records = txtRecords.filter(isDmarcRecord).map((r) => r.trim());
  if (records.length === 0) return { status: 'missing', value: null, detail: 'no v=DMARC1 record', facts: {} };
  const value = records.join(' | ');
  if (records.length > 1) return { status: 'broken', value, detail: `${records.length} v=DMARC1 records; receivers ignore them all`, facts: {} };

  const { tags, errors } = parseTagList(records[0]!);
  const p = tags.get('p')?.toLowerCase();
  const sp = tags.get('sp')?.toLowerCase() ?? p;
  const pctText = tags.get('pct') ?? '100';
  const rua = uris(tags.get('rua'));
  const ruf = uris(tags.get('ruf'));
  const problems = [...errors];
  if (p === undefined) problems.push('p= (the policy) is missing');
  else if (!isPolicy(p)) problems.push(`p=${p} is not none, quarantine or reject`);
  if (sp !== p && !isPolicy(sp)) problems.push(`sp=${sp} is not none, quarantine or reject`);
  if (!/^\d{1,3}$/.test(pctText) || Number(pctText) > 100) problems.push(`pct=${pctText} is not a whole number from 0 to 100`);
  const badUri = [...rua, ...ruf].find((u) => !/^(mailto:[^@\s]+@[^@\s]+|https?:\/\/\S+)$/i.test(u));
  if (badUri) problems.push(`"${badUri}" is not a mailto: report address`);
  for (const tag of ['adkim', 'aspf']) {
    const mode = tags.get(tag);
    if (mode !== undefined && mode !== 'r' && mode !== 's') problems.push(`${tag}=${mode} is not r or s`);
  }
  if (problems.length || !isPolicy(p) || !isPolicy(sp)) return { status: 'broken', value, detail: problems.join('; '), facts: {} };

  const facts: DmarcFacts = {
    p,
    sp,
    pct: Number(pctText),
    rua,
    ruf,
    adkim: tags.get('adkim') === 's' ? 's' : 'r',
    aspf: tags.get('aspf') === 's' ? 's' : 'r',
  };
  const enforcement = p === 'none' ? 'p=none: failing mail is only reported, nothing is enforced' : `p=${p} on ${facts.pct}% of failing mail`;
  const reports = rua.length ? `aggregate reports to ${rua.join(', ')}` : 'no aggregate reports (rua)';
  return { status: 'ok', value, detail: `${enforcement}; ${reports}`, facts: { ...facts } };
}
