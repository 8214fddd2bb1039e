import { assessFailedLookup } from './dns-answer';

describe('assessFailedLookup', () => {
  it.each([
    [{ kind: 'none', code: 'ENOTFOUND' } as const, 'missing', '_dmarc.example.com does not exist'],
    [{ kind: 'none', code: 'ENODATA' } as const, 'missing', '_dmarc.example.com has no TXT record'],
    [{ kind: 'failed', code: 'ESERVFAIL' } as const, 'broken', 'the DNS lookup of _dmarc.example.com answered SERVFAIL'],
    [{ kind: 'failed', code: 'EREFUSED' } as const, 'broken', 'the DNS lookup of _dmarc.example.com answered REFUSED'],
    [{ kind: 'failed', code: 'ETIMEOUT' } as const, 'error', 'the DNS lookup of _dmarc.example.com failed (ETIMEOUT); nothing could be checked'],
    [{ kind: 'failed', code: 'ECONNREFUSED' } as const, 'error', 'the DNS lookup of _dmarc.example.com failed (ECONNREFUSED); nothing could be checked'],
  ])('%j → %s', (answer, status, detail) => {
    expect(assessFailedLookup('_dmarc.example.com', answer, 'TXT record')).toMatchObject({ status, detail, value: null });
  });
});
