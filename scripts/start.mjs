// `npm start`: the whole product on embedded defaults. Uses DATABASE_URL when set, otherwise starts the
// embedded PostgreSQL; then runs the built API (which serves the built web app on the same port).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { ensureEmbeddedPostgres } from './embedded-postgres.mjs';

const main = resolve('dist/apps/api/main.js');
if (!existsSync(main)) {
  console.error('The API is not built; run `npm start` (it builds first) or `npm run build`.');
  process.exit(1);
}

let stopDatabase = async () => undefined;
if (!process.env.DATABASE_URL) {
  const pg = await ensureEmbeddedPostgres();
  process.env.DATABASE_URL = pg.url;
  stopDatabase = pg.stop;
  console.log(pg.reused ? `Using the embedded PostgreSQL already running (${pg.url})` : `Started the embedded PostgreSQL (data in ${process.env.MAILPULSE_DATA_DIR || '.data'}/postgres)`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    // Give the API's shutdown hooks a moment to finish in-flight commits, then stop the database.
    setTimeout(async () => {
      await stopDatabase().catch(() => undefined);
      process.exit(0);
    }, 500);
  });
}

createRequire(import.meta.url)(main);
