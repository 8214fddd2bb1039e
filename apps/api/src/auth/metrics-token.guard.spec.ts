import { metricsTokenAccepted } from './metrics-token.guard';

const TOKEN = 'scrape-token-0123456789';

describe('metricsTokenAccepted', () => {
  it('lets every request through when no token is configured', () => {
    expect(metricsTokenAccepted(undefined, { headers: {} })).toBe(true);
  });

  it.each([
    [{}, false],
    [{ authorization: `Bearer ${TOKEN}` }, true],
    [{ authorization: `bearer ${TOKEN}` }, true],
    [{ authorization: `Bearer ${TOKEN}x` }, false],
    [{ authorization: `Bearer ${TOKEN.slice(0, -1)}` }, false],
    [{ authorization: TOKEN }, false],
    [{ cookie: `mp_session=${TOKEN}` }, false],
  ])('with a token configured, headers %j → %p', (headers, expected) => {
    expect(metricsTokenAccepted(TOKEN, { headers })).toBe(expected);
  });
});
