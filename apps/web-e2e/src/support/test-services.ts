/** The real PostgreSQL the checks use; its database name must say "test" so a run never touches real data. */
export function testDatabaseUrl(): string {
  const url = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/mailpulse_test';
  const name = new URL(url).pathname.slice(1);
  if (!/test/i.test(name)) throw new Error(`Refusing to run against database "${name}": its name must contain "test"`);
  return url;
}

export function testRedisUrl(): string {
  return process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
}
