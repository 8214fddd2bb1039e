// `npm test`: builds, type-checks, then runs every tier of every project against the real Postgres and
// Redis on this machine (TEST_DATABASE_URL, TEST_REDIS_URL) and headless Chromium, and prints one summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };
const run = (cmd, args, extraEnv = {}) => {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } }).status ?? 1;
};
const must = (status, what) => {
  if (status !== 0) {
    console.error(`\n${what} failed`);
    process.exit(status || 1);
  }
};

must(run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'web', '--outputStyle=static']), 'build');
must(run('npx', ['tsc', '--noEmit', '-p', 'apps/api/tsconfig.app.json']), 'type check (api)');
must(run('npx', ['tsc', '--noEmit', '-p', 'apps/api/tsconfig.spec.json']), 'type check (api tests)');
// Every lib with its own tsconfig.lib.json / tsconfig.spec.json / jest.config.cts is checked and tested.
const libs = readdirSync('libs', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
for (const lib of libs) {
  for (const [config, what] of [['tsconfig.lib.json', lib], ['tsconfig.spec.json', `${lib} tests`]]) {
    const path = `libs/${lib}/${config}`;
    if (existsSync(path)) must(run('npx', ['tsc', '--noEmit', '-p', path]), `type check (${what})`);
  }
}
for (const config of ['ml-models/tsconfig.lib.json', 'ml-models/tsconfig.spec.json']) {
  if (existsSync(config)) must(run('npx', ['tsc', '--noEmit', '-p', config]), `type check (${config})`);
}

// Every run starts from an empty test database, migrated from scratch by the first suite's global setup, so a
// database left behind by an earlier run (or an earlier version of a migration) cannot decide the outcome.
// TEST_KEEP_DATABASE=1 keeps it.
if (process.env.TEST_KEEP_DATABASE !== '1') {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mailpulse_test');
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/test/i.test(name)) {
    console.error(`Refusing to reset database "${name}": its name must contain "test"`);
    process.exit(1);
  }
  const { default: pg } = await import('pg');
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  await admin.end();
  console.log(`\n(test database ${name} reset)`);
}

const out = mkdtempSync(join(tmpdir(), 'mailpulse-test-'));
const suites = [];
const jestProjects = [
  ['api', 'apps/api/jest.config.cts'],
  ...libs.map((lib) => [lib, `libs/${lib}/jest.config.cts`]),
  ['web-e2e', 'apps/web-e2e/jest.config.cts'],
].filter(([, config]) => existsSync(config));
for (const [name, config] of jestProjects) {
  const file = join(out, `${name}.json`);
  const status = run('npx', ['jest', '-c', config, '--runInBand', '--json', `--outputFile=${file}`]);
  const report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { numPassedTests: 0, numFailedTests: 1 };
  suites.push({ name, status, passed: report.numPassedTests, failed: report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0) });
}

// The Angular unit-test builder (vitest) takes no JSON report path from the command line: read its summary line.
console.log('\n$ npx nx test web');
const webRun = spawnSync('npx', ['nx', 'test', 'web', '--outputStyle=static'], { env, encoding: 'utf8' });
process.stdout.write(webRun.stdout ?? '');
process.stderr.write(webRun.stderr ?? '');
const plain = (webRun.stdout ?? '').replace(/\u001b\[[0-9;]*m/g, '');
const summary = /Tests\s+(?:(\d+) failed\s*\|\s*)?(\d+) passed/.exec(plain);
const webFailed = summary ? Number(summary[1] ?? 0) : 0;
suites.push({ name: 'web', status: webRun.status ?? 1, passed: summary ? Number(summary[2]) : 0, failed: webFailed + ((webRun.status ?? 1) !== 0 && webFailed === 0 ? 1 : 0) });

const passed = suites.reduce((n, s) => n + s.passed, 0);
const failed = suites.reduce((n, s) => n + s.failed, 0);
console.log('\n' + suites.map((s) => `${s.name}: ${s.passed} passed, ${s.failed} failed`).join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || suites.some((s) => s.status !== 0) ? 1 : 0);
