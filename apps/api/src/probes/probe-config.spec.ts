import { ConfigError, loadConfig } from '../config/config.schema';

const base = { DATABASE_URL: 'postgres://localhost/mailpulse' };

describe('probe configuration', () => {
  it('defaults: every 300 s, the system resolver, 10 s timeouts, the host name in EHLO', () => {
    expect(loadConfig(base)).toMatchObject({ PROBE_INTERVAL_SECONDS: 300, PROBE_DNS_SERVERS: undefined, PROBE_TIMEOUT_MS: 10_000, PROBE_EHLO_NAME: undefined });
    expect(loadConfig({ ...base, PROBE_INTERVAL_SECONDS: '0' }).PROBE_INTERVAL_SECONDS).toBe(0);
  });

  it.each([
    ['127.0.0.1:5353', ['127.0.0.1:5353']],
    ['9.9.9.9, 1.1.1.1:53', ['9.9.9.9', '1.1.1.1:53']],
    ['::1', ['::1']],
    ['[2001:db8::53]:5353,127.0.0.1', ['[2001:db8::53]:5353', '127.0.0.1']],
  ])('reads PROBE_DNS_SERVERS=%j', (value, servers) => {
    expect(loadConfig({ ...base, PROBE_DNS_SERVERS: value }).PROBE_DNS_SERVERS).toEqual(servers);
  });

  it.each([
    ['PROBE_DNS_SERVERS', 'dns.google', 'must be a comma-separated list of IP or IP:port addresses ("dns.google" is not one)'],
    ['PROBE_DNS_SERVERS', '127.0.0.1:99999', '("127.0.0.1:99999" is not one)'],
    ['PROBE_DNS_SERVERS', '127.0.0.1:0', '("127.0.0.1:0" is not one)'],
    ['PROBE_DNS_SERVERS', ',', 'must be a comma-separated list of IP or IP:port addresses'],
    ['PROBE_INTERVAL_SECONDS', '-1', ''],
    ['PROBE_INTERVAL_SECONDS', 'often', ''],
    ['PROBE_TIMEOUT_MS', '0', ''],
  ])('stops on a bad %s (%s) and names it', (name, value, detail) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(detail);
  });
});
