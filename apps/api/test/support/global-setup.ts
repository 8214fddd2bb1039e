import { join } from 'node:path';
import { createPool } from '../../src/database/database.module';
import { migrate } from '../../src/database/migrator';
import { createTestDatabase, testDatabaseUrl } from './test-database';

/** Once per run: the test database exists and is migrated. Tests then make their own workspaces. */
export default async function globalSetup(): Promise<void> {
  const url = testDatabaseUrl();
  await createTestDatabase(url);
  const pool = createPool(url, 1);
  try {
    await migrate(pool, join(__dirname, '../../migrations'));
  } finally {
    await pool.end();
  }
}
