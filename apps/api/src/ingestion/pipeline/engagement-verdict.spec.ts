import { engagementVerdict } from './engagement-verdict';

describe('engagementVerdict', () => {
  it.each([
    ['a sent event', { type: 'email.sent' as const, userAgent: 'Mozilla/5.0 (iPhone)' }, 'unknown'],
    ['an open without a user agent', { type: 'email.opened' as const }, 'unknown'],
    ['an Apple MPP proxy fetch', { type: 'email.opened' as const, userAgent: 'Mozilla/5.0' }, 'machine'],
    ['a HEAD request', { type: 'email.clicked' as const, userAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/120', method: 'HEAD' }, 'machine'],
    ['a prefetch', { type: 'email.opened' as const, userAgent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/120', prefetch: true }, 'machine'],
    ['a security scanner', { type: 'email.clicked' as const, userAgent: 'Barracuda Sentinel (EE)' }, 'machine'],
    ['a script', { type: 'email.clicked' as const, userAgent: 'python-requests/2.31' }, 'machine'],
    ["Google's image proxy (a person behind it)", { type: 'email.opened' as const, userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)' }, 'human'],
    ['a desktop browser', { type: 'email.clicked' as const, userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15' }, 'human'],
  ])('%s → %s', (_n, signals, verdict) => {
    expect(engagementVerdict(signals)).toBe(verdict);
  });
});
