import { isForeignOriginRequest, isSafeMethod } from './same-site-request';

const req = (headers: Record<string, string>) => ({ headers, protocol: 'https' as const, host: 'mailpulse.example.com' });

describe('isForeignOriginRequest', () => {
  it.each([
    ['no Origin and no Sec-Fetch-Site (curl, old browsers)', {}, false],
    ['the portal itself', { origin: 'https://mailpulse.example.com' }, false],
    ['an origin in CORS_ORIGINS', { origin: 'https://app.example.com' }, false],
    ['another site', { origin: 'https://evil.example' }, true],
    ['the same host over http', { origin: 'http://mailpulse.example.com' }, true],
    ['a sibling subdomain', { origin: 'https://blog.example.com' }, true],
    ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }, false],
    ['Sec-Fetch-Site none (typed in the address bar)', { 'sec-fetch-site': 'none' }, false],
    ['Sec-Fetch-Site cross-site without Origin', { 'sec-fetch-site': 'cross-site' }, true],
    ['Sec-Fetch-Site same-site without Origin', { 'sec-fetch-site': 'same-site' }, true],
  ])('%s: %p', (_, headers, expected) => {
    expect(isForeignOriginRequest(req(headers), ['https://app.example.com'])).toBe(expected);
  });

  it.each([
    ['GET', true],
    ['HEAD', true],
    ['OPTIONS', true],
    ['POST', false],
    ['PATCH', false],
    ['DELETE', false],
  ])('%s is safe: %p', (method, expected) => {
    expect(isSafeMethod(method)).toBe(expected);
  });
});
