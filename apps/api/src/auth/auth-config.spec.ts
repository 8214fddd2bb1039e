import { ConfigError, loadConfig } from '../config/config.schema';

const base = { DATABASE_URL: 'postgres://localhost/x_test' };

describe('auth and HTTP security configuration', () => {
  it('has defaults that work out of the box', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      SESSION_TTL_HOURS: 168,
      LOGIN_MAX_FAILURES: 5,
      LOGIN_MAX_FAILURES_PER_IP: 20,
      LOGIN_FAILURE_WINDOW_MINUTES: 15,
      RATE_LIMIT_LOGIN_PER_MINUTE: 30,
      RATE_LIMIT_INGEST_PER_MINUTE: 0,
      CORS_ORIGINS: [],
    });
    expect(config.MAILPULSE_ADMIN_EMAIL).toBeUndefined();
  });

  it.each([
    ['https://app.example.com', ['https://app.example.com']],
    ['https://app.example.com/, http://localhost:4200', ['https://app.example.com', 'http://localhost:4200']],
    ['*', ['*']],
  ])('reads CORS_ORIGINS=%p', (value, expected) => {
    expect(loadConfig({ ...base, CORS_ORIGINS: value }).CORS_ORIGINS).toEqual(expected);
  });

  it.each(['app.example.com', 'https://app.example.com/portal', 'ftp://files.example.com'])('refuses CORS_ORIGINS=%p, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, CORS_ORIGINS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, CORS_ORIGINS: value })).toThrow(/^Invalid configuration: CORS_ORIGINS must be a comma-separated list of origins/);
  });

  it('lower-cases MAILPULSE_ADMIN_EMAIL and refuses one that is not an address', () => {
    expect(loadConfig({ ...base, MAILPULSE_ADMIN_EMAIL: 'Boss@Example.com' }).MAILPULSE_ADMIN_EMAIL).toBe('boss@example.com');
    expect(() => loadConfig({ ...base, MAILPULSE_ADMIN_EMAIL: 'boss' })).toThrow(/MAILPULSE_ADMIN_EMAIL must be an email address/);
  });

  it.each(['RATE_LIMIT_INGEST_PER_MINUTE', 'RATE_LIMIT_LOGIN_PER_MINUTE'])('takes 0 for %s (off) but not a negative number', (name) => {
    expect(loadConfig({ ...base, [name]: '0' })).toMatchObject({ [name]: 0 });
    expect(() => loadConfig({ ...base, [name]: '-1' })).toThrow(new RegExp(`^Invalid configuration: ${name}`));
  });
});
