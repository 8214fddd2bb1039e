import { assessSpf, isSpfRecord, parseSpfRecord } from './spf-record';

describe('isSpfRecord', () => {
  it.each([
    ['v=spf1 -all', true],
    ['V=SPF1 include:x.com ~all', true],
    ['  v=spf1', true],
    ['v=spf10 -all', false],
    ['v=spf2.0/pra -all', false],
    ['google-site-verification=abc', false],
    ['"v=spf1 -all"', false],
  ])('%j → %s', (txt, expected) => {
    expect(isSpfRecord(txt)).toBe(expected);
  });
});

describe('parseSpfRecord', () => {
  it('counts the DNS-querying terms and lists the includes and redirect to follow', () => {
    const spf = parseSpfRecord('v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.com/24 include:_spf.Google.com. exists:%{i}.x.example ptr redirect=_spf.example.net');
    expect(spf).toEqual({ lookups: 6, nestedDomains: ['_spf.google.com', '_spf.example.net'], all: null, redirect: '_spf.example.net', errors: [] });
  });

  it('leaves macro domains out of the ones to follow but counts them', () => {
    expect(parseSpfRecord('v=spf1 include:%{d}.spf.example.com -all')).toMatchObject({ lookups: 1, nestedDomains: [], all: '-' });
  });

  it.each([
    ['v=spf1 -all', '-'],
    ['v=spf1 ~all', '~'],
    ['v=spf1 ?all', '?'],
    ['v=spf1 all', '+'],
    ['v=spf1 +all', '+'],
  ])('reads the all qualifier of %j', (record, all) => {
    expect(parseSpfRecord(record).all).toBe(all);
  });

  it('ignores unknown modifiers', () => {
    expect(parseSpfRecord('v=spf1 foo=bar ip4:192.0.2.1 -all').errors).toEqual([]);
  });

  it.each([
    ['v=spf1 ip4:300.1.1.1 -all', '"ip4:300.1.1.1" is not a valid ip4 network'],
    ['v=spf1 ip4:192.0.2.0/33 -all', '"ip4:192.0.2.0/33" is not a valid ip4 network'],
    ['v=spf1 ip4 -all', '"ip4" is not a valid ip4 network'],
    ['v=spf1 ip6:2001:db8::zz -all', '"ip6:2001:db8::zz" is not a valid ip6 network'],
    ['v=spf1 ip6:2001:db8::/129 -all', '"ip6:2001:db8::/129" is not a valid ip6 network'],
    ['v=spf1 include -all', 'include needs a domain'],
    ['v=spf1 include: -all', 'include needs a domain'],
    ['v=spf1 exists -all', 'exists needs a domain'],
    ['v=spf1 a/40 -all', '"a/40" has an invalid prefix length'],
    ['v=spf1 mx: -all', 'mx: has an empty domain'],
    ['v=spf1 -all:x', 'all takes no argument'],
    ['v=spf1 ipv4:192.0.2.1 -all', '"ipv4" is not an SPF mechanism'],
    ['v=spf1 redirect=a.example redirect=b.example', 'redirect= appears twice'],
    ['v=spf1 redirect=', 'redirect= needs a domain'],
    ['v=spf1 exp=', 'exp= needs a domain'],
    ['v=spf1 !all', '"!all" is not a valid term'],
  ])('reports a syntax error in %j', (record, error) => {
    expect(parseSpfRecord(record).errors).toEqual([error]);
  });
});

describe('assessSpf', () => {
  it('is missing without a v=spf1 record (other TXT records do not count)', () => {
    expect(assessSpf(['google-site-verification=abc'])).toEqual({ status: 'missing', value: null, detail: 'no v=spf1 TXT record', facts: {} });
    expect(assessSpf([]).status).toBe('missing');
  });

  it('is broken with two v=spf1 records and shows both', () => {
    const a = assessSpf(['v=spf1 include:a.example -all', 'site-verification=1', 'v=spf1 ip4:192.0.2.1 -all']);
    expect(a).toMatchObject({ status: 'broken', value: 'v=spf1 include:a.example -all | v=spf1 ip4:192.0.2.1 -all', facts: { records: 2 } });
    expect(a.detail).toMatch(/^2 v=spf1 records; .*permanent error/);
  });

  it('is ok with one valid record, saying what it does', () => {
    expect(assessSpf(['v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all'], { lookups: 2, problems: [] })).toEqual({
      status: 'ok',
      value: 'v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all',
      detail: 'mail from servers not listed fails (-all); 3 DNS lookups',
      facts: { lookups: 3, all: '-all' },
    });
  });

  it.each([
    ['v=spf1 ~all', 'soft-fails (~all); 0 DNS lookups'],
    ['v=spf1 a', 'no all mechanism: mail from servers not listed is neutral; 1 DNS lookup'],
    ['v=spf1 redirect=_spf.example.net', 'policy of _spf.example.net (redirect); 1 DNS lookup'],
  ])('describes %j', (record, detail) => {
    expect(assessSpf([record]).detail).toContain(detail);
  });

  it('is broken over 10 DNS lookups, counting those of its includes', () => {
    const record = 'v=spf1 include:a.example include:b.example include:c.example -all';
    expect(assessSpf([record], { lookups: 7, problems: [] }).status).toBe('ok');
    const over = assessSpf([record], { lookups: 8, problems: [] });
    expect(over).toMatchObject({ status: 'broken', detail: 'needs 11 DNS lookups, more than the 10 SPF allows', facts: { lookups: 11 } });
  });

  it('is broken with a syntax error, a broken include, or +all', () => {
    expect(assessSpf(['v=spf1 ip4:1.2.3 -all'])).toMatchObject({ status: 'broken', detail: '"ip4:1.2.3" is not a valid ip4 network' });
    expect(assessSpf(['v=spf1 include:gone.example -all'], { lookups: 0, problems: ['gone.example (included) has no SPF record'] })).toMatchObject({
      status: 'broken',
      detail: 'gone.example (included) has no SPF record',
    });
    expect(assessSpf(['v=spf1 +all'])).toMatchObject({ status: 'broken', detail: '+all lets every server on the internet send as this domain' });
  });
});
