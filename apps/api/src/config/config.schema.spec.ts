import { ConfigError, loadConfig } from './config.schema';

const base = { DATABASE_URL: 'postgres://localhost/mailpulse' };

describe('loadConfig', () => {
  it('applies the embedded defaults', () => {
    const config = loadConfig(base);
    expect(config.PORT).toBe(3000);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.INGEST_MAX_BATCH).toBe(10_000);
    expect(config.MAILPULSE_DEMO).toBe('on');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://x'],
    ['MAILPULSE_DEMO', 'maybe'],
    ['GROUP_COMMIT_CONCURRENCY', '0'],
    ['LOG_LEVEL', 'loud'],
  ])('stops on a bad %s (%s) and names it', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it('runs one API process unless API_WORKERS says more, and more only with REDIS_URL', () => {
    expect(loadConfig(base).API_WORKERS).toBe(1);
    expect(loadConfig({ ...base, API_WORKERS: '2', REDIS_URL: 'redis://127.0.0.1:6379' }).API_WORKERS).toBe(2);
    expect(() => loadConfig({ ...base, API_WORKERS: '2' })).toThrow('Invalid configuration: API_WORKERS needs REDIS_URL when above 1 (got "2")');
    expect(() => loadConfig({ ...base, API_WORKERS: '0', REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/^Invalid configuration: API_WORKERS /);
  });

  it('names DATABASE_URL when it is missing', () => {
    expect(() => loadConfig({})).toThrow('Invalid configuration: DATABASE_URL is required');
  });
});
