import { Injectable } from '@nestjs/common';
import { assessFailedLookup } from './dns-answer';
import type { DnsCheck } from './dns-assessment';
import { assessDkim, dkimRecordName } from './dkim-record';
import { assessDmarc, assessInheritedDmarc, dmarcParentDomains, dmarcRecordName, isDmarcRecord } from './dmarc-record';
import { DnsLookup } from './dns-lookup';
import { assessMx } from './mx-records';
import { followSpfIncludes } from './spf-lookups';
import { assessSpf, isSpfRecord, parseSpfRecord } from './spf-record';

/** Looks up a sending domain's SPF, DKIM (one check per selector), DMARC and MX records and assesses each. */
@Injectable()
export class DnsChecker {
  constructor(private readonly dns: DnsLookup) {}

  checkDomain(domain: string, dkimSelectors: string[]): Promise<DnsCheck[]> {
    return Promise.all([
      this.checkSpf(domain),
      ...dkimSelectors.map((selector) => this.checkDkim(domain, selector)),
      this.checkDmarc(domain),
      this.checkMx(domain),
    ]);
  }

  private async checkSpf(domain: string): Promise<DnsCheck> {
    const answer = await this.dns.txt(domain);
    const check = { record: 'spf', selector: '', name: domain } as const;
    if (answer.kind !== 'found') return { ...check, assessment: assessFailedLookup(domain, answer, 'TXT record') };
    const spf = answer.records.filter(isSpfRecord);
    const nested = spf.length === 1 ? await followSpfIncludes(parseSpfRecord(spf[0]!).nestedDomains, (name) => this.dns.txt(name)) : undefined;
    return { ...check, assessment: assessSpf(answer.records, nested) };
  }

  private async checkDkim(domain: string, selector: string): Promise<DnsCheck> {
    const name = dkimRecordName(selector, domain);
    const answer = await this.dns.txt(name);
    const assessment = answer.kind === 'found' ? assessDkim(name, answer.records) : assessFailedLookup(name, answer, 'TXT record');
    return { record: 'dkim', selector, name, assessment };
  }

  private async checkDmarc(domain: string): Promise<DnsCheck> {
    const name = dmarcRecordName(domain);
    const answer = await this.dns.txt(name);
    const own = answer.kind === 'found' ? assessDmarc(answer.records) : assessFailedLookup(name, answer, 'TXT record');
    const check = { record: 'dmarc', selector: '', name } as const;
    if (own.status !== 'missing') return { ...check, assessment: own };
    // Without a record of its own, receivers apply the nearest parent domain's policy (its `sp`).
    for (const parent of dmarcParentDomains(domain)) {
      const parentName = dmarcRecordName(parent);
      const found = await this.dns.txt(parentName);
      if (found.kind === 'failed') return { ...check, assessment: assessFailedLookup(parentName, found, 'TXT record') };
      if (found.kind === 'found' && found.records.some(isDmarcRecord)) return { ...check, assessment: assessInheritedDmarc(domain, parent, found.records) };
    }
    return { ...check, assessment: own };
  }

  private async checkMx(domain: string): Promise<DnsCheck> {
    const answer = await this.dns.mx(domain);
    const assessment = answer.kind === 'found' ? assessMx(answer.records) : assessFailedLookup(domain, answer, 'MX record');
    return { record: 'mx', selector: '', name: domain, assessment };
  }
}
