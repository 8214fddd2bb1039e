import { describeBodyError } from '../../common/parse-body';
import { sendingDomainBody, smtpHostBody } from './probe-targets.dto';

function firstError(schema: typeof sendingDomainBody | typeof smtpHostBody, body: unknown) {
  const parsed = schema.safeParse(body);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(body)} to be rejected`);
  return describeBodyError(parsed.error);
}

describe('sendingDomainBody', () => {
  it.each([
    [{ domain: 'Example.COM.' }, { domain: 'example.com', dkimSelectors: [] }],
    [{ domain: ' mail.example.co.uk ', dkimSelectors: ['S1', 'google', 's1', 'k1.sub'] }, { domain: 'mail.example.co.uk', dkimSelectors: ['s1', 'google', 'k1.sub'] }],
    [{ domain: 'bücher.example' }, { domain: 'xn--bcher-kva.example', dkimSelectors: [] }],
  ])('accepts %j', (body, expected) => {
    expect(sendingDomainBody.parse(body)).toEqual(expected);
  });

  it.each([
    [undefined, 'body', 'body: is required'],
    ['example.com', 'body', /^body: must be a JSON object/],
    [{}, 'domain', 'domain: is required'],
    [{ domain: 42 }, 'domain', 'domain: must be a domain name'],
    [{ domain: '' }, 'domain', 'domain: must not be empty'],
    [{ domain: 'localhost' }, 'domain', 'domain: "localhost" is not a domain name with a dot, like example.com'],
    [{ domain: 'exa mple.com' }, 'domain', /^domain: "exa mple.com" is not a valid name/],
    [{ domain: '-bad.example.com' }, 'domain', /is not a valid name/],
    [{ domain: 'http://example.com' }, 'domain', /is not a valid name/],
    [{ domain: `${'a'.repeat(63)}.${'b'.repeat(63)}.example.com` }, 'domain', 'domain: must be at most 128 characters'],
    [{ domain: 'example.com', dkimSelectors: 's1' }, 'dkimSelectors', /^dkimSelectors: must be a list of selectors/],
    [{ domain: 'example.com', dkimSelectors: ['ok', 'bad selector'] }, 'dkimSelectors.1', /^dkimSelectors.1: must be a DKIM selector/],
    [{ domain: 'example.com', dkimSelectors: Array.from({ length: 21 }, (_, i) => `s${i}`) }, 'dkimSelectors', 'dkimSelectors: must have at most 20 selectors'],
    [{ domain: 'example.com', selectors: ['s1'] }, 'selectors', 'selectors: is not a known field'],
  ])('rejects %j naming %s', (body, field, message) => {
    const error = firstError(sendingDomainBody, body);
    expect(error.field).toBe(field);
    expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  });
});

describe('smtpHostBody', () => {
  it.each([
    [{ host: 'MX.example.com' }, { host: 'mx.example.com', port: 25, expectStarttls: true }],
    [{ host: '127.0.0.1', port: 2525, expectStarttls: false, domain: 'example.com' }, { host: '127.0.0.1', port: 2525, expectStarttls: false, domain: 'example.com' }],
    [{ host: '[::1]', port: 587 }, { host: '::1', port: 587, expectStarttls: true }],
    [{ host: 'localhost' }, { host: 'localhost', port: 25, expectStarttls: true }],
  ])('accepts %j', (body, expected) => {
    expect(smtpHostBody.parse(body)).toEqual(expected);
  });

  it.each([
    [{}, 'host', 'host: is required'],
    [{ host: 'mx example' }, 'host', /^host: "mx example" is not a valid name/],
    [{ host: 'mx.example.com', port: 0 }, 'port', 'port: must be from 1 to 65535'],
    [{ host: 'mx.example.com', port: 70000 }, 'port', 'port: must be from 1 to 65535'],
    [{ host: 'mx.example.com', port: '25' }, 'port', 'port: must be a whole number'],
    [{ host: 'mx.example.com', port: 25.5 }, 'port', 'port: must be a whole number'],
    [{ host: 'mx.example.com', expectStarttls: 'yes' }, 'expectStarttls', 'expectStarttls: must be true or false'],
    [{ host: 'mx.example.com', domain: 'nodot' }, 'domain', /^domain: "nodot" is not a domain name with a dot/],
    [{ host: 'mx.example.com', tls: true }, 'tls', 'tls: is not a known field'],
  ])('rejects %j naming %s', (body, field, message) => {
    const error = firstError(smtpHostBody, body);
    expect(error.field).toBe(field);
    expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  });
});
