import { RouteTable, routePattern } from './api-catalog';

describe('API route table', () => {
  const table = new RouteTable({
    paths: {
      '/v1/campaigns': { get: {} },
      '/v1/campaigns/{id}': { get: {} },
      '/v1/campaigns/{id}/ab-test': { get: {} },
      '/v1/api-keys/{id}': { delete: {} },
    },
  });

  it.each([
    ['GET', '/v1/campaigns?sort=sent', true],
    ['GET', '/v1/campaigns/spring%20sale', true],
    ['GET', '/v1/campaigns/spring/ab-test', true],
    ['GET', '/v1/campaigns/spring/recipients', false],
    ['POST', '/v1/campaigns', false],
    ['DELETE', '/v1/api-keys/0d9c', true],
    ['GET', '/v1/anomalies', false],
  ])('%s %s exists: %s', (method, path, expected) => {
    expect(table.has(method, path)).toBe(expected);
  });

  it('escapes the literal parts of a path', () => {
    expect(routePattern('/v1/a.b/{x}').test('/v1/aXb/1')).toBe(false);
  });
});
