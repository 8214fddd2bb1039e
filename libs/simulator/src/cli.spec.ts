import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      TSX,
      ['libs/simulator/src/cli.ts', ...args],
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        done({
          code:
            error === null
              ? 0
              : typeof error.code === 'number'
                ? error.code
                : 1,
          stdout,
          stderr,
        });
      },
    );
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  });
}

/** A stand-in for the API: refuses the first request with 503, then stores ids like the real one would. */
function fakeApi(): Promise<{
  server: Server;
  url: string;
  ids: Set<string>;
  auth: string[];
}> {
  const ids = new Set<string>();
  const auth: string[] = [];
  let requests = 0;
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      auth.push(String(request.headers.authorization));
      if (requests++ === 0) {
        response.writeHead(503, { 'retry-after': '0' }).end('{}');
        return;
      }
      let accepted = 0;
      let duplicates = 0;
      for (const event of JSON.parse(body) as { id: string }[]) {
        if (ids.has(event.id)) duplicates++;
        else accepted++;
        ids.add(event.id);
      }
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ accepted, duplicates, rejected: [] }));
    });
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        ids,
        auth,
      }),
    ),
  );
}

describe('npm run simulate', () => {
  const out = mkdtempSync(join(tmpdir(), 'mailpulse-sim-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes events, labels and truth, and posts every event to the API, retrying a 503', async () => {
    const api = await fakeApi();
    try {
      const args = [
        '--seed',
        '2',
        '--days',
        '2',
        '--contacts',
        '300',
        '--end',
        '2026-03-01T00:00:00Z',
        '--out',
        out,
        '--target',
        api.url,
        '--batch-size',
        '500',
        '--duplicate-rate',
        '0.05',
      ];
      const { code, stdout, stderr } = await runCli(args, {
        MAILPULSE_INGEST_KEY: 'test-key',
      });
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });

      const events = readFileSync(join(out, 'events.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string });
      const labels = readFileSync(join(out, 'labels.ndjson'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; label: string });
      const truth = JSON.parse(
        readFileSync(join(out, 'truth.json'), 'utf8'),
      ) as {
        events: { distinct: number; emitted: number };
        contacts: unknown[];
      };
      const distinct = new Set(events.map((e) => e.id));
      expect(events.length).toBe(truth.events.emitted);
      expect(labels.length).toBe(distinct.size);
      expect(new Set(labels.map((l) => l.id))).toEqual(distinct);
      expect(truth.events.distinct).toBe(distinct.size);
      expect(truth.contacts).toHaveLength(300);

      expect(api.ids).toEqual(distinct);
      expect(api.auth.every((a) => a === 'Bearer test-key')).toBe(true);
      expect(stdout).toContain(
        `accepted ${distinct.size.toLocaleString('en')}`,
      );
      expect(stdout).toMatch(/events\/s/);
    } finally {
      api.server.close();
    }
  }, 60_000);

  it('explains a bad flag and exits with 2', async () => {
    const { code, stderr } = await runCli(['--out', out, '--days', 'lots']);
    expect(code).toBe(2);
    expect(stderr).toContain('--days');
    expect(stderr).toContain('Usage');
  }, 60_000);
});
