import { hitSignalsOf, RequestLike } from './hit-signals';

const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const req = (more: Partial<RequestLike> = {}): RequestLike => ({ method: 'GET', ip: '203.0.113.7', headers: { 'user-agent': UA }, ...more });

describe('hitSignalsOf', () => {
  it('reads method, user agent and IP of a plain GET', () => {
    expect(hitSignalsOf(req())).toEqual({ method: 'GET', userAgent: UA, ip: '203.0.113.7', prefetch: false });
  });

  it.each([
    ['HEAD', { method: 'HEAD' }, { method: 'HEAD' }],
    ['an IPv6 client', { ip: '2001:db8::1' }, { ip: '2001:db8::1' }],
    ['Purpose: prefetch', { headers: { 'user-agent': UA, purpose: 'prefetch' } }, { prefetch: true }],
    ['Sec-Purpose: prefetch;prerender', { headers: { 'user-agent': UA, 'sec-purpose': 'prefetch;prerender' } }, { prefetch: true }],
    ['X-Purpose: preview (not a prefetch)', { headers: { 'user-agent': UA, 'x-purpose': 'preview' } }, { prefetch: false }],
    ['X-Moz: prefetch', { headers: { 'user-agent': UA, 'x-moz': 'prefetch' } }, { prefetch: true }],
  ])('%s', (_name, more, expected) => {
    expect(hitSignalsOf(req(more as Partial<RequestLike>))).toMatchObject(expected);
  });

  it('leaves out an IP that is not an address (a forged X-Forwarded-For) and an absent user agent', () => {
    const s = hitSignalsOf(req({ ip: 'not-an-ip', headers: {} }));
    expect(s).toEqual({ method: 'GET', prefetch: false });
  });

  it('cuts a user agent to the 1024 characters an event may hold', () => {
    expect(hitSignalsOf(req({ headers: { 'user-agent': 'x'.repeat(5000) } })).userAgent).toHaveLength(1024);
  });
});
