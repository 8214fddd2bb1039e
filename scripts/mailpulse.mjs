// `npm run mailpulse -- <command>`: the product CLI, on the embedded PostgreSQL when DATABASE_URL is unset.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ensureEmbeddedPostgres } from './embedded-postgres.mjs';

const cli = resolve('dist/apps/api/cli.js');
if (!existsSync(cli)) {
  console.error('The API is not built; run `npm run build` first.');
  process.exit(1);
}
if (!process.env.DATABASE_URL) {
  const pg = await ensureEmbeddedPostgres();
  process.env.DATABASE_URL = pg.url;
  if (!pg.reused) process.on('exit', () => void pg.stop());
  const exit = process.exit.bind(process);
  // Stop the embedded server we started before the CLI's own exit.
  process.exit = (code) => {
    if (pg.reused) return exit(code);
    pg.stop().finally(() => exit(code));
  };
}
createRequire(import.meta.url)(cli);
