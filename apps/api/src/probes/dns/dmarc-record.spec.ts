import { assessDmarc, isDmarcRecord } from './dmarc-record';

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
