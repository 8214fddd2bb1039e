import { assessDmarc, assessInheritedDmarc, dmarcParentDomains, isDmarcRecord } from './dmarc-record';

describe('isDmarcRecord', () => {
  it.each([
    ['v=DMARC1; p=none', true],
    ['v=dmarc1;p=none', true],
    ['v = DMARC1 ; p=none', true],
    ['v=DMARC1', true],
    ['v=DMARC10; p=none', false],
    ['p=none; v=DMARC1', false],
    ['v=spf1 -all', false],
  ])('%j → %s', (txt, expected) => {
    expect(isDmarcRecord(txt)).toBe(expected);
  });
});

describe('assessDmarc', () => {
  it('parses the policy: p, sp, pct, rua, ruf and alignment', () => {
    const record = 'v=DMARC1; p=reject; sp=quarantine; pct=50; rua=mailto:agg@example.com, mailto:b@example.net; ruf=mailto:f@example.com; adkim=s';
    expect(assessDmarc(['unrelated', record])).toEqual({
      status: 'ok',
      value: record,
      detail: 'p=reject on 50% of failing mail; aggregate reports to mailto:agg@example.com, mailto:b@example.net',
      facts: { p: 'reject', sp: 'quarantine', pct: 50, rua: ['mailto:agg@example.com', 'mailto:b@example.net'], ruf: ['mailto:f@example.com'], adkim: 's', aspf: 'r' },
    });
  });

  it('defaults sp to p and pct to 100, and says when nothing is enforced', () => {
    expect(assessDmarc(['v=DMARC1; p=none'])).toEqual({
      status: 'ok',
      value: 'v=DMARC1; p=none',
      detail: 'p=none: failing mail is only reported, nothing is enforced; no aggregate reports (rua)',
      facts: { p: 'none', sp: 'none', pct: 100, rua: [], ruf: [], adkim: 'r', aspf: 'r' },
    });
  });

  it('is missing without a v=DMARC1 record', () => {
    expect(assessDmarc([])).toMatchObject({ status: 'missing', value: null });
    expect(assessDmarc(['v=spf1 -all'])).toMatchObject({ status: 'missing', detail: 'no v=DMARC1 record' });
  });

  it.each([
    ['two records', ['v=DMARC1; p=none', 'v=DMARC1; p=reject'], '2 v=DMARC1 records; receivers ignore them all'],
    ['no p=', ['v=DMARC1; rua=mailto:a@example.com'], 'p= (the policy) is missing'],
    ['an unknown p', ['v=DMARC1; p=block'], 'p=block is not none, quarantine or reject'],
    ['an unknown sp', ['v=DMARC1; p=reject; sp=maybe'], 'sp=maybe is not none, quarantine or reject'],
    ['pct over 100', ['v=DMARC1; p=reject; pct=150'], 'pct=150 is not a whole number from 0 to 100'],
    ['pct not a number', ['v=DMARC1; p=reject; pct=half'], 'pct=half is not a whole number from 0 to 100'],
    ['rua not a URI', ['v=DMARC1; p=reject; rua=agg@example.com'], '"agg@example.com" is not a mailto: report address'],
    ['a bad alignment mode', ['v=DMARC1; p=reject; aspf=x'], 'aspf=x is not r or s'],
    ['a malformed tag', ['v=DMARC1; p=reject; nonsense'], '"nonsense" is not a tag=value pair'],
  ])('is broken with %s', (_what, records, detail) => {
    expect(assessDmarc(records)).toMatchObject({ status: 'broken', detail });
  });
});

describe('dmarcParentDomains', () => {
  it.each([
    ['example.com', []],
    ['news.example.com', ['example.com']],
    ['mail.news.example.co.uk', ['news.example.co.uk', 'example.co.uk', 'co.uk']],
    ['a.b.c.d.e.f.g.h.i.example.com', ['b.c.d.e.f.g.h.i.example.com', 'c.d.e.f.g.h.i.example.com', 'd.e.f.g.h.i.example.com', 'e.f.g.h.i.example.com', 'f.g.h.i.example.com', 'g.h.i.example.com', 'h.i.example.com']],
    ['com', []],
  ])('%s → %j', (domain, parents) => {
    expect(dmarcParentDomains(domain)).toEqual(parents);
  });
});

describe('assessInheritedDmarc', () => {
  it('applies the parent\'s subdomain policy sp', () => {
    const record = 'v=DMARC1; p=reject; sp=quarantine; rua=mailto:agg@example.com';
    expect(assessInheritedDmarc('news.example.com', 'example.com', [record])).toEqual({
      status: 'ok',
      value: record,
      detail: 'no record at _dmarc.news.example.com; the record of example.com applies (sp=quarantine on 100% of failing mail)',
      facts: { p: 'reject', sp: 'quarantine', pct: 100, rua: ['mailto:agg@example.com'], ruf: [], adkim: 'r', aspf: 'r', inheritedFrom: 'example.com' },
    });
  });

  it('falls back to p when the parent has no sp, and says when nothing is enforced', () => {
    expect(assessInheritedDmarc('news.example.com', 'example.com', ['v=DMARC1; p=none'])).toMatchObject({
      status: 'ok',
      detail: 'no record at _dmarc.news.example.com; the record of example.com applies (sp=none: failing mail is only reported, nothing is enforced)',
      facts: { sp: 'none', inheritedFrom: 'example.com' },
    });
  });

  it('is broken when the parent\'s record is', () => {
    expect(assessInheritedDmarc('news.example.com', 'example.com', ['v=DMARC1; p=block'])).toMatchObject({
      status: 'broken',
      detail: 'no record at _dmarc.news.example.com; the record of example.com applies, and it is broken: p=block is not none, quarantine or reject',
      facts: { inheritedFrom: 'example.com' },
    });
  });
});
