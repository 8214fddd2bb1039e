import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SG_DELIVERED } from '../src/webhooks/parsers/fixtures/sendgrid.examples';
import { SES_DELIVERY, snsNotification } from '../src/webhooks/parsers/fixtures/ses.examples';
import { makeSendGridKeyPair, makeSnsSigningCertificate, signSendGridBody, signSnsMessage } from '../src/webhooks/verifiers/fixtures/signing-keys';
import { ROOT, serverEnv } from './support/server-process';
import { startTestApp, TestApp } from './support/test-app';

/** `npm run mailpulse -- webhook:create …`, run as the built CLI (dist/apps/api/cli.js). */
function cli(...args: string[]) {
  const out = spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/cli.js'), 'webhook:create', ...args], { cwd: ROOT, env: serverEnv(0, { PUBLIC_URL: 'https://mailpulse.example.com' }), encoding: 'utf8' });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('npm run mailpulse -- webhook:create', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'mailpulse-webhook-cli-'));

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a SendGrid endpoint with its public key; --json prints the URL path and token, which then work', async () => {
    const { workspaceId } = await t.newWorkspace();
    const { privateKey, publicKeyBase64 } = makeSendGridKeyPair();
    const out = cli('--workspace', workspaceId, '--vendor', 'sendgrid', '--sendgrid-public-key', publicKeyBase64, '--json');
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const created = JSON.parse(out.stdout) as { token: string; path: string; url: string; vendor: string; workspaceId: string; verification: string };
    expect(created).toMatchObject({ vendor: 'sendgrid', workspaceId, verification: expect.stringMatching(/checked with the configured public key/) });
    expect(created.token).toMatch(/^mp_hook_[A-Za-z0-9_-]{32}$/);
    expect(created.path).toBe(`/v1/webhooks/sendgrid/${created.token}`);
    expect(created.url).toBe(`https://mailpulse.example.com${created.path}`);

    const body = JSON.stringify([{ ...SG_DELIVERED, timestamp: Math.floor(Date.now() / 1000) }]);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${t.baseUrl}${created.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': signSendGridBody(privateKey, timestamp, body), 'x-twilio-email-event-webhook-timestamp': timestamp },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, ignored: 0, rejected: [] });
  });

  it('creates an SES endpoint from a certificate file; the human output shows the path and token once', async () => {
    const { workspaceId } = await t.newWorkspace();
    const { privateKeyPem, certificatePem } = makeSnsSigningCertificate();
    const certFile = join(dir, 'sns.pem');
    writeFileSync(certFile, certificatePem);
    const out = cli('--workspace', workspaceId, '--vendor', 'ses', '--sns-certificate', certFile);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/path: {2}\/v1\/webhooks\/ses\/mp_hook_/);
    expect(out.stdout).toMatch(/shown once/);
    const path = /path: {2}(\S+)/.exec(out.stdout)![1]!;

    const at = new Date(Date.now() - 60_000).toISOString();
    const record = JSON.stringify(SES_DELIVERY).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, JSON.stringify(at));
    const signed = signSnsMessage(snsNotification(record, { Timestamp: at }), privateKeyPem);
    const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: JSON.stringify(signed) });
    expect(res.status).toBe(200);
    const forged = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: JSON.stringify({ ...signed, Subject: 'changed' }) });
    expect(forged.status).toBe(401);
  });

  it.each<[string, number, RegExp, string[]]>([
    ['no --workspace', 64, /--workspace: is required/, ['--vendor', 'mailgun']],
    ['an unknown vendor', 64, /--vendor: must be one of ses, sendgrid, mailgun, postmark/, ['--workspace', '00000000-0000-0000-0000-000000000000', '--vendor', 'sparkpost']],
    ['a flag of another vendor', 64, /--mailgun-signing-key: applies to --vendor mailgun, not sendgrid/, ['--workspace', '00000000-0000-0000-0000-000000000000', '--vendor', 'sendgrid', '--mailgun-signing-key', 'k']],
    ['malformed basic auth', 64, /--postmark-basic-auth: must be user:password/, ['--workspace', '00000000-0000-0000-0000-000000000000', '--vendor', 'postmark', '--postmark-basic-auth', 'nopassword']],
    ['an unreadable certificate file', 64, /--sns-certificate: cannot read/, ['--workspace', '00000000-0000-0000-0000-000000000000', '--vendor', 'ses', '--sns-certificate', '/nonexistent.pem']],
    ['an unknown option', 64, /Unknown option '--frobnicate'/, ['--workspace', '00000000-0000-0000-0000-000000000000', '--vendor', 'ses', '--frobnicate']],
    ['a workspace that does not exist', 1, /No workspace with id 00000000-0000-0000-0000-000000000000/, ['--workspace', '00000000-0000-0000-0000-000000000000', '--vendor', 'mailgun', '--mailgun-signing-key', 'k']],
    ['a workspace id that is not a uuid', 1, /No workspace with id acme/, ['--workspace', 'acme', '--vendor', 'mailgun']],
  ])('%s: exit %i with a message', (_name, status, message, args) => {
    const out = cli(...args);
    expect(out.status).toBe(status);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
  });
});
